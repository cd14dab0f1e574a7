import { useEffect, useRef, useState } from 'preact/hooks';
import type { HallCounterLayout, HallCounterState, HallMatterList, Locale } from '@hall-kiosk/shared';
import type { words } from '../common/text.ts';
import type { FeedState } from '../common/useLiveFeed.ts';
import type { COUNTER_WORDS } from './messages.ts';

type T = ReturnType<typeof words<keyof typeof COUNTER_WORDS>>;

export type DeskAction =
  'call-next' | 'recall' | 'done' | 'no-show' | 'transfer' | 'pause' | 'resume' | 'matter';

/** The function keys of the desk, shown on its buttons. */
export const SHORTCUTS = {
  F1: 'call-next',
  F2: 'recall',
  F3: 'done',
  F4: 'no-show',
  F6: 'transfer',
  F8: 'pause',
} as const;

/** `14:05` in the hall's time zone. */
function timeOf(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(iso));
  } catch {
    return iso.slice(11, 16);
  }
}

/**
 * The current ticket's matter (事项) and, for the person at the window when the hall knows matters,
 * a picker to set or change the matter handled before done (the one the report and the rating count).
 */
function MatterLine({
  t,
  locale,
  state,
  matters,
  canSet,
  working,
  onSet,
}: {
  t: T;
  locale: Locale;
  state: HallCounterState;
  matters: HallMatterList['matters'];
  canSet: boolean;
  working: boolean;
  onSet: (matterId: string | null) => void;
}) {
  const matter = state.current?.matter ?? null;
  const label = (m: { id: string; name: { zh: string; en: string } | null }) =>
    m.name ? `${m.name[locale]} (${m.id})` : m.id;
  // The matters of the areas the window serves and of the ticket's area; the ticket's own matter
  // stays choosable even when it is of neither.
  const areas = new Set([...state.counter.areaIds, ...(state.current ? [state.current.areaId] : [])]);
  const ofAreas = matters.filter((m) => areas.has(m.areaId));
  const choices = matter && !ofAreas.some((m) => m.id === matter.id) ? [matter, ...ofAreas] : ofAreas;
  return (
    <p class="counter-matter" data-testid="current-matter">
      <span class="meta">{t('matter')}：</span>
      <span data-testid="matter-name">{matter ? label(matter) : t('noMatter')}</span>
      {canSet && choices.length > 0 && (
        <select
          class="counter-input"
          aria-label={t('setMatter')}
          data-testid="matter-picker"
          value={matter?.id ?? ''}
          disabled={working}
          onChange={(e) => onSet(e.currentTarget.value || null)}
        >
          <option value="">{t('noMatter')}</option>
          {choices.map((m) => (
            <option key={m.id} value={m.id}>
              {label(m)}
            </option>
          ))}
        </select>
      )}
    </p>
  );
}

/**
 * One window at work: the ticket being served (large) with its matter, the actions with their function keys, the
 * transfer panel (an area or one window), waiting per area and the tickets sent to this window.
 */
