import { createHmac } from 'node:crypto';
import type {
  AreaView,
  Clock,
  CompletionPayload,
  LocalizedText,
  PrintOutcome,
  PriorityReason,
  Ticket,
} from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { EscPosPrinterDriver } from '../devices/printer/printer-driver.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import { businessDate, localDateTime } from '../core/local-day.ts';
import { availability, type HallCalendar } from '../queue/calendar.ts';
import type { PrintJournal } from './print-journal.ts';
import type { SecretStore } from '../storage/ports.ts';
import { ticketSlip } from '../printing/ticket-slip.ts';
import { CommandError } from '../core/command-error.ts';
import { QueueUnreachableError } from '../core/queue-unreachable.ts';
import type { CardIdentity } from '../core/card-identity.ts';
import { ageOn } from '../identity/mask.ts';
import type { AreaConfig } from '../config/schema.ts';

export type PriorityRules = {
  /** 绿色通道 by age from the card (null: no reader, so no age rule). */
  age: number;
  disability: boolean;
  appointment: boolean;
};

/** When the hall reads the ID card for a ticket (docs/queue.md#anti-hoarding). */
export type TicketIdentify = 'never' | 'priority' | 'always';

export type TicketServiceDeps = {
  areas: AreaConfig[];
  hallName: LocalizedText;
  calendar: HallCalendar;
  store: QueueStore;
  journal: PrintJournal;
  /** Holds the salt of identity digests. */
  secrets: SecretStore;
  /** The ticket printer, if one is configured. */
  printer: () => EscPosPrinterDriver | undefined;
  paperWidth: 58 | 80;
  priority: PriorityRules;
  /** Anti-hoarding: tickets per person per area per day (0: no limit). */
  maxTicketsPerIdentity: number;
  /**
   * Hall mode: also digest the holder's ID number with the kiosk's own salt (`offlineIdentitySalt`),
   * for the limit of tickets issued while the hall cannot be reached; the hall's salt may then be
   * missing (docs/queue.md#offline-issuing).
   */
  offlineIdentity?: boolean;
  /** When a ticket needs the ID card (queue.identify; default `priority`, for age priority only). */
  identify?: TicketIdentify;
  /** Per kiosk and day: declared-disability priority tickets, tickets without a card (0: no limit). */
  pathLimits?: { declaredDisability: number; withoutCard: number };
  /** The call order in one sentence, printed on priority tickets. */
  callOrder: LocalizedText;
  /** The identity read in this session, if any (never leaves the daemon). */
  identity: () => CardIdentity | null;
  clock: Clock;
  /**
   * Hall mode: the hall's time, by this kiosk's clock and the offset it measured against the hall's
   * (hall-link/hall-clock.ts). Opening hours are read against it, as the hall reads them; without it,
   * against `clock`. A kiosk whose clock is minutes behind would otherwise turn people away at opening
   * time while the hall is open.
   */
  hallTime?: () => number;
  log: Logger;
  /** Told when a presented ticket is taken or retracted. */
  onPresenter?: (ticketId: number, outcome: 'taken' | 'retracted') => void;
  /** Told whenever the queue changed (a ticket was issued). */
  onQueueChanged?: () => void;
};

type IssueCompletion = CompletionPayload<'Queue.IssueTicket'>;
export type Issued = { ticket: Ticket; print: PrintOutcome; presented: boolean };

/**
 * Issues queue numbers and prints their tickets. The number is durable before anything is printed;
 * if printing fails the citizen still has the number (the screen shows it) and the journal says so.
 * An area issues only while it is open and under its daily cap, and a person identified by their
 * card gets at most the configured number of tickets per area per day.
 */
export class TicketService {
  constructor(private readonly d: TicketServiceDeps) {}

  get timeZone(): string {
    return this.d.calendar.timeZone;
  }

