import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DeviceEvent, HealthLevel, HealthResult, Overview } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';
import { technicianToken, type TokenStore } from '../staff-api.ts';
import { technicianApi } from './technician-api.ts';
import { useSignedInRequests } from '../useSignedInRequests.ts';

/** A health check as the device table shows it: running, or its result. */
export type CheckShown = Pick<HealthResult, 'level' | 'text'> & {
  device: string;
  result: HealthResult['result'] | 'running';
};

export type EventFilter = { device: string; problems: boolean };

/**
 * The maintenance page's state and actions over the technician API: signed in or not, the overview,
 * the event log under its filter, health checks by device, and the error of the last failed request
 * (a refusal, or an answer the page could not read). Reloads when signing in and when the filter changes.
 */
export function useTechnicianApi(t: StaffTranslate, store: TokenStore = technicianToken) {
  const api = useMemo(() => technicianApi(store), [store]);
  const { signedIn, setSignedIn, error, setError, guard } = useSignedInRequests(t, store);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [checks, setChecks] = useState<Record<string, CheckShown>>({});
  const [events, setEvents] = useState<DeviceEvent[]>([]);
  const [filter, setFilter] = useState<EventFilter>({ device: '', problems: false });

  const load = () =>
    guard(async () => {
      setOverview(await api.overview());
      const q = { limit: 50, device: filter.device, problemsOnly: filter.problems };
      setEvents((await api.events(q)).events);
    });

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, filter.device, filter.problems]);

  const leave = async () => {
    await api.logout().catch(() => undefined);
    store.clear();
    window.location.assign('/');
  };

  return {
    signedIn,
    overview,
    checks,
    events,
    filter,
    setFilter,
    error,
    leave,
    signIn: () => setSignedIn(true),
    cardLogin: () =>
      guard(async () => {
        setError(t('identify.placeCard'));
        const { token } = await api.cardLogin();
        store.set(token);
        setError(null);
        setSignedIn(true);
      }),
    check: (device: string, level: HealthLevel) =>
      guard(async () => {
        setChecks((c) => ({ ...c, [device]: { device, level, result: 'running', text: '…' } }));
        const r = await api.check(device, level);
        setChecks((c) => ({ ...c, [device]: r }));
        await load();
      }),
    reconnect: (device: string) =>
      guard(async () => {
        await api.reconnect(device);
        await load();
      }),
    /** Resets a device's statistics; `then` runs once it is done (closing the confirmation). */
    resetStatistics: (device: string, then: () => void) =>
      guard(async () => {
        await api.resetStatistics(device);
        then();
        await load();
      }),
    exportBundle: () =>
      guard(async () => {
        const bundle = await api.bundle();
        const a = document.createElement('a');
        a.href = URL.createObjectURL(
          new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }),
        );
        a.download = `kiosk-diagnostics-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
        a.click();
      }),
  };
}

export type TechnicianState = ReturnType<typeof useTechnicianApi>;
