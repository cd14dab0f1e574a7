import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { DeviceStatus, Locale } from '@hall-kiosk/shared';
import { translator } from '../i18n/i18n.ts';
import { PinLogin } from './PinLogin.tsx';
import { staffRequest, technicianToken } from './staff-api.ts';

type Overview = {
  version: string;
  node: string;
  uptimeSeconds: number;
  devices: DeviceStatus[];
  statistics: Record<string, Record<string, number>>;
  ratings: { outbox: { pending: number; delivered: number; rejected: number } };
  config: unknown;
  printProblemList: {
    id: number;
    number: string | null;
    device: string;
    state: string;
    failure: string | null;
    updatedAt: string;
  }[];
};
type Check = { device: string; level: string; result: string; text: string };
type Event = {
  id: number;
  at: string;
  device: string;
  state: string;
  paper: string | null;
  detail: string | null;
};

const LEVELS = ['internal', 'external', 'interactive'] as const;
/** Without a touch for this long the page warns, then leaves maintenance mode. */
const IDLE_MS = 4 * 60_000;
const WARN_S = 60;

const request = <T,>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  staffRequest<T>(method, path, body, technicianToken);

/**
 * Maintenance mode on the kiosk's own screen (reached by the hidden gesture on the attract screen):
 * every device's state, the three health checks, statistics with a confirmed reset, the event log,
 * print problems, the rating outbox, versions, the configuration with secrets hidden, reconnect,
 * and the diagnostics bundle. It warns, then leaves by itself after a few idle minutes.
 */
