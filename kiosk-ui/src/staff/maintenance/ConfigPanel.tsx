import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** The configuration as the daemon shows it to technicians (secrets hidden). */
export function ConfigPanel({ t, config }: { t: StaffTranslate; config: unknown }) {
  return (
    <>
      <h2>{t('maintenance.config')}</h2>
      <pre class="config" data-testid="config" tabIndex={0} aria-label={t('maintenance.config')}>
        {config === undefined ? '' : JSON.stringify(config, null, 2)}
      </pre>
    </>
  );
}
