import type { ActorRefFrom } from 'xstate';
import { Icon } from '../../components/Icon.tsx';
import { areaIcon } from '../../components/icons.ts';
import { FinishButton, TicketQr } from '../../components/TicketParts.tsx';
import type { Locale, TicketRefusal } from '@hall-kiosk/shared';
import { useActorSnapshot } from '../../hooks/useActorSnapshot.ts';
import { formatTime, type Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/zh.ts';
import type { takeTicketMachine } from './takeTicket.machine.ts';
import { IdentifyScreens, identifyTitle } from '../identify/IdentifyScreens.tsx';

type Props = {
  flow: ActorRefFrom<typeof takeTicketMachine>;
  t: Translate;
  locale: Locale;
  /** How far the hall's time zone is ahead of UTC, for the ticket's time. */
  zoneOffsetMinutes: number;
};

/** Why an area gives no ticket (its availability, or the daemon's refusal), in words. */
const CLOSED_TEXT: Record<TicketRefusal, MessageKey> = {
  outsideHours: 'ticket.closed.outsideHours',
  holiday: 'ticket.closed.holiday',
  capReached: 'ticket.closed.capReached',
  identityLimit: 'ticket.closed.identityLimit',
  priorityLimit: 'ticket.closed.priorityLimit',
  identityRequired: 'ticket.closed.identityRequired',
  hallUnreachable: 'ticket.closed.hallUnreachable',
};

/** The expected wait in words: a figure, "you are next", or honestly "not known yet". */
export function waitText(minutes: number | null, t: Translate): string {
  if (minutes === null) return t('ticket.waitUnknown');
  if (minutes === 0) return t('ticket.waitNone');
  return t('ticket.waitMinutes', { n: minutes });
}

/** The title of the take-ticket screen the flow is on, for the shell. */
export function takeTicketTitle(flow: ActorRefFrom<typeof takeTicketMachine>, t: Translate): string {
  const s = flow.getSnapshot();
  if (s.matches('printed')) return t('ticket.yourNumber');
  if (s.matches('notPrinted')) return t('ticket.notPrinted.title');
  if (s.matches('retracted')) return t('ticket.retracted.title');
  if (s.matches('unavailable')) return t('ticket.unavailable.title');
  if (s.matches('askingPriority')) return t('ticket.priorityQuestion');
  if (s.matches('areaClosed')) return t('ticket.closed.title');
  if (s.matches('refused')) return t('ticket.refused.title');
  const identify = s.children.identify;
  if (s.matches('identifying') && identify) return identifyTitle(identify, t);
  return t('ticket.chooseArea');
}

/** Every screen of the take-ticket flow, chosen by the flow's state. */
export function TakeTicketScreens({ flow, t, locale, zoneOffsetMinutes }: Props) {
  const s = useActorSnapshot(flow);
  const { areas, ticket, print, secondsLeft } = s.context;

  if (s.matches('loadingAreas')) {
    return (
      <p class="notice" role="status">
        {t('ticket.loading')}
      </p>
    );
  }
  if (s.matches('choosingArea')) {
    return (
      <>
        {s.context.ticketPolicy && (
          <p class="ticket-policy" data-testid="ticket-policy">
            {s.context.ticketPolicy[locale]}
          </p>
        )}
        <div class="area-grid">
          {areas.map(({ area, availability, waiting, estimatedWaitMinutes }) => (
            <button
              key={area.id}
              type="button"
              class={availability.open ? 'area' : 'area closed'}
              data-testid={`area-${area.id}`}
              onClick={() => flow.send({ type: 'user.chooseArea', areaId: area.id })}
            >
              <span class="area-head" aria-hidden="true">
                <Icon node={areaIcon(area.id)} class="area-icon" />
                <span class="area-prefix">{area.prefix}</span>
              </span>
              <span class="area-name">{area.name[locale]}</span>
              <span class="area-meta" data-testid={`area-${area.id}-meta`}>
                {availability.open
                  ? `${t('ticket.waiting', { n: waiting })} · ${waitText(estimatedWaitMinutes, t)}`
                  : t(CLOSED_TEXT[availability.reason])}
              </span>
            </button>
          ))}
        </div>
      </>
    );
  }
  if (s.matches('areaClosed') || s.matches('refused')) {
    const view = areas.find((a) => a.area.id === s.context.areaId);
    const reason = s.matches('refused')
      ? s.context.refusal?.reason
      : view && !view.availability.open
        ? view.availability.reason
        : undefined;
    const opensAt = s.matches('refused')
      ? s.context.refusal?.opensAt
      : view && !view.availability.open
        ? view.availability.opensAt
        : null;
    return (
      <div class="warning-box" role="alert" data-testid="area-closed">
        {view && <p class="ticket-area">{view.area.name[locale]}</p>}
        <p class="lead" data-testid="closed-reason">
          {reason ? t(CLOSED_TEXT[reason]) : t('ticket.unavailable.body')}
        </p>
        {opensAt && reason !== 'identityLimit' && (
          <p data-testid="opens-at">{t('ticket.closed.opensAt', { when: opensAt })}</p>
        )}
        <p>{t('ticket.closed.alternatives')}</p>
        <div class="row">
          <button
            type="button"
            class="button secondary"
            data-testid="back-to-areas"
            onClick={() => flow.send({ type: 'user.back' })}
          >
            {t('ticket.closed.otherArea')}
          </button>
          <FinishButton t={t} onFinish={() => flow.send({ type: 'user.finish' })} />
        </div>
      </div>
    );
  }
  if (s.matches('askingPriority')) {
    return (
      <div class="choices" data-testid="priority-question">
        {s.context.priorityAge !== null && (
          <p class="lead choices-wide">{t('ticket.priorityHint', { age: s.context.priorityAge })}</p>
        )}
        {s.context.callOrder && (
          <p class="choices-wide" data-testid="call-order">
            {s.context.callOrder[locale]}
          </p>
        )}
        {s.context.priorityAge !== null && (
          <button
            type="button"
            class="choice"
            data-testid="priority-yes"
            onClick={() => flow.send({ type: 'user.priority' })}
          >
            <span class="choice-label">{t('ticket.priorityYes')}</span>
          </button>
        )}
        {s.context.disabilityPriority && (
          <button
            type="button"
            class="choice"
            data-testid="priority-disability"
            onClick={() => flow.send({ type: 'user.disability' })}
          >
            <span class="choice-label">{t('ticket.priorityDisability')}</span>
          </button>
        )}
        <button
          type="button"
          class="choice"
          data-testid="priority-no"
          onClick={() => flow.send({ type: 'user.noPriority' })}
        >
          <span class="choice-label">{t('ticket.priorityNo')}</span>
        </button>
      </div>
    );
  }
  const identify = s.children.identify;
  if (s.matches('identifying') && identify) {
    return <IdentifyScreens flow={identify} t={t} />;
  }
  if (s.matches('issuing')) {
    return (
      <div class="progress" role="status">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('ticket.issuing')}</p>
      </div>
    );
  }
  if ((s.matches('printed') || s.matches('notPrinted') || s.matches('retracted')) && ticket) {
    const area = areas.find((a) => a.area.id === ticket.areaId)?.area;
    const printed = s.matches('printed');
    const taken = s.matches({ printed: 'taken' });
    const retracted = s.matches('retracted');
    return (
      <div class={printed ? 'ticket' : 'ticket with-notice'} data-testid="ticket">
        <div class="ticket-id">
          {area && <p class="ticket-area">{area.name[locale]}</p>}
          <p
            class="ticket-number"
            data-testid="ticket-number"
            aria-label={`${t('ticket.yourNumber')} ${ticket.number}`}
          >
            {ticket.number}
          </p>
          {ticket.priority && (
            <p class="badge" data-testid="priority-badge">
              {t('ticket.priorityBadge')}
            </p>
          )}
          {ticket.offline && (
            <p class="badge" role="status" data-testid="offline-badge">
              {t('ticket.offline')}
            </p>
          )}
        </div>
        <div class="ticket-info">
          <p class="lead" data-testid="people-ahead">
            {t('ticket.peopleAhead', { n: ticket.peopleAhead })}
          </p>
          <p class="lead" data-testid="wait-estimate">
            {waitText(ticket.estimatedWaitMinutes, t)}
          </p>
          <p class="meta">{t('ticket.issuedAt', { time: formatTime(ticket.issuedAt, zoneOffsetMinutes) })}</p>
          {taken ? (
            <p class="instruction" role="status" data-testid="ticket-taken">
              {t('ticket.taken')}
            </p>
          ) : (
            printed && (
              <p class="instruction" role="status">
                <span class="arrow-down" aria-hidden="true">
                  ↓
                </span>{' '}
                {t('ticket.takeTicket')}
              </p>
            )
          )}
          <FinishButton t={t} onFinish={() => flow.send({ type: 'user.finish' })} />
          {s.matches({ printed: 'counting' }) && (
            <p class="meta">{t('ticket.returningIn', { n: secondsLeft })}</p>
          )}
        </div>
        {!printed && (
          <div class="warning-box not-printed" role="alert">
            <TicketQr ticket={ticket} t={t} />
            {retracted ? (
              <p data-testid="ticket-retracted">{t('ticket.retracted.body')}</p>
            ) : (
              <>
                <p>{t('ticket.notPrinted.body')}</p>
                <p>
                  {print && !print.printed && print.reason === 'paperOut'
                    ? t('ticket.notPrinted.paperOut')
                    : t('ticket.notPrinted.other')}
                </p>
              </>
            )}
          </div>
        )}
      </div>
    );
  }
  // unavailable
  return (
    <div class="warning-box" role="alert">
      <p class="lead">{t('ticket.unavailable.body')}</p>
      <div class="row">
        <button type="button" class="button primary" onClick={() => flow.send({ type: 'user.retry' })}>
          {t('ticket.retry')}
        </button>
      </div>
    </div>
  );
}
