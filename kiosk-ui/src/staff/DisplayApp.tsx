import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { DisplayCallsResponse, type Announcement } from '@hall-kiosk/shared';
import { translator } from '../i18n/i18n.ts';
import { PinLogin } from './PinLogin.tsx';
import { failureText, parseDisplayEvent, StaffApiError, staffRequest, tokenStore } from './staff-api.ts';

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
 */
export function DisplayApp() {
  const t = translator('zh');
  const en = translator('en');
  const [signedIn, setSignedIn] = useState(() => tokenStore.get() !== null);
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
    void staffRequest(DisplayCallsResponse, 'GET', '/api/display/calls')
      .then(({ calls }) => {
        setCalls(calls);
        setProblem(null);
        source = new EventSource(`/api/display/events?token=${encodeURIComponent(tokenStore.get() ?? '')}`);
        source.addEventListener('open', () => setLive(true));
        source.addEventListener('error', () => setLive(false));
        source.addEventListener('call', (e) => {
          const a = parseDisplayEvent('call', (e as MessageEvent<string>).data);
          if (a instanceof StaffApiError) return setProblem(a);
          setCalls((prev) => [a, ...prev].slice(0, 8));
          announce(a);
        });
      })
      .catch((e: unknown) => {
        if (e instanceof StaffApiError && e.kind === 'unexpectedResponse') setProblem(e);
        else setSignedIn(tokenStore.get() !== null);
      });
    return () => source?.close();
  }, [signedIn]);

  if (!signedIn) {
    return (
      <div class="shell">
        <main class="shell-main">
          <h1>
            {t('display.title')} · {en('display.title')}
          </h1>
          <PinLogin t={t} onSignedIn={() => setSignedIn(true)} />
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
