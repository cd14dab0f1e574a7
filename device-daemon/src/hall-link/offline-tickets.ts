import {
  KioskOfflineAccepted,
  KioskOfflineInfo,
  type Clock,
  type ClockTimer,
  type KioskOfflineTicket,
  type PriorityReason,
  type Ticket,
} from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import { QueueUnreachableError, type QueueUnreachableKind } from '../core/queue-unreachable.ts';
import { HallRequestError, type HallClient } from './hall-client.ts';

/** The last counts the hall gave for an area (kept in memory only), and the day they are of. */
export type LastKnownArea = {
  businessDate: string;
  ticketsToday: number;
  waiting: number;
  capReached: boolean;
};

/** A ticket to issue from the kiosk's offline series (docs/queue.md#offline-issuing). */
export type OfflineIssue = {
  /** The kiosk's device id at the hall (its series is kept per id). */
  deviceId: string;
  area: { id: string; prefix: string; dailyCap?: number };
  /** The kiosk's own clock (the store corrects it by the offset it last measured). */
  now: number;
  timeZone: string;
  priorityReason: PriorityReason | null;
  /**
   * The card holder: the digest with the hall's salt when the kiosk has the salt in memory (sent to the
   * hall later), and always one with the kiosk's own salt (the offline limit, which survives a restart).
   */
  identity?: { hallDigest: string | null; localDigest: string; maxPerArea: number };
  pathLimits?: { declaredDisability?: number; withoutCard?: number };
  lastKnown: LastKnownArea | null;
  printer: string;
  idempotencyKey: string;
};

export type OfflineIssueResult =
  | { ok: true; ticket: Ticket; printJobId: number }
  | {
      ok: false;
      /** `noSeries`: the hall never gave this kiosk an offline series, so it cannot issue offline. */
      reason: 'capReached' | 'identityLimit' | 'priorityLimit' | 'identityRequired' | 'noSeries';
    };

/** An offline ticket the hall does not have yet, as the kiosk sends it. */
export type PendingOfflineTicket = {
  id: number;
  areaId: string;
  businessDate: string;
  number: string;
  idempotencyKey: string;
  issuedAtKiosk: number;
  clockOffsetMs: number | null;
  priorityReason: PriorityReason | null;
  hallDigest: string | null;
};

/** Where the kiosk keeps its offline tickets (storage/sqlite/offline-tickets.ts). */
export interface OfflineTicketStore {
  series(deviceId: string): Promise<{ series: number; clockOffsetMs: number | null } | null>;
  saveSeries(deviceId: string, series: number, clockOffsetMs: number): Promise<void>;
  /** Checks the limits, takes the next number of the series and queues its print job, in one unit of work. */
  issue(request: OfflineIssue): Promise<OfflineIssueResult>;
  /**
   * The offline ticket already issued under `key` (a page's request: see `pageRequestKey`), with a new
   * print job for it in the same unit of work; null when there is none.
   */
  again(key: string, printer: string): Promise<{ ticket: Ticket; printJobId: number } | null>;
  /** Not yet taken by the hall, oldest first. */
  pending(limit?: number): Promise<PendingOfflineTicket[]>;
  pendingCount(): Promise<number>;
  markAccepted(id: number, hallTicketId: number): Promise<void>;
  markRejected(id: number, failure: string): Promise<void>;
  forgetDigestsBefore(date: string): Promise<number>;
}

/**
 * The key of a kiosk page's request (`requestKey`) at the hall, online and offline alike: the hall
 * takes an offline ticket under the key of its request's unanswered online attempt as that ticket
 * (docs/queue.md#a-request-that-timed-out), and a restarted daemon finds the offline ticket it issued
 * for the page's repeated request by it.
 */
export function pageRequestKey(requestKey: string): string {
  return `page-${requestKey}`;
}

/**
 * The offset of the kiosk's clock from the hall's, from one answer: the hall's `now` against the
 * middle of the request's round trip (positive: the hall is ahead).
 */
export function clockOffset(sentAt: number, hallNow: number, receivedAt: number): number {
  return Math.round(hallNow - (sentAt + receivedAt) / 2);
}

export type OfflineSyncOptions = {
  client: HallClient;
  store: OfflineTicketStore;
  deviceId: string;
  clock: Clock;
  log: Logger;
  /** Between two rounds (ms). */
  intervalMs: number;
  /** Told whenever the hall answered (true) or could not be reached (false, and how). */
  onLink?: (up: boolean, kind?: QueueUnreachableKind) => void;
};

