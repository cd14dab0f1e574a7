import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from './hall-api.ts';
import { SIGN_IN_TEXT as TEXT } from './sign-in-words.ts';
import { words } from './text.ts';

/** The signed-in staff member (GET /api/staff/me). */
export type StaffMe = { id: number; number: string; name: string; role: 'counter' | 'supervisor' | 'admin' };

const RANK = { counter: 1, supervisor: 2, admin: 3 } as const;

/**
 * The hall pages' staff session: the HttpOnly cookie set at sign-in is the session, so the page asks
 * the server who is signed in (`/api/staff/me`) on load and after signing in.
 */
export function useStaffSession() {
  const [me, setMe] = useState<StaffMe | null | undefined>(undefined);
  const refresh = async () => {
    try {
      const me = (await hallRequest('GET', '/api/staff/me')) as StaffMe | null;
      setMe(me && typeof me.number === 'string' && me.role in RANK ? me : null);
    } catch {
      setMe(null);
    }
  };
  useEffect(() => void refresh(), []);
  const signOut = async () => {
    await hallRequest('POST', '/api/staff/logout', { body: {} }).catch(() => undefined);
    setMe(null);
  };
  return { me, refresh, signOut };
}

/** Whether a role may use a page meant for `needed` (higher roles include lower). */
export const mayUse = (role: StaffMe['role'], needed: StaffMe['role']) => RANK[role] >= RANK[needed];

/** Sign in with 工号 and PIN (a keyboard is at every supervisor's and admin's desk). */
export function StaffSignIn({ locale, onSignedIn }: { locale: Locale; onSignedIn: () => void }) {
  const t = words(TEXT, locale);
  const [number, setNumber] = useState('');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await hallRequest('POST', '/api/staff/login', { body: { number: number.trim(), pin } });
      setPin('');
      onSignedIn();
    } catch (err) {
      const code = err instanceof HallApiError ? err.code : null;
      const body = err instanceof HallApiError ? err.body : null;
      if (code === 'locked') setMessage(t('locked', { n: Number(body?.['retryAfterSeconds'] ?? 0) }));
      else if (code === 'tooShort') setMessage(t('tooShort'));
      else if (err instanceof HallApiError && err.status === 401)
        setMessage(t('wrongPin', { n: Number(body?.['attemptsLeft'] ?? 0) }));
      else setMessage(t('unreachable'));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="hall-sign-in" onSubmit={(e) => void submit(e)}>
      <label>
        {t('number')}
        <input
          name="number"
          autoComplete="username"
          required
          maxLength={16}
          value={number}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('pin')}
        <input
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          required
          maxLength={64}
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button primary" disabled={busy}>
        {t('signIn')}
      </button>
      {message && (
        <p class="warning-box" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}

/** Said when someone signed in has a role too low for the page. */
export function notAllowedText(locale: Locale, needed: StaffMe['role']): string {
  const t = words(TEXT, locale);
  return t('notAllowed', { role: t(`role.${needed}`) });
}
