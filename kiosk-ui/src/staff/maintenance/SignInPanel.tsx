import type { StaffTranslate } from '../../i18n/staff-i18n.ts';
import { PinLogin } from '../PinLogin.tsx';
import { technicianToken } from '../staff-api.ts';
import { TECHNICIAN_LOGIN_PATH } from './technician-api.ts';

/** Entering maintenance mode: the technician PIN on the number pad, or a technician ID card. */
export function SignInPanel({
  t,
  error,
  onSignedIn,
  onCardLogin,
}: {
  t: StaffTranslate;
  error: string | null;
  onSignedIn: () => void;
  onCardLogin: () => void;
}) {
  return (
    <>
      <PinLogin
        t={t}
        onSignedIn={onSignedIn}
        loginPath={TECHNICIAN_LOGIN_PATH}
        store={technicianToken}
        prompt="maintenance.enterPin"
      />
      <div class="row">
        <button type="button" class="button secondary" data-testid="card-login" onClick={onCardLogin}>
          {t('maintenance.useCard')}
        </button>
      </div>
      {error && (
        <p class="warning-box" role="status">
          {error}
        </p>
      )}
    </>
  );
}
