import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import {
  CounterActionResponse,
  CountersResponse,
  CounterView,
  EmptyResponse,
  type CounterAction,
  type CounterActionRequest,
  type Locale,
} from '@hall-kiosk/shared';
import { translator } from '../i18n/i18n.ts';
import { PinLogin } from './PinLogin.tsx';
import { failureText, staffRequest, tokenStore } from './staff-api.ts';

/** How often the counter page refreshes its queue (ms). */
const REFRESH_MS = 3000;

/**
 * The counter page for staff: sign in, pick a counter, then call next, recall, transfer, no-show and
 * done. It shows ticket numbers only — nothing personal is on a ticket.
 */
export function StaffApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = translator(locale);
  const [signedIn, setSignedIn] = useState(() => tokenStore.get() !== null);
  const [setup, setSetup] = useState<CountersResponse | null>(null);
  const [counterId, setCounterId] = useState<string | null>(null);
  const [view, setView] = useState<CounterView | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('staff.title');
  }, [locale]);

  const guard = async (fn: () => Promise<void>) => {
    try {
      setError(null);
      await fn();
    } catch (e) {
      if (!tokenStore.get()) setSignedIn(false);
      setError(failureText(e, t));
    }
  };

  useEffect(() => {
    if (signedIn)
      void guard(async () => setSetup(await staffRequest(CountersResponse, 'GET', '/api/staff/counters')));
  }, [signedIn]);

  useEffect(() => {
    if (!signedIn || !counterId) return;
    const load = () =>
      guard(async () => setView(await staffRequest(CounterView, 'GET', `/api/staff/counters/${counterId}`)));
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [signedIn, counterId]);

  const act = (action: CounterAction, toAreaId?: string) =>
    guard(async () => {
      const r = await staffRequest(CounterActionResponse, 'POST', `/api/staff/counters/${counterId}`, {
        action,
        ...(toAreaId ? { toAreaId } : {}),
      } satisfies CounterActionRequest);
      setView(r.view);
      setTransferring(false);
    });

  const areaName = (id: string) => setup?.areas.find((a) => a.id === id)?.name[locale] ?? id;

  let body;
  if (!signedIn) body = <PinLogin t={t} onSignedIn={() => setSignedIn(true)} />;
  else if (!setup) body = <p role="status">{t('ticket.loading')}</p>;
  else if (!counterId || !view) {
    body = (
      <div class="choices">
        <p class="lead choices-wide">{t('staff.chooseCounter')}</p>
        {setup.counters.map((c) => (
          <button
            key={c.id}
            type="button"
            class="choice"
            data-testid={`counter-${c.id}`}
            onClick={() => setCounterId(c.id)}
          >
            <span class="choice-label">{t('staff.counter', { id: c.id })}</span>
            <span class="choice-hint">{c.areaIds.map(areaName).join(' · ')}</span>
          </button>
        ))}
      </div>
    );
  } else {
    const current = view.current;
    body = (
      <div class="staff-counter">
        <p class="lead">
          {t('staff.counter', { id: view.counter.id })} · {view.counter.areaIds.map(areaName).join(' · ')}
        </p>
        <p class="ticket-number" data-testid="current-number" aria-live="polite">
          {current ? current.number : '—'}
        </p>
        {current && (
          <p class="meta">
            {areaName(current.areaId)}
            {current.priority ? ` · ${t('ticket.priorityBadge')}` : ''}
            {current.appointment ? ` · ${t('checkIn.title')}` : ''}
          </p>
        )}
        <div class="row staff-actions">
          <button
            type="button"
            class="button primary"
            data-testid="call-next"
            onClick={() => void act('call')}
          >
            {t('staff.callNext')}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="recall"
            disabled={!current}
            onClick={() => void act('recall')}
          >
            {t('staff.recall')}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="no-show"
            disabled={!current}
            onClick={() => void act('noShow')}
          >
            {t('staff.noShow')}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="done"
            disabled={!current}
            onClick={() => void act('done')}
          >
            {t('staff.done')}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="transfer"
            disabled={!current}
            onClick={() => setTransferring(!transferring)}
          >
            {t('staff.transfer')}
          </button>
        </div>
        {transferring && (
          <div class="row" data-testid="transfer-areas">
            {setup.areas
              .filter((a) => a.id !== current?.areaId)
              .map((a) => (
                <button
                  key={a.id}
                  type="button"
                  class="button secondary"
                  onClick={() => void act('transfer', a.id)}
                >
                  {a.name[locale]}
                </button>
              ))}
          </div>
        )}
        <h2>{t('staff.waiting', { n: view.waiting.length })}</h2>
        <ol class="waiting-list" data-testid="waiting-list">
          {view.waiting.map((w) => (
            <li key={w.number}>
              {w.number}
              {w.priority ? ` · ${t('ticket.priorityBadge')}` : ''}
            </li>
          ))}
        </ol>
      </div>
    );
  }

  return (
    <div class="shell staff">
      <header class="shell-bar">
        <h1 class="shell-title">{t('staff.title')}</h1>
        <div class="row">
          <button
            type="button"
            class="button secondary"
            lang={locale === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
          >
            {t('lang.other')}
          </button>
          {signedIn && (
            <button
              type="button"
              class="button secondary"
              onClick={() =>
                void staffRequest(EmptyResponse, 'POST', '/api/staff/logout').finally(() => {
                  tokenStore.clear();
                  setSignedIn(false);
                  setCounterId(null);
                })
              }
            >
              {t('staff.signOut')}
            </button>
          )}
        </div>
      </header>
      <main class="shell-main">
        {error && (
          <p class="warning-box" role="alert">
            {error}
          </p>
        )}
        {body}
      </main>
    </div>
  );
}
