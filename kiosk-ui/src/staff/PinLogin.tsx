import { useState } from 'preact/hooks';
import { PinLoginResponse, type PinLoginRequest } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../i18n/staff-i18n.ts';
import { failureText, StaffApiError, staffRequest, tokenStore, type TokenStore } from './staff-api.ts';

/** `14:05`: the time of day on this screen's clock (the counter's and the hall's are the same). */
function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Sign in with a PIN on a number pad (the hall's screens have no keyboard): staff, or technicians. */
export function PinLogin({
  t,
  onSignedIn,
  loginPath = '/api/staff/login',
  store = tokenStore,
  prompt = 'staff.enterPin',
  now = () => Date.now(),
}: {
  t: StaffTranslate;
  onSignedIn: () => void;
  loginPath?: string;
  store?: TokenStore;
  prompt?: 'staff.enterPin' | 'maintenance.enterPin';
  /** The time now (injected for tests): a lock-out says the time of day it ends. */
  now?: () => number;
}) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      const { token } = await staffRequest(
        PinLoginResponse,
        'POST',
        loginPath,
        { pin } satisfies PinLoginRequest,
        store,
      );
      store.set(token);
      onSignedIn();
    } catch (e) {
      const refused = e instanceof StaffApiError && e.kind === 'refused' ? e : null;
      if (refused?.status === 429) {
        const seconds = refused.body?.retryAfterSeconds ?? 0;
        setMessage(t('staff.locked', { n: seconds, time: clockTime(now() + seconds * 1000) }));
      } else if (refused?.status === 400) setMessage(t('staff.pinTooShort'));
      else if (refused?.status === 401)
        setMessage(t('staff.wrongPin', { n: refused.body?.attemptsLeft ?? 0 }));
      else setMessage(failureText(e, t));
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="pin-login"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label class="lead" for="pin">
        {t(prompt)}
      </label>
      <input
        id="pin"
        class="pin-display"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={pin}
        readOnly
        data-testid="pin"
      />
      <div class="pin-pad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'].map((k) => (
          <button
            key={k}
            type={k === 'OK' ? 'submit' : 'button'}
            class={k === 'OK' ? 'button primary' : 'button secondary'}
            disabled={busy || (k === 'OK' && pin.length === 0)}
            aria-label={k === '⌫' ? t('staff.deleteDigit') : k === 'OK' ? t('staff.signIn') : k}
            data-testid={`pin-${k === '⌫' ? 'back' : k}`}
            onClick={
              k === 'OK'
                ? undefined
                : () => setPin((p) => (k === '⌫' ? p.slice(0, -1) : (p + k).slice(0, 12)))
            }
          >
            {k === 'OK' ? t('staff.signIn') : k}
          </button>
        ))}
      </div>
      {message && (
        <p class="warning-box" role="alert" data-testid="pin-message">
          {message}
        </p>
      )}
    </form>
  );
}