  /** The moment opening hours are read at: the hall's time in hall mode (`hallTime`), else `now`. */
  #hoursAt(now: number): number {
    return this.d.hallTime?.() ?? now;
  }

  areaExists(areaId: string): boolean {
    return this.d.areas.some((a) => a.id === areaId);
  }

  area(areaId: string): AreaConfig {
    const area = this.d.areas.find((a) => a.id === areaId);
    if (!area) throw new CommandError('invalidData', `payload.areaId: no service area "${areaId}"`);
    return area;
  }

  /** Every area as the ticket screen shows it. */
  async areaViews(): Promise<AreaView[]> {
    try {
      return await this.#areaViews();
    } catch (e) {
      if (!(e instanceof QueueUnreachableError)) throw e;
      this.d.log.warn({ kind: e.kind, error: e.message }, "the hall's queue cannot be reached");
      throw new CommandError('deviceNotReady', "the hall's queue cannot be reached; please ask staff");
    }
  }

  async #areaViews(): Promise<AreaView[]> {
    const now = this.d.clock.now();
    const views: AreaView[] = [];
    for (const area of this.d.areas) {
      const waiting = await this.d.store.waitingCount(area.id, now);
      const capReached =
        area.dailyCap !== undefined && (await this.d.store.ticketsToday(area.id, now)) >= area.dailyCap;
      const { hours: _h, dailyCap: _c, ...shown } = area;
      views.push({
        area: shown,
        availability: availability(area.hours, this.#hoursAt(now), this.d.calendar, capReached),
        waiting,
        estimatedWaitMinutes: await this.d.store.estimateFor(area.id, waiting, now),
      });
    }
    return views;
  }

  /**
   * Issues a number for an area. When the queue lives elsewhere (hall mode) and cannot be reached,
   * the kiosk refuses with `hallUnreachable`: nothing was issued, and the screen says to ask staff.
   */
  async issue(
    areaId: string,
    options: {
      useIdentity?: boolean;
      declaredDisability?: boolean;
      matterCode?: string;
      /** The page's key for this request (hall mode: the hall's key is made from it). */
      requestKey?: string;
    } = {},
  ): Promise<IssueCompletion> {
    try {
      return await this.#issue(areaId, options);
    } catch (e) {
      if (!(e instanceof QueueUnreachableError)) throw e;
      this.d.log.warn(
        { area: areaId, kind: e.kind, error: e.message },
        "ticket refused: the hall's queue cannot be reached",
      );
      return { result: 'refused', reason: 'hallUnreachable', opensAt: null };
    }
  }

  async #issue(
    areaId: string,
    options: {
      useIdentity?: boolean;
      declaredDisability?: boolean;
      matterCode?: string;
      requestKey?: string;
    },
  ): Promise<IssueCompletion> {
    const area = this.area(areaId);
    const now = this.d.clock.now();
    const open = availability(area.hours, this.#hoursAt(now), this.d.calendar, false);
    if (!open.open) return { result: 'refused', reason: open.reason, opensAt: open.opensAt };

    const policy = this.d.identify ?? 'priority';
    if (options.useIdentity && policy === 'never')
      throw new CommandError(
        'invalidData',
        'payload.useIdentity: this hall issues tickets without reading ID cards (queue.identify is never)',
      );
    if (!options.useIdentity && policy === 'always')
      return { result: 'refused', reason: 'identityRequired', opensAt: null };

    let reason: PriorityReason | null = null;
    let identity: { digest: string; maxPerArea: number } | undefined;
    let offlineIdentity: { localDigest: string; maxPerArea: number } | undefined;
    if (options.useIdentity) {
      const person = this.d.identity();
      if (!person)
        throw new CommandError('sequenceError', 'payload.useIdentity: no card has been read in this session');
      const age = person.birthDate ? ageOn(person.birthDate, businessDate(now, this.timeZone)) : null;
      if (age !== null && age >= this.d.priority.age) reason = 'age';
      const maxPerArea = this.d.maxTicketsPerIdentity;
      if (this.d.offlineIdentity) {
        offlineIdentity = {
          localDigest: await this.#identityDigest(person.idNumber, now, 'offlineIdentitySalt'),
          maxPerArea,
        };
      }
      try {
        identity = { digest: await this.#identityDigest(person.idNumber, now), maxPerArea };
      } catch (e) {
        // The hall's salt could not be had: only the offline path can issue (with the kiosk's digest).
        // (Not for a refused credential: a revoked kiosk issues nothing.)
        if (!(e instanceof QueueUnreachableError) || !e.retryable || !offlineIdentity) throw e;
      }
    }
    if (!reason && options.declaredDisability && this.d.priority.disability) reason = 'disability';

    const result = await this.d.store.issue({
      area,
      now,
      printer: 'ticketPrinter',
      priorityReason: reason,
      ...(area.dailyCap !== undefined ? { dailyCap: area.dailyCap } : {}),
      ...(identity ? { identity } : {}),
      ...(offlineIdentity ? { offlineIdentity } : {}),
      ...(this.d.pathLimits ? { pathLimits: this.d.pathLimits } : {}),
      ...(options.matterCode !== undefined ? { matterId: options.matterCode } : {}),
      ...(options.requestKey !== undefined ? { requestKey: options.requestKey } : {}),
    });
    if (!result.ok) {
      const next = availability(area.hours, this.#hoursAt(now), this.d.calendar, true);
      this.d.log.info({ area: area.id, reason: result.reason }, 'ticket refused');
      return { result: 'refused', reason: result.reason, opensAt: next.open ? null : next.opensAt };
    }
    this.d.log.info(
      { ticket: result.ticket.number, area: area.id, priority: reason, printJobId: result.printJobId },
      'ticket issued',
    );
    this.d.onQueueChanged?.();
    return { result: 'issued', ...(await this.print(result.ticket, result.printJobId)) };
  }

  /**
   * The ticket of a booking being checked in: issued once (priority if appointments get it), then
   * reprinted on every later check-in of the same booking.
   */
  async issueForBooking(
    bookingId: string,
    areaId: string,
  ): Promise<(Issued & { reprint: boolean }) | { refused: 'capReached' | 'identityLimit' }> {
    const area = this.area(areaId);
    const now = this.d.clock.now();
    const result = await this.d.store.issue({
      area,
      now,
      printer: 'ticketPrinter',
      priorityReason: this.d.priority.appointment ? 'appointment' : null,
      appointmentId: bookingId,
    });
    // A booking's ticket carries no identity and no path limit: only the daily cap can refuse it.
    if (!result.ok) return { refused: result.reason === 'identityLimit' ? 'identityLimit' : 'capReached' };
    this.d.log.info(
      { ticket: result.ticket.number, area: area.id, reprint: result.reprint, printJobId: result.printJobId },
      'appointment ticket',
    );
    if (!result.reprint) this.d.onQueueChanged?.();
    return { ...(await this.print(result.ticket, result.printJobId)), reprint: result.reprint };
  }

  /**
   * The day's salted digest of an ID number: the salt is a per-installation secret (in its own file,
   * not in the database) and the date is part of the input, so digests cannot be looked up in a table
   * nor linked across days. Digests of earlier days are cleared at local midnight (housekeeping.ts).
   */
  async #identityDigest(idNumber: string, now: number, salt = 'identityDigestSalt'): Promise<string> {
    const date = businessDate(now, this.timeZone);
    return createHmac('sha256', await this.d.secrets.secret(salt))
      .update(`${date}|${idNumber.toUpperCase()}`)
      .digest('hex');
  }

  private async print(ticket: Ticket, printJobId: number): Promise<Issued> {
    const printer = this.d.printer();
    if (!printer) {
      await this.d.journal.mark(printJobId, 'failed', 'noDevice');
      return { ticket, print: { printed: false, reason: 'noDevice' }, presented: false };
    }
    const area = this.area(ticket.areaId);
    const bytes = ticketSlip({
      hallName: this.d.hallName,
      area,
      ticket,
      issuedAtLocal: localDateTime(Date.parse(ticket.issuedAt), this.timeZone),
      paperWidth: this.d.paperWidth,
      ...(ticket.priority ? { callOrder: this.d.callOrder } : {}),
    });
    await this.d.journal.mark(printJobId, 'sent');
    const result = await printer.print(bytes);
    if (result.ok) {
      await this.d.journal.mark(printJobId, 'printed');
      if (printer.hasPresenter) {
        void printer
          .watchPresenter()
          .then(async (outcome) => {
            if (outcome === 'notTracked') return;
            await this.d.journal.markPresenter(printJobId, outcome);
            this.d.onPresenter?.(ticket.id, outcome);
          })
          .catch((e: unknown) =>
            this.d.log.warn({ error: (e as Error).message, printJobId }, 'presenter outcome not recorded'),
          );
      }
      return { ticket, print: { printed: true }, presented: printer.hasPresenter };
    }
    await this.d.journal.mark(printJobId, 'failed', `${result.reason}: ${result.detail}`);
    this.d.log.warn(
      { ticket: ticket.number, reason: result.reason },
      'ticket not printed; number shown on screen',
    );
    return { ticket, print: { printed: false, reason: result.reason }, presented: false };
  }
}
