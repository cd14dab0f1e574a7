import {
  localMoment,
  type BookingView,
  type Clock,
  type CommandPayload,
  type CompletionPayload,
} from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import { QueueUnreachableError } from '../core/queue-unreachable.ts';
import type { CardIdentity } from '../core/card-identity.ts';
import type { Logger } from '../log.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import { AppointmentSourceError, type AppointmentSource } from './appointment-source.ts';
import type { AppointmentVisits } from './visits.ts';
import { bookingDigest, checkInVerdict, chooseBooking, type Booking, type CheckInWindow } from './booking.ts';

type CheckInResult = CompletionPayload<'Appointments.CheckIn'>;

export type CheckInDeps = {
  source: AppointmentSource;
  digestKey: string;
  window: CheckInWindow;
  tickets: TicketService;
  visits: AppointmentVisits;
  identity: () => CardIdentity | null;
  clock: Clock;
  log: Logger;
};

/**
 * Appointment check-in (预约取号): finds the person's booking (by the card read in this session, or
 * by the booking's QR code), checks the window, and issues its ticket — once; checking in again
 * reprints the same ticket. Bookings whose window passed without a check-in are recorded as no-shows
 * by `sweepNoShows`, which the daemon runs every minute.
 */
export class CheckInService {
  constructor(private readonly d: CheckInDeps) {}

  #view(b: Booking): BookingView {
    return {
      areaId: b.areaId,
      areaName: this.d.tickets.areaExists(b.areaId) ? this.d.tickets.area(b.areaId).name : null,
      date: b.date,
      time: b.time,
      matter: b.matter ?? null,
    };
  }

  async checkIn(payload: CommandPayload<'Appointments.CheckIn'>): Promise<CheckInResult> {
    const now = this.d.clock.now();
    const here = localMoment(now, this.d.tickets.timeZone);
    let chosen: { booking: Booking; verdict: ReturnType<typeof checkInVerdict> } | null;
    try {
      if (payload.by === 'idCard') {
        const person = this.d.identity();
        if (!person)
          throw new CommandError('sequenceError', 'payload.by: no card has been read in this session');
        const digest = bookingDigest(this.d.digestKey, here.date, person.idNumber);
        const bookings = await this.d.source.forIdentity(digest, here.date);
        chosen = chooseBooking(bookings, here.date, here.minutes, this.d.window);
      } else {
        const booking = await this.d.source.byCode(payload.code);
        chosen = booking
          ? { booking, verdict: checkInVerdict(booking, here.date, here.minutes, this.d.window) }
          : null;
      }
    } catch (e) {
      if (!(e instanceof AppointmentSourceError)) throw e;
      this.d.log.warn({ error: e.message }, 'booking source unavailable');
      return { result: 'sourceUnavailable' };
    }
    if (!chosen) return { result: 'notFound' };
    const { booking, verdict } = chosen;
    if (verdict.verdict === 'tooEarly')
      return { result: 'tooEarly', booking: this.#view(booking), opensAt: verdict.opensAt };
    if (verdict.verdict === 'tooLate') return { result: 'tooLate', booking: this.#view(booking) };
    if (!this.d.tickets.areaExists(booking.areaId)) {
      this.d.log.warn({ area: booking.areaId }, 'booking names an area this kiosk does not have');
      return { result: 'notFound' };
    }
    let issued;
    try {
      issued = await this.d.tickets.issueForBooking(booking.id, booking.areaId);
    } catch (e) {
      // Hall mode, the hall's queue out of reach: nothing was issued; the screen says to ask at the desk.
      if (!(e instanceof QueueUnreachableError)) throw e;
      this.d.log.warn({ kind: e.kind, error: e.message }, "check-in: the hall's queue cannot be reached");
      return { result: 'sourceUnavailable' };
    }
    if ('refused' in issued)
      throw new CommandError('internalError', `appointment ticket refused: ${issued.refused}`);
    return { result: 'ticket', ...issued, booking: this.#view(booking) };
  }

  /** Records no-shows among today's bookings whose window has ended. Returns how many were new. */
  async sweepNoShows(): Promise<number> {
    const now = this.d.clock.now();
    const here = localMoment(now, this.d.tickets.timeZone);
    let bookings: Booking[];
    try {
      bookings = await this.d.source.onDate(here.date);
    } catch (e) {
      if (!(e instanceof AppointmentSourceError)) throw e;
      return 0;
    }
    let recorded = 0;
    for (const b of bookings) {
      if (checkInVerdict(b, here.date, here.minutes, this.d.window).verdict !== 'tooLate') continue;
      if (await this.d.visits.recordNoShow(b.id, b.areaId, now)) recorded++;
    }
    if (recorded > 0) this.d.log.info({ bookings: recorded }, 'appointment no-shows recorded');
    return recorded;
  }
}
