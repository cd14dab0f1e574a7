import { useState } from 'preact/hooks';
import type { StaffTranslate } from '../i18n/staff-i18n.ts';
import { failureText, type TokenStore } from './staff-api.ts';

/**
 * What the counter and maintenance pages share: whether they are signed in (a token in `store`), the
 * last failure to show, and `guard`, which runs a request so that a failure is shown and a refused
 * token (dropped from the store by the request) signs the page out.
 */
export function useSignedInRequests(t: StaffTranslate, store: TokenStore) {
  const [signedIn, setSignedIn] = useState(() => store.get() !== null);
  const [error, setError] = useState<string | null>(null);
  const guard = async (fn: () => Promise<void>) => {
    try {
      setError(null);
      await fn();
    } catch (e) {
      if (!store.get()) setSignedIn(false);
      setError(failureText(e, t));
    }
  };
  return { signedIn, setSignedIn, error, setError, guard };
}
