import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  HallCounterActionResponse,
  HallCounterLayout,
  HallCounterStaff,
  HallCounterState,
  HallMatterList,
  HallStaffLoginResponse,
  type Locale,
} from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import { words } from '../common/text.ts';
import { useLiveFeed } from '../common/useLiveFeed.ts';
import { COUNTER_WORDS } from './messages.ts';
import { CounterDesk, type DeskAction } from './CounterDesk.tsx';

type T = ReturnType<typeof words<keyof typeof COUNTER_WORDS>>;

/** The window asked for in the address (`/counter?window=w037`), if it looks like a window id. */
function windowFromAddress(): string | null {
  const w = new URLSearchParams(location.search).get('window');
  return w && /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(w) ? w : null;
}

/**
 * How a window action is sent: each attempt waits `timeoutMs` for an answer, and one that got none
 * (refused, reset, or silent) is sent again after a pause, with the same idempotency key — the hall
 * does a keyed action once and answers a repeat with the first answer. Mutable for tests.
 */
export const ACTION_RETRY = { attempts: 3, timeoutMs: 8000, pausesMs: [1000, 3000] };

const newActionKey = () => `counter-${crypto.randomUUID()}`;

/** An action that got no answer: `Retry` sends it again with its key. */
type Unsent = { action: DeskAction; body: unknown; key: string };

