import { useEffect, useRef, useState } from 'preact/hooks';
import { HelpCallAcknowledged, SupervisorOverview, type Locale } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import { useLiveFeed } from '../common/useLiveFeed.ts';
import { duration, levels, reasons, timeOfDay, type SupervisorT } from './format.ts';
import type { HallLayout } from './SupervisorApp.tsx';

/** The overview is also fetched this often: 帮办 calls, ratings and pauses are not ticket events. */
export const POLL_MS = 5000;
/** Ticket events coalesce into at most one fetch per this. */
const EVENT_COALESCE_MS = 1000;

/** The hall now: 帮办 calls first, then waiting per area, the windows, people today, the hall today. */
export function LiveView({ t, locale, layout }: { t: SupervisorT; locale: Locale; layout: HallLayout }) {
  const [view, setView] = useState<SupervisorOverview | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = async () => {
    try {
      setView(await hallRequest('GET', '/api/supervisor/overview', { schema: SupervisorOverview }));
      setFailed(null);
    } catch (e) {
      setFailed(e instanceof HallApiError ? e.message : String(e));
    }
  };
  const soon = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void load();
    }, EVENT_COALESCE_MS);
  };
  const feed = useLiveFeed('/api/supervisor/events', { resync: load, event: soon });
  useEffect(() => {
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
    };
  }, []);

  const acknowledge = async (id: number) => {
    try {
      await hallRequest('POST', `/api/supervisor/help/${id}/acknowledge`, {
        body: {},
        schema: HelpCallAcknowledged,
      });
    } catch (e) {
      setFailed(e instanceof HallApiError ? e.message : String(e));
    }
    await load();
  };

  if (!view) return <p role="status">{failed ?? t('loading')}</p>;
  const areaName = (id: string) => layout.areas.find((a) => a.id === id)?.name[locale] ?? id;
  const stale = feed === 'lost' || failed !== null;
  return (
    <div class={stale ? 'live stale' : 'live'}>
      <p class={stale ? 'warning-box' : 'desk-meta'} role="status">
        {stale ? (failed ?? t('lost')) : `${t('live')} · ${t('updated', { time: timeOfDay(view.now) })}`}
      </p>

      <section class={view.help.length ? 'help-calls open' : 'help-calls'} aria-labelledby="help-title">
        <h2 id="help-title">{t('helpTitle')}</h2>
        {view.help.length === 0 && <p>{t('helpNone')}</p>}
        <ul>
          {view.help.map((h) => (
            <li key={h.id} class="help-call">
              <span>
                {t('helpCall', {
                  location: h.location || '—',
                  device: h.deviceId,
                  time: timeOfDay(h.requestedAt),
                })}
              </span>
              <button type="button" class="button primary" onClick={() => void acknowledge(h.id)}>
                {t('acknowledge')}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="areas-title">
        <h2 id="areas-title">{t('areasTitle')}</h2>
        <table class="desk-table">
          <thead>
            <tr>
              <th>{t('area')}</th>
              <th class="num">{t('waiting')}</th>
              <th class="num">{t('priority')}</th>
              <th class="num">{t('longestNow')}</th>
            </tr>
          </thead>
          <tbody>
            {view.areas.map((a) => (
              <tr key={a.areaId} data-area={a.areaId}>
                <td>{areaName(a.areaId)}</td>
                <td class="num big">{a.waiting}</td>
                <td class="num">{a.priorityWaiting}</td>
                <td class="num">{duration(t, a.longestWaitSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="windows-title">
        <h2 id="windows-title">{t('windowsTitle')}</h2>
        <table class="desk-table">
          <thead>
            <tr>
              <th>{t('window')}</th>
              <th>{t('staff')}</th>
              <th>{t('current')}</th>
              <th class="num">{t('served')}</th>
              <th class="num">{t('noShow')}</th>
              <th class="num">{t('avgService')}</th>
            </tr>
          </thead>
          <tbody>
            {view.windows.map((w) => (
              <tr key={w.counterId} data-window={w.counterId} class={w.paused ? 'paused' : ''}>
                <td>
                  {w.name}
                  {w.paused && (
                    <span class="tag">
                      {t('paused', { time: w.pausedSince ? timeOfDay(w.pausedSince) : '—' })}
                    </span>
                  )}
                </td>
                <td>{w.staff ? `${w.staff.name}（${w.staff.number}）` : '—'}</td>
                <td class="ticket-no">{w.current ?? '—'}</td>
                <td class="num">{w.served}</td>
                <td class="num">{w.noShow}</td>
                <td class="num">{duration(t, w.avgServiceSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="desk-meta">{t('idle', { n: view.idleWindows })}</p>
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">{t('peopleTitle')}</h2>
        <table class="desk-table">
          <thead>
            <tr>
              <th>{t('staff')}</th>
              <th class="num">{t('served')}</th>
              <th class="num">{t('avgService')}</th>
              <th class="num">{t('ratings')}</th>
              <th class="num">{t('bad')}</th>
              <th>{t('reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {view.people.map((p) => (
              <tr key={p.staffId ?? 'nobody'}>
                <td>{p.number ? `${p.name}（${p.number}）` : t('nobody')}</td>
                <td class="num">{p.served}</td>
                <td class="num">{duration(t, p.avgServiceSeconds)}</td>
                <td class="num">{levels(p.ratings)}</td>
                <td class="num">{p.ratings.bad}</td>
                <td>{reasons(t, p.ratings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t('totalsTitle')}</h2>
        <dl class="totals">
          <dt>{t('issued')}</dt>
          <dd>{view.totals.issued}</dd>
          <dt>{t('served')}</dt>
          <dd>{view.totals.served}</dd>
          <dt>{t('noShow')}</dt>
          <dd>{view.totals.noShow}</dd>
          <dt>{t('avgWait')}</dt>
          <dd>{duration(t, view.totals.avgWaitSeconds)}</dd>
          <dt>{t('avgService')}</dt>
          <dd>{duration(t, view.totals.avgServiceSeconds)}</dd>
          <dt>{t('ratings')}</dt>
          <dd>{levels(view.totals.ratings)}</dd>
          <dt>{t('kioskRatings')}</dt>
          <dd>{levels(view.totals.kioskRatings)}</dd>
        </dl>
      </section>
    </div>
  );
}
