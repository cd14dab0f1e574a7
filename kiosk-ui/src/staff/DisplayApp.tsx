import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { DisplayCallsResponse, EventTicketResponse, type Announcement } from '@hall-kiosk/shared';
import { staffTranslator } from '../i18n/staff-i18n.ts';
import { PinLogin } from './PinLogin.tsx';
import { displayToken, failureText, parseDisplayEvent, StaffApiError, staffRequest } from './staff-api.ts';

/** After a lost stream or an unreachable daemon, the display tries again this often. */
const RETRY_MS = 3000;

/** Speaks an announcement in Chinese, then English, with the browser's local voices (offline). */
function announce(a: Announcement): void {
  const synth = globalThis.speechSynthesis;
  document.documentElement.dataset.lastAnnouncement = a.text.zh;
  if (!synth) return;
  for (const [text, lang] of [
    [a.text.zh, 'zh-CN'],
    [a.text.en, 'en-GB'],
  ] as const) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    u.rate = 0.9;
    synth.speak(u);
  }
}

/**
 * The hall display: the number being called and its counter, large, with the latest calls, and a
 * spoken announcement for each call. Live over server-sent events.
 *
 * It signs in with the staff PIN but holds only a read-only display session. Each event stream is
 * opened with a fresh single-use ticket (never the session token in a URL); when a stream ends, the
 * display fetches the calls again and a new ticket. A 401 (the session expired, was signed out, or
 * the daemon restarted) takes it back to its sign-in screen instead of showing stale calls.
 */
export function DisplayApp() {
  const t = staffTranslator('zh');
  const en = staffTranslator('en');
  const [signedIn, setSignedIn] = useState(() => displayToken.get() !== null);
  const [calls, setCalls] = useState<Announcement[]>([]);
  const [live, setLive] = useState(false);
  /** An answer or event the display could not read: shown, and the display keeps running. */
  const [problem, setProblem] = useState<StaffApiError | null>(null);

  useLayoutEffect(() => {
    document.documentElement.lang = 'zh-CN';
    document.title = `${t('display.title')} ${en('display.title')}`;
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const failed = (e: unknown) => {
      if (stopped) return;
      setLive(false);
      if (e instanceof StaffApiError && e.kind === 'refused' && e.status === 401) {
        displayToken.clear();
        setCalls([]);
        setSignedIn(false);
        return;
      }
      if (e instanceof StaffApiError && e.kind === 'unexpectedResponse') setProblem(e);
      retry = setTimeout(() => void connect(), RETRY_MS);
    };
    const connect = async () => {
      try {
        const { calls } = await staffRequest(
          DisplayCallsResponse,
          'GET',
          '/api/display/calls',
          undefined,
          displayToken,
        );
        const { ticket } = await staffRequest(
          EventTicketResponse,
          'POST',
          '/api/display/ticket',
          undefined,
          displayToken,
        );
        if (stopped) return;
        setCalls(calls);
        setProblem(null);
        source = new EventSource(`/api/display/events?ticket=${encodeURIComponent(ticket)}`);
        source.addEventListener('open', () => setLive(true));
        source.addEventListener('error', () => {
          // A ticket is single-use: the browser's own reconnect would be refused, so start afresh.
          source?.close();
          source = null;
          failed(null);
        });
        source.addEventListener('call', (e) => {
          const a = parseDisplayEvent('call', (e as MessageEvent<string>).data);
          if (a instanceof StaffApiError) return setProblem(a);
          setCalls((prev) => [a, ...prev].slice(0, 8));
          announce(a);
        });
      } catch (e) {
        failed(e);
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [signedIn]);

  if (!signedIn) {
    return (
      <div class="shell">
        <main class="shell-main">
          <h1>
            {t('display.title')} · {en('display.title')}
          </h1>
          <PinLogin
            t={t}
            loginPath="/api/display/login"
            store={displayToken}
            onSignedIn={() => setSignedIn(true)}
          />
        </main>
      </div>
    );
  }
  const [latest, ...earlier] = calls;
  return (
    <main class="hall-display" data-live={live ? 'yes' : 'no'}>
      <h1 class="visually-hidden">
        {t('display.title')} {en('display.title')}
      </h1>
      {latest ? (
        <section class="display-latest" aria-live="assertive" data-testid="display-latest">
          <p class="display-number">{latest.number}</p>
          <p class="display-counter">
            {t('display.goTo', { id: latest.counterId })} · {en('display.goTo', { id: latest.counterId })}
          </p>
          <p class="display-area">
            {latest.areaName.zh} · {latest.areaName.en}
          </p>
        </section>
      ) : (
        <p class="display-latest">
          {t('display.none')} · {en('display.none')}
        </p>
      )}
      <table class="display-table" data-testid="display-table">
        <thead>
          <tr>
            <th>
              {t('display.number')} {en('display.number')}
            </th>
            <th>
              {t('display.counter')} {en('display.counter')}
            </th>
          </tr>
        </thead>
        <tbody>
          {earlier.map((c) => (
            <tr key={`${c.ticketId}-${c.at}`}>
              <td>{c.number}</td>
              <td>{c.counterId}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && (
        <p class="warning-box" role="alert" data-testid="display-problem">
          {failureText(problem, t)} · {failureText(problem, en)}
        </p>
      )}
      {!live && (
        <p class="notice-box">
          {t('display.reconnecting')} · {en('display.reconnecting')}
        </p>
      )}
    </main>
  );
}
