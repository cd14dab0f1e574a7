import type { Translate } from '../i18n/i18n.ts';

/** Language and 关怀模式, one tap away on every screen. */
export function Switches({
  t,
  care,
  onToggleLocale,
  onToggleCare,
}: {
  t: Translate;
  care: boolean;
  onToggleLocale: () => void;
  onToggleCare: () => void;
}) {
  return (
    <div class="shell-switches">
      <button type="button" class="switch" aria-label={t('lang.otherLabel')} onClick={onToggleLocale}>
        {t('lang.other')}
      </button>
      <button
        type="button"
        class="switch"
        data-testid="care-toggle"
        aria-pressed={care}
        aria-label={care ? t('care.leaveLabel') : t('care.enterLabel')}
        onClick={onToggleCare}
      >
        {care ? t('care.leave') : t('care.enter')}
      </button>
    </div>
  );
}
