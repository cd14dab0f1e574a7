import { useEffect, useState } from 'preact/hooks';
import {
  CounterActionResponse,
  CountersResponse,
  CounterView,
  EmptyResponse,
  type CounterAction,
  type CounterActionRequest,
} from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';
import { staffRequest, tokenStore, type TokenStore } from '../staff-api.ts';
import { useSignedInRequests } from '../useSignedInRequests.ts';

/** How often the counter page refreshes its queue (ms). */
const REFRESH_MS = 3000;

/**
 * The counter page's state and actions over the staff API: signed in or not, the counters and areas,
 * the chosen counter's view (refreshed every few seconds), and the error of the last failed request.
 */
export function useCounterApi(t: StaffTranslate, store: TokenStore = tokenStore) {
  const { signedIn, setSignedIn, error, guard } = useSignedInRequests(t, store);
  const [setup, setSetup] = useState<CountersResponse | null>(null);
  const [counterId, setCounterId] = useState<string | null>(null);
  const [view, setView] = useState<CounterView | null>(null);

  useEffect(() => {
    if (signedIn)
      void guard(async () =>
        setSetup(await staffRequest(CountersResponse, 'GET', '/api/staff/counters', undefined, store)),
      );
  }, [signedIn]);

  useEffect(() => {
    if (!signedIn || !counterId) return;
    const load = () =>
      guard(async () =>
        setView(await staffRequest(CounterView, 'GET', `/api/staff/counters/${counterId}`, undefined, store)),
      );
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [signedIn, counterId]);

  return {
    signedIn,
    setup,
    counterId,
    view,
    error,
    signIn: () => setSignedIn(true),
    chooseCounter: setCounterId,
    /** Runs a counter action; `then` runs once the daemon has done it. */
    act: (action: CounterAction, toAreaId: string | undefined, then: () => void) =>
      guard(async () => {
        const body = { action, ...(toAreaId ? { toAreaId } : {}) } satisfies CounterActionRequest;
        const r = await staffRequest(
          CounterActionResponse,
          'POST',
          `/api/staff/counters/${counterId}`,
          body,
          store,
        );
        setView(r.view);
        then();
      }),
    signOut: () =>
      void staffRequest(EmptyResponse, 'POST', '/api/staff/logout', undefined, store).finally(() => {
        store.clear();
        setSignedIn(false);
        setCounterId(null);
      }),
  };
}
