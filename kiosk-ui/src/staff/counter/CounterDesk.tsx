import { useState } from 'preact/hooks';
import type { CounterAction, CounterView, Locale, StaffArea } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/**
 * One counter at work: the number being served, call next, recall, no-show, done, transfer to another
 * area, and the waiting list (numbers only — nothing personal is on a ticket).
 */
export function CounterDesk({
  t,
  locale,
  view,
  areas,
  areaName,
  onAct,
}: {
  t: StaffTranslate;
  locale: Locale;
  view: CounterView;
  areas: StaffArea[];
  areaName: (areaId: string) => string;
  /** Runs an action; `done` runs once the daemon has done it. */
  onAct: (action: CounterAction, toAreaId: string | undefined, done: () => void) => void;
}) {
  const [transferring, setTransferring] = useState(false);
  const act = (action: CounterAction, toAreaId?: string) =>
    onAct(action, toAreaId, () => setTransferring(false));
  const current = view.current;
  return (
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
        <button type="button" class="button primary" data-testid="call-next" onClick={() => act('call')}>
          {t('staff.callNext')}
        </button>
        <button
          type="button"
          class="button secondary"
          data-testid="recall"
          disabled={!current}
          onClick={() => act('recall')}
        >
          {t('staff.recall')}
        </button>
        <button
          type="button"
          class="button secondary"
          data-testid="no-show"
          disabled={!current}
          onClick={() => act('noShow')}
        >
          {t('staff.noShow')}
        </button>
        <button
          type="button"
          class="button secondary"
          data-testid="done"
          disabled={!current}
          onClick={() => act('done')}
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
          {areas
            .filter((a) => a.id !== current?.areaId)
            .map((a) => (
              <button key={a.id} type="button" class="button secondary" onClick={() => act('transfer', a.id)}>
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