const counterPath = (id: string, action = '') =>
  `/api/counter/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/**
 * The counter page of the hall server (`/counter`): sign in with 工号 and PIN, choose the window (or
 * `?window=w037`), then serve: call next, recall, done, no-show, transfer to an area or a window,
 * pause and resume, with function keys. The window's state is fetched after every (re)connect of its
 * live feed and after each event; while the feed is down the page says so and marks what it shows as
 * stale. Ticket numbers and areas only: nothing personal about citizens.
 */
export function CounterPage() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = words(COUNTER_WORDS, locale);
  const [me, setMe] = useState<HallCounterStaff | null | undefined>(undefined);
  const [layout, setLayout] = useState<HallCounterLayout | null>(null);
  const [matters, setMatters] = useState<HallMatterList['matters']>([]);
  const [counterId, setCounterId] = useState<string | null>(null);
  const [state, setState] = useState<HallCounterState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const [working, setWorking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [unsent, setUnsent] = useState<Unsent | null>(null);

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
  }, [locale]);

  const failed = (e: unknown) => {
    if (e instanceof HallApiError && e.status === 401) {
      setMe(null);
      setState(null);
      setCounterId(null);
      return;
    }
    if (e instanceof HallApiError && e.code === 'notAtCounter') setError(t('notAtCounter'));
    else setError(e instanceof Error ? e.message : String(e));
  };

  // Who is signed in (the session cookie), and the hall's areas and windows.
  useEffect(() => {
    hallRequest('GET', '/api/staff/me', { schema: HallCounterStaff })
      .then(setMe)
      .catch(() => setMe(null));
    hallRequest('GET', '/api/hall', { schema: HallCounterLayout }).then(setLayout).catch(failed);
  }, []);

  const open = async (id: string) => {
    setError(null);
    try {
      const s = await hallRequest('POST', counterPath(id, 'open'), { schema: HallCounterState });
      setState(s);
      setCounterId(id);
      history.replaceState(null, '', `?window=${encodeURIComponent(id)}`);
    } catch (e) {
      failed(e);
    }
  };

  // The catalogue's matters for the picker, once signed in (none: no picker).
  useEffect(() => {
    if (me)
      hallRequest('GET', '/api/matters', { schema: HallMatterList })
        .then((l) => setMatters(l.matters))
        .catch(failed);
  }, [me]);

  // Signed in with a window in the address: work there at once.
  useEffect(() => {
    const asked = windowFromAddress();
    if (me && asked && !counterId) void open(asked);
  }, [me]);

  const refresh = async () => {
    if (!counterId) return;
    try {
      setState(await hallRequest('GET', counterPath(counterId), { schema: HallCounterState }));
    } catch (e) {
      failed(e);
    }
  };
  // Events come in bursts (a call is a done and a called): one read for a burst.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshSoon = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void refresh();
    }, 150);
  };
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  const feed = useLiveFeed(counterId && me ? counterPath(counterId, 'events') : null, {
    resync: refresh,
    event: refreshSoon,
  });

  /** Sends one action, again with the same key while no answer comes; returns the attempts it took. */
  const send = async (id: string, action: DeskAction, body: unknown, key: string): Promise<number> => {
    const path = counterPath(id, action);
    const options = {
      headers: { 'idempotency-key': key },
      timeoutMs: ACTION_RETRY.timeoutMs,
      ...(body === undefined ? {} : { body }),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        if (action === 'pause' || action === 'resume' || action === 'matter')
          setState(await hallRequest('POST', path, { ...options, schema: HallCounterState }));
        else
          setState(
            (await hallRequest('POST', path, { ...options, schema: HallCounterActionResponse })).state,
          );
        return attempt;
      } catch (e) {
        if (!(e instanceof HallApiError && e.status === 0) || attempt >= ACTION_RETRY.attempts) throw e;
        setNotice(t('retrying', { n: attempt + 1 }));
        await new Promise((r) => setTimeout(r, ACTION_RETRY.pausesMs[attempt - 1] ?? 1000));
      }
    }
  };

  const act = async (action: DeskAction, body?: unknown, retryOf?: Unsent) => {
    if (!counterId || busy.current) return;
    busy.current = true;
    setWorking(true);
    setError(null);
    setNotice(null);
    setUnsent(null);
    const key = retryOf?.key ?? newActionKey();
    try {
      const attempts = await send(counterId, action, body, key);
      setNotice(attempts > 1 || retryOf ? t('doneAfterRetry') : null);
    } catch (e) {
      setNotice(null);
      if (e instanceof HallApiError && e.status === 0) {
        // Nothing is known to be done: say so, and keep the key for Retry.
        setUnsent({ action, body, key });
        setError(t('notSent', { n: ACTION_RETRY.attempts }));
        return;
      }
      failed(e);
      // Someone else took the window: show who works there now.
      if (e instanceof HallApiError && e.code === 'notAtCounter') void refresh();
    } finally {
      busy.current = false;
      setWorking(false);
    }
  };

  const signOut = async () => {
    if (counterId) await hallRequest('POST', counterPath(counterId, 'close')).catch(() => undefined);
    await hallRequest('POST', '/api/staff/logout').catch(() => undefined);
    setMe(null);
    setState(null);
    setCounterId(null);
  };

  let body;
  if (me === undefined || (me && !layout)) body = <p role="status">{t('loading')}</p>;
  else if (!me) body = <SignIn t={t} onSignedIn={setMe} />;
  else if (!counterId || !state)
    body = <ChooseWindow t={t} layout={layout!} initial={windowFromAddress()} onChoose={open} />;
  else
    body = (
      <CounterDesk
        t={t}
        locale={locale}
        layout={layout!}
        state={state}
        matters={matters}
        mine={state.staff?.id === me.id}
        feed={feed}
        working={working}
        onAct={(a, b) => void act(a, b)}
        onReopen={() => void open(counterId)}
      />
    );

  return (
    <div class="shell hall-counter">
      <header class="shell-bar">
        <h1 class="shell-title">
          {t('title')}
          {counterId && layout
            ? ` · ${layout.counters.find((c) => c.id === counterId)?.name ?? counterId}`
            : ''}
        </h1>
        <div class="row">
          {me && (
            <span class="counter-who" data-testid="who">
              {t('servedBy', { name: me.name, number: me.number })}
            </span>
          )}
          <button
            type="button"
            class="button secondary"
            lang={locale === 'zh' ? 'en' : 'zh-CN'}
            data-testid="language"
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
          >
            {t('otherLanguage')}
          </button>
          {me && (
            <button
              type="button"
              class="button secondary"
              data-testid="sign-out"
              onClick={() => void signOut()}
            >
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main class="shell-main">
        {error && (
          <p class="warning-box" role="alert" data-testid="error">
            {error}
            {unsent && (
              <>
                {' '}
                <button
                  type="button"
                  class="button primary"
                  data-testid="retry-action"
                  disabled={working}
                  onClick={() => void act(unsent.action, unsent.body, unsent)}
                >
                  {t('retry')}
                </button>
              </>
            )}
          </p>
        )}
        {notice && !error && (
          <p class="desk-meta" role="status" data-testid="action-notice">
            {notice}
          </p>
        )}
        {body}
      </main>
    </div>
  );
}

/** 工号 + PIN (the counter PC has a keyboard). */
function SignIn({ t, onSignedIn }: { t: T; onSignedIn: (me: HallCounterStaff) => void }) {
  const [number, setNumber] = useState('');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await hallRequest('POST', '/api/staff/login', {
        body: { number: number.trim(), pin },
        schema: HallStaffLoginResponse,
      });
      onSignedIn(r.staff);
    } catch (e) {
      const b = e instanceof HallApiError ? e.body : null;
      if (e instanceof HallApiError && e.code === 'locked')
        setMessage(t('locked', { n: Number(b?.['retryAfterSeconds'] ?? 0) }));
      else if (e instanceof HallApiError && e.code === 'wrongPin')
        setMessage(t('wrongPin', { n: Number(b?.['attemptsLeft'] ?? 0) }));
      else setMessage(e instanceof Error ? e.message : String(e));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="counter-sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        <span class="lead">{t('staffNumber')}</span>
        <input
          class="counter-input"
          data-testid="staff-number"
          autoComplete="username"
          value={number}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="lead">{t('pin')}</span>
        <input
          class="counter-input"
          data-testid="pin"
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
        />
      </label>
      <button
        type="submit"
        class="button primary"
        data-testid="sign-in"
        disabled={busy || number.trim() === '' || pin === ''}
      >
        {t('signIn')}
      </button>
      {message && (
        <p class="warning-box" role="alert" data-testid="sign-in-message">
          {message}
        </p>
      )}
    </form>
  );
}

function ChooseWindow({
  t,
  layout,
  initial,
  onChoose,
}: {
  t: T;
  layout: HallCounterLayout;
  initial: string | null;
  onChoose: (id: string) => Promise<void>;
}) {
  const [chosen, setChosen] = useState(initial ?? layout.counters[0]?.id ?? '');
  return (
    <form
      class="counter-sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) void onChoose(chosen);
      }}
    >
      <label>
        <span class="lead">{t('chooseWindow')}</span>
        <select
          class="counter-input"
          data-testid="window-select"
          value={chosen}
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          {layout.counters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.id})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button primary" data-testid="open-window" disabled={!chosen}>
        {t('openWindow')}
      </button>
    </form>
  );
}
