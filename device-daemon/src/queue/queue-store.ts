import type { PriorityReason, ServiceArea, Ticket } from '@hall-kiosk/shared';

export type IssuedTicket = { ticket: Ticket; printJobId: number };

export type IssueRequest = {
  area: ServiceArea;
  now: number;
  /** Device the ticket's print job is for. */
  printer: string;
  priorityReason?: PriorityReason | null;
  /** Tickets a day in this area at most (absent: no cap). */
  dailyCap?: number;
  /** Anti-hoarding: the day's salted digest of the holder's ID number, and how many tickets it may hold. */
  identity?: { digest: string; maxPerArea: number };
  /**
   * Hall mode: the holder's digest with the kiosk's own salt, for the limit of tickets issued while the
   * hall cannot be reached (docs/queue.md#offline-issuing). Set together with `identity`, or alone when
   * the hall's salt could not be had (then the ticket can only be issued offline).
   */
  offlineIdentity?: { localDigest: string; maxPerArea: number };
  /** A booking being checked in: one ticket per booking; checking in again reprints it. */
  appointmentId?: string;
  /**
   * Anti-hoarding on the paths without a card, counted on this kiosk (this store) for the day: tickets
   * with a self-declared disability priority (over it: `priorityLimit`), and tickets issued with no
   * card and no booking (over it: `identityRequired`). Absent or 0: no limit.
   */
  pathLimits?: { declaredDisability?: number; withoutCard?: number };
  /**
   * The matter (事项 code of the service catalogue) the ticket is for, when the citizen chose one.
   * The hall keeps it on the ticket; the kiosk's own SQLite queue does not use it.
   */
  matterId?: string;
  /**
   * The kiosk page's key for this citizen's request (`Queue.IssueTicket`'s `requestKey`). In hall mode
   * the hall's idempotency key is made from it, so the page's retry after a crash of the daemon between
   * the hall's answer and the print gets the ticket the hall already issued, not a second one.
   */
  requestKey?: string;
};

export type IssueRefusal = 'capReached' | 'identityLimit' | 'priorityLimit' | 'identityRequired';

export type IssueResult =
  ({ ok: true; reprint: boolean } & IssuedTicket) | { ok: false; reason: IssueRefusal };

export type TicketState = 'waiting' | 'called' | 'done' | 'noShow';

/** A ticket as a counter sees it. */
export type QueueTicket = Ticket & { state: TicketState; counterId: string | null; calledAt: string | null };

/** A waiting ticket as a counter's list shows it. */
export type WaitingEntry = Pick<Ticket, 'areaId' | 'number' | 'priority' | 'appointment'>;

/** One call for the hall display. */
export type CallRecord = { ticketId: number; number: string; areaId: string; counterId: string; at: string };

export type CounterRequest = { counterId: string; now: number };

/** Where a ticket came from, for rating it as a service event. */
export type TicketOrigin = { areaId: string; appointment: boolean };

/**
 * Where queue numbers live. Implemented by the embedded SQLite store (`storage/sqlite/queue-store.ts`);
 * a shared store for a hall with several ticket machines (PostgreSQL) implements the same interface.
 * Every method that changes the queue is one unit of work, done inside the store (one transaction):
 * after a crash at any moment a change happened completely or not at all, and two calls never
 * interleave inside one. The business day of `now` is the store's (it knows the hall's time zone).
 */
export interface QueueStore {
  /**
   * The unit of work of a ticket: checks the area's daily cap and the identity's limit, takes the
   * area's next number for the day, stores the ticket with its wait estimate, its `issued` event, the
   * booking's check-in (if any) and the queued print job of the ticket — all or nothing. A number is
   * never issued twice. For a booking already checked in it records a reprint and a new print job.
   */
  issue(request: IssueRequest): Promise<IssueResult>;
  ticketsToday(areaId: string, now: number): Promise<number>;
  waitingCount(areaId: string, now: number): Promise<number>;
  /** Expected wait for someone joining the area's queue now (see wait-estimate.ts). */
  estimateFor(areaId: string, peopleAhead: number, now: number): Promise<number | null>;
  /** The area a ticket was issued in and whether it was an appointment's, or null if there is no such ticket. */
  ticketOrigin(ticketId: number): Promise<TicketOrigin | null>;
  /** The counter's current ticket is finished and the next one by the call order is called. */
  callNext(request: CounterRequest & { areaIds: string[] }): Promise<QueueTicket | null>;
  recall(request: CounterRequest): Promise<QueueTicket | null>;
  /** The counter's current ticket joins another area's queue at the place of its original arrival. */
  transfer(request: CounterRequest & { toAreaId: string }): Promise<QueueTicket | null>;
  finish(request: CounterRequest & { outcome: 'done' | 'noShow' }): Promise<QueueTicket | null>;
  currentAt(counterId: string): Promise<QueueTicket | null>;
  waiting(areaIds: string[], now: number): Promise<WaitingEntry[]>;
  recentCalls(now: number, limit: number): Promise<CallRecord[]>;
  /** Forgets identity digests of days before `date` (YYYY-MM-DD): they served only that day's limit. */
  forgetDigestsBefore(date: string): Promise<number>;
}
