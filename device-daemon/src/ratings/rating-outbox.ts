import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { OutboxRow, RatingStore } from './rating-store.ts';
import {
  checkOutboundUrl,
  OutboundError,
  outboundRequest,
  redactUrl,
  type OutboundAuth,
  type OutboundRequest,
  type OutboundResponse,
} from '../net/outbound.ts';

/** The level names the provincial system expects with each rating. */
export const LEVEL_NAMES = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;

export type DeliveryResult =
  { kind: 'delivered' } | { kind: 'rejected'; reason: string } | { kind: 'retry'; reason: string };

/** Sends one rating to the provincial evaluation system. */
export type RatingSender = (row: OutboxRow) => Promise<DeliveryResult>;

/**
 * The provincial system's HTTP adapter: one POST per rating, JSON, with an `Idempotency-Key` header
 * (the same key on every attempt, so a rating sent twice — after a crash between sending and
 * recording the answer — is counted once). 2xx and 409 (already have it) are delivered; 400 and 422
 * are a rejection, kept for a technician; anything else, a time-out or no network is tried again.
 */
export function httpRatingSender(options: {
  url: string;
  timeoutMs: number;
  hallName: string;
  /** A header token and/or a client certificate (read at start). */
  auth?: OutboundAuth;
  /** The replies to read at most (an acknowledgement is small). */
  maxBytes?: number;
  /** The request (injected in tests); by default through net/outbound.ts. */
  send?: (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;
}): RatingSender {
  // https only (http only to this machine), never credentials in the URL: refused here, before any
  // attempt, as `kiosk config check` refuses them.
  const url = checkOutboundUrl(options.url, 'ratings.endpoint.url');
  const send = options.send ?? outboundRequest;
  return async (row) => {
    const body = {
      idempotencyKey: row.idempotencyKey,
      ratingId: row.ratingId,
      hall: options.hallName,
      channel: 'kiosk',
      serviceEvent: { kind: row.kind, ref: row.ref },
      areaId: row.areaId,
      level: row.level,
      levelName: LEVEL_NAMES[row.level],
      reasons: row.reasons,
      comment: row.comment,
      ratedAt: row.createdAt,
    };
    let response: OutboundResponse;
    try {
      response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': row.idempotencyKey },
        body: JSON.stringify(body),
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes ?? 64 * 1024,
        ...(options.auth ? { auth: options.auth } : {}),
      });
    } catch (e) {
      // OutboundError messages name the URL without user info or query; nothing else is passed on.
      if (e instanceof OutboundError)
        return { kind: 'retry', reason: e.code === 'timeout' ? 'time-out' : e.message };
      return { kind: 'retry', reason: `${redactUrl(url)}: request failed` };
    }
    const { status } = response;
    if ((status >= 200 && status < 300) || status === 409) return { kind: 'delivered' };
    if (status === 400 || status === 422) return { kind: 'rejected', reason: `HTTP ${status}` };
    return { kind: 'retry', reason: `HTTP ${status}` };
  };
}

export type BackOff = { initialMs: number; maxMs: number };

/**
 * Where the outbox finds what to deliver and records what happened: the `RatingStore` (SQLite on a
 * kiosk, PostgreSQL on a hall server). `R` may carry more than an `OutboxRow` for its sender.
 */
export type OutboxStore<R extends OutboxRow = OutboxRow> = Pick<
  RatingStore,
  'nextDueAt' | 'markDelivered' | 'markRejected' | 'retryAt'
> & { due(now: number): Promise<R[]> };

/** Wait before attempt n+1 after n failures: doubling from `initialMs`, ±20 % jitter, never above `maxMs`. */
export function backOffMs(attempts: number, b: BackOff, random = Math.random): number {
  const base = b.initialMs * 2 ** Math.min(30, attempts);
  return Math.min(b.maxMs, Math.round(base * (0.8 + 0.4 * random())));
}

/**
 * Delivers ratings from the outbox, one at a time, oldest first, until none is due; then sleeps
 * until the next is due (at most a minute), or until `kick()` says a new rating arrived. The state is
 * in the database, so a restart picks up where the last run stopped; a long outage only grows the
 * back-off (capped), never drops anything.
 */
export class RatingOutbox<R extends OutboxRow = OutboxRow> {
  #timer: ClockTimer | null = null;
  #running = false;
  #stopped = false;
  #again = false;
  #current: Promise<void> | null = null;

  constructor(
    private readonly store: OutboxStore<R>,
    private readonly send: (row: R) => Promise<DeliveryResult>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly backOff: BackOff = { initialMs: 2000, maxMs: 10 * 60_000 },
  ) {}

  start(): void {
    this.#stopped = false;
    this.kick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Deliver now (a rating was just added). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const run = this.#run().finally(() => {
      if (this.#current === run) this.#current = null;
    });
    this.#current = run;
  }

  /** Resolves once no delivery round is running (tests; orderly shutdown). */
  async settled(): Promise<void> {
    while (this.#current) await this.#current;
  }

  /** Runs deliveries until nothing is due, then schedules the next round. */
  async #run(): Promise<void> {
    this.#running = true;
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    try {
      for (;;) {
        this.#again = false;
        const due = await this.store.due(this.clock.now());
        for (const row of due) {
          if (this.#stopped) return;
          // A sender that throws: its message may carry what the sender was given; only the kind is kept.
          const result = await this.send(row).catch((e: unknown): DeliveryResult => ({
            kind: 'retry',
            reason: e instanceof OutboundError ? e.message : `delivery failed (${(e as Error).name})`,
          }));
          const now = this.clock.now();
          if (result.kind === 'delivered') await this.store.markDelivered(row.ratingId, now);
          else if (result.kind === 'rejected') {
            await this.store.markRejected(row.ratingId, result.reason);
            this.log.warn(
              { rating: row.ratingId, reason: result.reason },
              'rating rejected by the evaluation system',
            );
          } else {
            const wait = backOffMs(row.attempts, this.backOff);
            await this.store.retryAt(row.ratingId, now + wait, result.reason);
            this.log.info(
              { rating: row.ratingId, attempts: row.attempts + 1, retryInMs: wait, reason: result.reason },
              'rating delivery failed; will retry',
            );
          }
        }
        if (due.length === 0 && !this.#again) break;
      }
    } finally {
      this.#running = false;
    }
    if (this.#stopped) return;
    const next = await this.store.nextDueAt();
    // Stopped, or kicked into a new round (which schedules its own), while the store answered.
    if (this.#stopped || this.#running) return;
    const wait = next === null ? 60_000 : Math.max(0, Math.min(60_000, next - this.clock.now()));
    this.#timer = this.clock.setTimeout(() => this.kick(), wait);
  }
}
