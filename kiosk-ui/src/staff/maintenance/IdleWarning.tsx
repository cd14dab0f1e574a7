import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** "Leaving maintenance in n seconds", with a button to stay. */
export function IdleWarning({
  t,
  secondsLeft,
  onStay,
}: {
  t: StaffTranslate;
  secondsLeft: number;
  onStay: () => void;
}) {
  return (
    <p class="warning-box" role="alert" data-testid="maintenance-idle">
      {t('maintenance.idleWarning', { n: secondsLeft })}{' '}
      <button type="button" class="button primary" onClick={onStay}>
        {t('maintenance.stay')}
      </button>
    </p>
  );
}
