import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from './hall-api.ts';
import { words, type Words } from './text.ts';

/** The signed-in staff member (GET /api/staff/me). */
export type StaffMe = { id: number; number: string; name: string; role: 'counter' | 'supervisor' | 'admin' };

const RANK = { counter: 1, supervisor: 2, admin: 3 } as const;

const TEXT = {
  number: { zh: '工号', en: 'Staff number' },
  pin: { zh: '密码（PIN）', en: 'PIN' },
  signIn: { zh: '登录', en: 'Sign in' },
  wrongPin: { zh: '工号或密码不正确（还可尝试 {n} 次）', en: 'Wrong staff number or PIN ({n} tries left)' },
  locked: { zh: '错误次数过多，请 {n} 秒后再试', en: 'Too many wrong PINs: try again in {n} s' },
  tooShort: { zh: '密码至少 6 位', en: 'A PIN has at least 6 digits' },
  unreachable: { zh: '无法连接大厅服务器', en: 'The hall server cannot be reached' },
  notAllowed: {
    zh: '此页面仅供{role}使用，请用相应账号登录',
    en: 'This page is for the {role} role: sign in with such an account',
  },
} satisfies Words<string>;

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
export function notAllowedText(locale: Locale, role: string): string {
  return words(TEXT, locale)('notAllowed', { role });
}