export type SyncRound = { reachable: boolean; sent: number; rejected: number; pending: number };

/**
 * Keeps the kiosk's offline series and clock offset current and, once the hall answers again, sends
 * every offline ticket to it, oldest first, one at a time, each with the key it was stored with (a
 * retry after a lost answer is answered with the same hall ticket). A ticket the hall refuses (4xx:
 * a bug on one side) is marked rejected and logged for a technician, never sent again; when the link
 * fails the round stops and the next one starts over from the oldest pending ticket.
 */
export class OfflineSync {
  readonly #o: OfflineSyncOptions;
  #timer: ClockTimer | null = null;
  #running: Promise<SyncRound> | null = null;
  #stopped = true;

  constructor(options: OfflineSyncOptions) {
    if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1)
      throw new RangeError('intervalMs must be a whole number ≥ 1');
    this.#o = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      void this.round()
        .catch((e: unknown) => this.#o.log.warn({ error: (e as Error).message }, 'offline sync round failed'))
        .finally(() => this.#schedule(this.#o.intervalMs));
    }, ms);
  }

  /** A round now, while started (the link came back: the offline tickets need not wait for the timer). */
  kick(): void {
    if (this.#stopped) return;
    void this.round().catch((e: unknown) =>
      this.#o.log.warn({ error: (e as Error).message }, 'offline sync round failed'),
    );
  }

  /** One round (rounds never overlap: a second caller shares the running one). */
  round(): Promise<SyncRound> {
    this.#running ??= this.#round().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #round(): Promise<SyncRound> {
    const { client, store, clock, log } = this.#o;
    let sent = 0;
    let rejected = 0;
    try {
      const sentAt = clock.now();
      let info;
      try {
        info = await client.get('/api/kiosk/offline', KioskOfflineInfo);
      } catch (e) {
        // The hall answered, with a refusal (no series left for this kiosk, say): the link is up.
        if (e instanceof HallRequestError) this.#o.onLink?.(true);
        throw e;
      }
      const receivedAt = clock.now();
      // The hall's `now` is a reading of its clock, to the millisecond; of the recent ones the client keeps
      // (hall-clock.ts) the one that can be least off is believed, so a slow answer does not move where
      // the next offline tickets join the queue while a better reading is among them.
      const skew = client.clockSkew;
      skew?.observe({ sentAt, receivedAt, hallMs: info.now });
      const offset = skew?.report()?.offsetMs ?? clockOffset(sentAt, info.now, receivedAt);
      await store.saveSeries(this.#o.deviceId, info.series, offset);
      this.#o.onLink?.(true);
      for (;;) {
        const batch = await store.pending(20);
        if (batch.length === 0) break;
        for (const t of batch) {
          const body: KioskOfflineTicket = {
            idempotencyKey: t.idempotencyKey,
            areaId: t.areaId,
            number: t.number,
            businessDate: t.businessDate,
            issuedAtKiosk: t.issuedAtKiosk,
            // The offset the ticket's day was decided with; the one just measured if there was none.
            clockOffsetMs: t.clockOffsetMs ?? offset,
            priorityReason: t.priorityReason,
            ...(t.hallDigest ? { identityDigest: t.hallDigest } : {}),
          };
          try {
            const answer = await client.post('/api/kiosk/offline-tickets', body, KioskOfflineAccepted);
            await store.markAccepted(t.id, answer.ticket.id);
            sent++;
          } catch (e) {
            if (!(e instanceof HallRequestError)) throw e;
            await store.markRejected(t.id, e.message);
            rejected++;
            log.error(
              { ticket: t.number, status: e.status, code: e.code },
              'the hall refused an offline ticket; the citizen holds it: ask staff to serve it',
            );
          }
        }
      }
      if (sent > 0) log.info({ sent, rejected }, 'offline tickets sent to the hall');
      return { reachable: true, sent, rejected, pending: 0 };
    } catch (e) {
      if (!(e instanceof QueueUnreachableError)) throw e;
      // Only an outage sends the kiosk offline; a refused credential (a revoked kiosk) or a broken
      // answer does not: the kiosk then asks the hall for each ticket and is refused.
      this.#o.onLink?.(!e.retryable, e.kind);
      return { reachable: false, sent, rejected, pending: await store.pendingCount() };
    }
  }
}
