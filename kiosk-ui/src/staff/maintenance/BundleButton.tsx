import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** Exports the diagnostics bundle as a JSON download. */
export function BundleButton({ t, onExport }: { t: StaffTranslate; onExport: () => void }) {
  return (
    <div class="row">
      <button type="button" class="button primary" data-testid="export-bundle" onClick={onExport}>
        {t('maintenance.bundle')}
      </button>
    </div>
  );
}
