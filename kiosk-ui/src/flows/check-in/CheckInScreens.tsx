import type { ActorRefFrom } from 'xstate';
import { FinishButton, TicketQr } from '../../components/TicketParts.tsx';
import type { BookingView, Locale } from '@hall-kiosk/shared';
import { useActorSnapshot } from '../../hooks/useActorSnapshot.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { IdentifyScreens, identifyTitle } from '../identify/IdentifyScreens.tsx';
import type { checkInMachine } from './checkIn.machine.ts';

type Props = {
  flow: ActorRefFrom<typeof checkInMachine>;
  t: Translate;
  locale: Locale;
};

export function checkInTitle(flow: ActorRefFrom<typeof checkInMachine>, t: Translate): string {
  const s = flow.getSnapshot();
  const r = s.context.result;
  if (s.matches('result') && r) {
    if (r.result === 'ticket') return t('checkIn.ticketTitle');
    if (r.result === 'tooEarly') return t('checkIn.tooEarlyTitle');
    if (r.result === 'tooLate') return t('checkIn.tooLateTitle');
    return t('checkIn.notFoundTitle');
  }
  if (s.matches('unavailable') || s.matches('checking')) return t('checkIn.title');
  const identify = s.children.identify;
  if (s.matches({ waiting: 'card' }) && identify && !identify.getSnapshot().matches('waiting'))
    return identifyTitle(identify, t);
  return t('checkIn.title');
}

function Booking({ booking, t, locale }: { booking: BookingView } & Omit<Props, 'flow'>) {
  return (
    <p class="lead" data-testid="booking">
      {t('checkIn.booking', {
        time: booking.time,
        area: booking.areaName ? booking.areaName[locale] : booking.areaId,
        matter: booking.matter ? booking.matter[locale] : '',
      })}
    </p>
  );
}

/** Every screen of the check-in flow. */
export function CheckInScreens({ flow, t, locale }: Props) {
  const s = useActorSnapshot(flow);
  const finish = <FinishButton t={t} onFinish={() => flow.send({ type: 'user.finish' })} />;
  const identify = s.children.identify;
  if (s.matches({ waiting: 'card' }) && identify) {
    return (
      <div class="stack">
        {s.context.scanner && identify.getSnapshot().matches('waiting') && (
          <p class="notice-box" data-testid="scan-hint">
            {t('checkIn.orScan')}
          </p>
        )}
        <IdentifyScreens flow={identify} t={t} />
      </div>
    );
  }
  if (s.matches({ waiting: 'noCard' })) {
    return (
      <div class="warning-box">
        <p class="lead">{s.context.scanner ? t('checkIn.noCardScan') : t('checkIn.noCardDesk')}</p>
        <div class="row">
          <button type="button" class="button secondary" onClick={() => flow.send({ type: 'user.retry' })}>
            {t('identify.retry')}
          </button>
          {finish}
        </div>
      </div>
    );
  }
  if (s.matches('checking')) {
    return (
      <div class="progress" role="status">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('checkIn.checking')}</p>
      </div>
    );
  }
  const r = s.context.result;
  if (s.matches('result') && r) {
    if (r.result === 'ticket') {
      return (
        <div class="ticket" data-testid="check-in-ticket">
          <Booking booking={r.booking} t={t} locale={locale} />
          <p
            class="ticket-number"
            data-testid="ticket-number"
            aria-label={`${t('ticket.yourNumber')} ${r.ticket.number}`}
          >
            {r.ticket.number}
          </p>
          {r.reprint && (
            <p class="meta" data-testid="reprint">
              {t('checkIn.reprint')}
            </p>
          )}
          <p class="lead">{t('ticket.peopleAhead', { n: r.ticket.peopleAhead })}</p>
          {r.print.printed ? (
            <p class="instruction" role="status">
              {t('ticket.takeTicket')}
            </p>
          ) : (
            <div class="warning-box not-printed" role="alert">
              <TicketQr ticket={r.ticket} t={t} />
              <p>{t('ticket.notPrinted.body')}</p>
            </div>
          )}
          {finish}
        </div>
      );
    }
    const body =
      r.result === 'tooEarly'
        ? t('checkIn.tooEarly', { opensAt: r.opensAt.slice(11) })
        : r.result === 'tooLate'
          ? t('checkIn.tooLate')
          : r.result === 'notFound'
            ? t('checkIn.notFound')
            : t('checkIn.sourceUnavailable');
    return (
      <div class="warning-box" role="alert" data-testid={`check-in-${r.result}`}>
        {'booking' in r && <Booking booking={r.booking} t={t} locale={locale} />}
        <p class="lead">{body}</p>
        <p>{t('checkIn.alternatives')}</p>
        <div class="row">
          <button type="button" class="button secondary" onClick={() => flow.send({ type: 'user.retry' })}>
            {t('identify.retry')}
          </button>
          {finish}
        </div>
      </div>
    );
  }
  return (
    <div class="warning-box" role="alert" data-testid="check-in-unavailable">
      <p class="lead">{t('ticket.unavailable.body')}</p>
      <div class="row">
        <button type="button" class="button primary" onClick={() => flow.send({ type: 'user.retry' })}>
          {t('ticket.retry')}
        </button>
        {finish}
      </div>
    </div>
  );
}
