import type { Locale } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** The title bar: the other language, and leaving maintenance mode. */
export function MaintenanceHeader({
  t,
  locale,
  onLocale,
  onLeave,
}: {
  t: StaffTranslate;
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onLeave: () => void;
}) {
  return (
    <header class="shell-bar">
      <h1 class="shell-title">{t('maintenance.title')}</h1>
      <div class="row">
        <button
          type="button"
          class="button secondary"
          lang={locale === 'zh' ? 'en' : 'zh-CN'}
          onClick={() => onLocale(locale === 'zh' ? 'en' : 'zh')}
        >
          {t('lang.other')}
        </button>
        <button type="button" class="button secondary" data-testid="leave-maintenance" onClick={onLeave}>
          {t('maintenance.leave')}
        </button>
      </div>
    </header>
  );
}