export function CounterDesk({
  t,
  locale,
  layout,
  state,
  matters = [],
  mine,
  feed,
  working,
  onAct,
  onReopen,
}: {
  t: T;
  locale: Locale;
  layout: HallCounterLayout;
  state: HallCounterState;
  /** The hall's matters (`GET /api/matters`), for the picker; none: no picker. */
  matters?: HallMatterList['matters'];
  /** Whether the signed-in person is the one working at this window now. */
  mine: boolean;
  feed: FeedState;
  working: boolean;
  onAct: (action: DeskAction, body?: unknown) => void;
  onReopen: () => void;
}) {
  const [transferring, setTransferring] = useState(false);
  const [toWindow, setToWindow] = useState('');
  const current = state.current;
  const areaName = (id: string) => layout.areas.find((a) => a.id === id)?.name[locale] ?? id;
  const counterName = (id: string) => layout.counters.find((c) => c.id === id)?.name ?? id;
  const others = layout.counters.filter((c) => c.id !== state.counter.id);
  const can = {
    'call-next': mine && !state.counter.paused,
    recall: mine && current !== null,
    done: mine && current !== null,
    'no-show': mine && current !== null,
    transfer: mine && current !== null,
    pause: mine,
  };

  const transfer = (body: { toAreaId: string } | { toCounterId: string }) => {
    setTransferring(false);
    onAct('transfer', body);
  };

  // Function keys, for staff who call all day. A held key does not repeat the action.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && transferring) {
      setTransferring(false);
      return;
    }
    const action = SHORTCUTS[e.key as keyof typeof SHORTCUTS];
    if (!action) return;
    e.preventDefault();
    if (e.repeat || working) return;
    if (action === 'transfer') {
      if (can.transfer) setTransferring(!transferring);
    } else if (action === 'pause') {
      if (can.pause) onAct(state.counter.paused ? 'resume' : 'pause');
    } else if (can[action]) onAct(action);
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const button = (action: keyof typeof can, key: string, label: string, primary = false) => (
    <button
      type="button"
      class={`button ${primary ? 'primary' : 'secondary'} counter-action`}
      data-testid={action}
      aria-keyshortcuts={key}
      disabled={!can[action] || working}
      onClick={() =>
        action === 'transfer'
          ? setTransferring(!transferring)
          : action === 'pause'
            ? onAct(state.counter.paused ? 'resume' : 'pause')
            : onAct(action)
      }
    >
      <kbd class="counter-key">{key}</kbd> {label}
    </button>
  );

  const feedText = feed === 'live' ? t('live') : feed === 'lost' ? t('lost') : t('connecting');
  return (
    <div class={`counter-desk${feed === 'lost' ? ' stale' : ''}`}>
      <p class={`counter-feed feed-${feed}`} role="status" data-testid="feed-state" data-state={feed}>
        {feedText}
      </p>
      {!mine && (
        <div class="warning-box" role="alert" data-testid="not-mine">
          <p>{t('notAtCounter')}</p>
          <button type="button" class="button primary" data-testid="reopen" onClick={onReopen}>
            {t('signInAgainHere')}
          </button>
        </div>
      )}
      {state.counter.paused && (
        <p class="warning-box" data-testid="paused">
          {t('paused')}
        </p>
      )}
      <section class="counter-current" aria-live="polite">
        <p class="counter-number" data-testid="current-number">
          {current ? current.number : '—'}
        </p>
        {current ? (
          <p class="lead" data-testid="current-meta">
            {areaName(current.areaId)}
            {current.priority && (
              <span class="counter-badge" data-testid="priority">
                {t('priority')}
                {current.priorityReason ? ` · ${t(`reason_${current.priorityReason}`)}` : ''}
              </span>
            )}
            {current.transferredFrom && (
              <span class="counter-badge" data-testid="transferred-from">
                {t('transferredFrom', {
                  counter: current.transferredFrom.counterId
                    ? counterName(current.transferredFrom.counterId)
                    : '—',
                  area: areaName(current.transferredFrom.areaId),
                })}
              </span>
            )}
            {current.offline && (
              <span class="counter-badge" data-testid="offline-ticket">
                {t('offlineTicket')}
              </span>
            )}
            <span class="meta"> · {t('calledAt', { time: timeOf(current.calledAt, layout.timeZone) })}</span>
          </p>
        ) : (
          <p class="lead">{t('nobodyCalled')}</p>
        )}
        {current && (
          <MatterLine
            t={t}
            locale={locale}
            state={state}
            matters={matters}
            canSet={mine}
            working={working}
            onSet={(matterId) => onAct('matter', { matterId })}
          />
        )}
      </section>
      <div class="row counter-actions">
        {button('call-next', 'F1', t('callNext'), true)}
        {button('recall', 'F2', t('recall'))}
        {button('done', 'F3', t('done'))}
        {button('no-show', 'F4', t('noShow'))}
        {button('transfer', 'F6', t('transfer'))}
        {button('pause', 'F8', state.counter.paused ? t('resume') : t('pause'))}
      </div>
      {transferring && current && (
        <section class="counter-transfer" data-testid="transfer-panel">
          <h2>{t('transferToArea')}</h2>
          <div class="row">
            {layout.areas
              .filter((a) => a.id !== current.areaId)
              .map((a) => (
                <button
                  key={a.id}
                  type="button"
                  class="button secondary"
                  data-testid={`transfer-area-${a.id}`}
                  onClick={() => transfer({ toAreaId: a.id })}
                >
                  {a.name[locale]}
                </button>
              ))}
          </div>
          <h2>{t('transferToWindow')}</h2>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              const id = toWindow || others[0]?.id;
              if (id) transfer({ toCounterId: id });
            }}
          >
            <select
              class="counter-input"
              data-testid="transfer-window"
              value={toWindow || others[0]?.id}
              onChange={(e) => setToWindow(e.currentTarget.value)}
            >
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id})
                </option>
              ))}
            </select>
            <button type="submit" class="button primary" data-testid="transfer-send">
              {t('send')}
            </button>
            <button type="button" class="button secondary" onClick={() => setTransferring(false)}>
              {t('cancel')}
            </button>
          </form>
        </section>
      )}
      <section class="counter-waiting">
        <h2>{t('waiting')}</h2>
        <ul data-testid="waiting">
          {state.waiting.map((w) => (
            <li key={w.areaId} data-testid={`waiting-${w.areaId}`}>
              <strong>{areaName(w.areaId)}</strong>{' '}
              {t('waitingLine', { regular: w.regular, priority: w.priority })}
            </li>
          ))}
        </ul>
        {state.sentHere.length > 0 && (
          <>
            <h2>{t('sentHere')}</h2>
            <ul data-testid="sent-here">
              {state.sentHere.map((s) => (
                <li key={s.ticketId}>
                  <strong>{s.number}</strong> {areaName(s.areaId)}
                  {s.fromCounterId ? ` ← ${counterName(s.fromCounterId)}` : ''}
                  {s.offline ? ` · ${t('offlineTicket')}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <p class="meta">{t('shortcuts')}</p>
    </div>
  );
}