export function MaintenanceApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = translator(locale);
  const [signedIn, setSignedIn] = useState(() => technicianToken.get() !== null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [events, setEvents] = useState<Event[]>([]);
  const [filter, setFilter] = useState<{ device: string; problems: boolean }>({
    device: '',
    problems: false,
  });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [idleLeft, setIdleLeft] = useState<number | null>(null);

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('maintenance.title');
  }, [locale]);

  const leave = async () => {
    await request('POST', '/api/tech/logout', {}).catch(() => undefined);
    technicianToken.clear();
    window.location.assign('/');
  };

  const guard = async (fn: () => Promise<void>) => {
    try {
      setError(null);
      await fn();
    } catch (e) {
      if (!technicianToken.get()) setSignedIn(false);
      setError((e as Error).message);
    }
  };

  const load = () =>
    guard(async () => {
      setOverview(await request<Overview>('GET', '/api/tech/overview'));
      const q = new URLSearchParams({
        limit: '50',
        ...(filter.device ? { device: filter.device } : {}),
        ...(filter.problems ? { problems: '1' } : {}),
      });
      setEvents((await request<{ events: Event[] }>('GET', `/api/tech/events?${q}`)).events);
    });

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, filter.device, filter.problems]);

  // Idle: warn, count down, leave.
  useEffect(() => {
    if (!signedIn) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
      setIdleLeft(null);
    };
    window.addEventListener('pointerdown', touch, true);
    const id = setInterval(() => {
      const idle = Date.now() - last;
      if (idle >= IDLE_MS + WARN_S * 1000) void leave();
      else if (idle >= IDLE_MS) setIdleLeft(Math.ceil((IDLE_MS + WARN_S * 1000 - idle) / 1000));
    }, 1000);
    return () => {
      clearInterval(id);
      window.removeEventListener('pointerdown', touch, true);
    };
  }, [signedIn]);

  const check = (device: string, level: string) =>
    guard(async () => {
      setChecks((c) => ({ ...c, [device]: { device, level, result: 'running', text: '…' } }));
      const r = await request<Check>('POST', '/api/tech/check', { device, level });
      setChecks((c) => ({ ...c, [device]: r }));
      await load();
    });

  const exportBundle = () =>
    guard(async () => {
      const bundle = await request<unknown>('GET', '/api/tech/bundle');
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
      a.download = `kiosk-diagnostics-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
      a.click();
    });

  const header = (
    <header class="shell-bar">
      <h1 class="shell-title">{t('maintenance.title')}</h1>
      <div class="row">
        <button
          type="button"
          class="button secondary"
          lang={locale === 'zh' ? 'en' : 'zh-CN'}
          onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
        >
          {t('lang.other')}
        </button>
        <button
          type="button"
          class="button secondary"
          data-testid="leave-maintenance"
          onClick={() => void leave()}
        >
          {t('maintenance.leave')}
        </button>
      </div>
    </header>
  );

  if (!signedIn) {
    return (
      <div class="shell staff">
        {header}
        <main class="shell-main">
          <PinLogin
            t={t}
            onSignedIn={() => setSignedIn(true)}
            loginPath="/api/tech/login"
            store={technicianToken}
            prompt="maintenance.enterPin"
          />
          <div class="row">
            <button
              type="button"
              class="button secondary"
              data-testid="card-login"
              onClick={() =>
                void guard(async () => {
                  setError(t('identify.placeCard'));
                  const { token } = await request<{ token: string }>('POST', '/api/tech/card-login', {});
                  technicianToken.set(token);
                  setError(null);
                  setSignedIn(true);
                })
              }
            >
              {t('maintenance.useCard')}
            </button>
          </div>
          {error && (
            <p class="warning-box" role="status">
              {error}
            </p>
          )}
        </main>
      </div>
    );
  }
  const o = overview;
  return (
    <div class="shell staff maintenance">
      {header}
      <main class="shell-main stack">
        {idleLeft !== null && (
          <p class="warning-box" role="alert" data-testid="maintenance-idle">
            {t('maintenance.idleWarning', { n: idleLeft })}{' '}
            <button type="button" class="button primary" onClick={() => setIdleLeft(null)}>
              {t('maintenance.stay')}
            </button>
          </p>
        )}
        {error && (
          <p class="warning-box" role="alert">
            {error}
          </p>
        )}
        {o && (
          <p class="meta" data-testid="versions">
            {t('maintenance.version', {
              version: o.version,
              node: o.node,
              hours: Math.round(o.uptimeSeconds / 360) / 10,
            })}
          </p>
        )}
        <h2>{t('maintenance.devices')}</h2>
        <p class="meta">{t('maintenance.interactiveHint')}</p>
        <table class="maintenance-table" data-testid="device-table">
          <tbody>
            {o?.devices.map((d) => (
              <tr key={d.device} data-testid={`device-${d.device}`}>
                <th scope="row">{d.device}</th>
                <td>
                  <strong>{d.state}</strong> {d.paper ? `· paper ${d.paper}` : ''} {d.detail ?? ''}
                  <br />
                  <span class="meta">{d.connection}</span>
                  {checks[d.device] && (
                    <p
                      class={checks[d.device]!.result === 'ok' ? 'notice-box' : 'warning-box'}
                      data-testid={`check-${d.device}`}
                    >
                      {checks[d.device]!.level}: {checks[d.device]!.result} — {checks[d.device]!.text}
                    </p>
                  )}
                </td>
                <td class="row">
                  {LEVELS.map((level) => (
                    <button
                      key={level}
                      type="button"
                      class="button secondary"
                      data-testid={`check-${d.device}-${level}`}
                      onClick={() => void check(d.device, level)}
                    >
                      {t(`maintenance.check.${level}`)}
                    </button>
                  ))}
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() =>
                      void guard(async () => {
                        await request('POST', '/api/tech/reconnect', { device: d.device });
                        await load();
                      })
                    }
                  >
                    {t('maintenance.reconnect')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('maintenance.statistics')}</h2>
        <table class="maintenance-table" data-testid="statistics">
          <tbody>
            {o &&
              Object.entries(o.statistics).map(([device, stats]) => (
                <tr key={device}>
                  <th scope="row">{device}</th>
                  <td>
                    {Object.entries(stats)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(' · ') || '—'}
                  </td>
                  <td>
                    {confirming === device ? (
                      <span class="row">
                        {t('maintenance.confirmReset', { device })}
                        <button
                          type="button"
                          class="button primary"
                          data-testid={`confirm-reset-${device}`}
                          onClick={() =>
                            void guard(async () => {
                              await request('POST', '/api/tech/statistics/reset', { device, confirm: true });
                              setConfirming(null);
                              await load();
                            })
                          }
                        >
                          {t('maintenance.confirm')}
                        </button>
                        <button type="button" class="button secondary" onClick={() => setConfirming(null)}>
                          {t('maintenance.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        class="button secondary"
                        data-testid={`reset-${device}`}
                        onClick={() => setConfirming(device)}
                      >
                        {t('maintenance.reset')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {o && <p data-testid="outbox">{t('maintenance.outbox', o.ratings.outbox)}</p>}
        <h2>{t('maintenance.printProblems')}</h2>
        <ol class="event-list" data-testid="print-problems">
          {o?.printProblemList.map((j) => (
            <li key={j.id}>
              {j.updatedAt.replace('T', ' ').slice(0, 19)} · {j.device} · {j.number ?? '—'} · {j.state}
              {j.failure ? ` · ${j.failure}` : ''}
            </li>
          ))}
        </ol>
        <h2>{t('maintenance.events')}</h2>
        <div class="row">
          <button
            type="button"
            class={filter.device === '' ? 'button primary' : 'button secondary'}
            aria-pressed={filter.device === ''}
            onClick={() => setFilter({ ...filter, device: '' })}
          >
            {t('maintenance.allDevices')}
          </button>
          {o?.devices.map((d) => (
            <button
              key={d.device}
              type="button"
              class={filter.device === d.device ? 'button primary' : 'button secondary'}
              aria-pressed={filter.device === d.device}
              onClick={() => setFilter({ ...filter, device: d.device })}
            >
              {d.device}
            </button>
          ))}
          <button
            type="button"
            class={filter.problems ? 'button primary' : 'button secondary'}
            aria-pressed={filter.problems}
            data-testid="problems-only"
            onClick={() => setFilter({ ...filter, problems: !filter.problems })}
          >
            {t('maintenance.problemsOnly')}
          </button>
        </div>
        <ol class="event-list" data-testid="events">
          {events.map((e) => (
            <li key={e.id}>
              {e.at.replace('T', ' ').slice(0, 19)} · {e.device} · {e.state}
              {e.paper ? ` · paper ${e.paper}` : ''}
              {e.detail ? ` · ${e.detail}` : ''}
            </li>
          ))}
        </ol>
        <div class="row">
          <button
            type="button"
            class="button primary"
            data-testid="export-bundle"
            onClick={() => void exportBundle()}
          >
            {t('maintenance.bundle')}
          </button>
        </div>
        <h2>{t('maintenance.config')}</h2>
        <pre class="config" data-testid="config" tabIndex={0} aria-label={t('maintenance.config')}>
          {o ? JSON.stringify(o.config, null, 2) : ''}
        </pre>
      </main>
    </div>
  );
}
