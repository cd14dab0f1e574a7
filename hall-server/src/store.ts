import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { OFFLINE_NUMBER, ServiceArea, type PriorityReason, type Ticket } from '@hall-kiosk/shared';
import { businessDate } from '../../device-daemon/src/core/local-day.ts';
import { addDays } from '../../device-daemon/src/queue/calendar.ts';
import {
  nextToCall,
  type CallOrderRule,
  type WaitingTicket,
} from '../../device-daemon/src/queue/call-order.ts';
import type {
  CallRecord,
  CounterRequest,
  IssueRequest,
  QueueStore,
  QueueTicket,
  TicketOrigin,
  TicketState,
  WaitingEntry,
} from '../../device-daemon/src/queue/queue-store.ts';
import { estimateWaitMinutes, type WaitEstimateRule } from '../../device-daemon/src/queue/wait-estimate.ts';

/** What went wrong with a request the store cannot carry out (never a refusal the queue rules decide). */
export class HallStoreError extends Error {
  constructor(
    readonly code:
      | 'badRequest'
      | 'unknownArea'
      | 'unknownCounter'
      | 'areaNotServed'
      | 'unknownStaff'
      /** The action names a staff member who is not the one signed in at that window now. */
      | 'notAtCounter'
      /** The idempotency key was used before for a different request. */
      | 'idempotencyConflict'
      /** An offline ticket's number is already a ticket of that day (sent again under another key). */
      | 'numberTaken'
      /** No offline series is left for this kiosk (all 99 are taken). */
      | 'noOfflineSeries',
    message: string,
  ) {
    super(message);
    this.name = 'HallStoreError';
  }
}

/**
 * A kiosk's request for a ticket. The kiosk keeps its print journal itself, so unlike the daemon's
 * `IssueRequest` there is no printer here; instead every request carries the kiosk's id and a key the
 * kiosk chose for this request (and reuses when it retries).
 */
export type HallIssueRequest = Omit<IssueRequest, 'area' | 'printer'> & {
  areaId: string;
  kioskId: string;
  idempotencyKey: string;
};

export type HallIssueResult =
  | {
      ok: true;
      ticket: Ticket;
      /** A booking already checked in: the same ticket again. */
      reprint: boolean;
      /** The answer to an earlier request with the same key (nothing new was issued). */
      replayed: boolean;
    }
  | { ok: false; reason: HallIssueRefusal };

/**
 * Why the hall issued nothing: the area's daily cap, the person's limit, or one of the issuing
 * kiosk's own limits on the paths without a card (`pathLimits`, counted per kiosk and day).
 */
export type HallIssueRefusal = 'capReached' | 'identityLimit' | 'priorityLimit' | 'identityRequired';

/**
 * A ticket a kiosk issued and printed while it could not reach the hall, sent once the link is back
 * (shared/src/http/hall-kiosk.ts `KioskOfflineTicket`, with the kiosk and the hall's clock added).
 */
export type OfflineTicketRequest = {
  kioskId: string;
  idempotencyKey: string;
  areaId: string;
  number: string;
  businessDate: string;
  issuedAtKiosk: number;
  clockOffsetMs: number | null;
  priorityReason: PriorityReason | null;
  identityDigest?: string;
  /** The hall's clock now. */
  now: number;
};

/** What the event log says of a ticket that arrived late from an offline kiosk. */
export const LATE_FROM_OFFLINE = 'late from offline kiosk';
/** In the issue event of an online ticket that became the offline ticket printed for its request. */
export const TOOK_THE_PLACE_OF = 'took the place of the unanswered online number';
/**
 * In the issue event of an offline ticket printed for a request whose online ticket the hall had issued
 * but could not hand over (called meanwhile, or of another day): `(unanswered online ticket #ID (NUMBER))`.
 */
export const UNANSWERED_ONLINE = '(unanswered online ticket #';

const lateDetail = (now: Date, clockOffsetMs: number | null | undefined) =>
  `${LATE_FROM_OFFLINE}; received ${iso(now)}, kiosk clock offset ${clockOffsetMs ?? 'unknown'} ms`;

const DAY_MS = 86_400_000;

/** One line of the hall's event log as listeners read it. */
export type HallEvent = {
  id: number;
  ticketId: number;
  event: 'issued' | 'reprinted' | 'called' | 'recalled' | 'transferred' | 'done' | 'noShow';
  areaId: string;
  counterId: string | null;
  /** A `transferred` event sent to one window: that window (null otherwise; `eventsSince` always sets it). */
  toCounterId?: string | null;
  at: string;
};

/**
 * Who acts at a window: when given, the store refuses (`notAtCounter`) unless this person is signed in
 * there. With `actionKey` (the counter page's idempotency key, 8-128 of [A-Za-z0-9_.:-]), a repeat of
 * the same request does nothing and gets the first answer (the ticket acted on, as it is now).
 */
export type WindowRequest = CounterRequest & { staffId?: number; audit?: AuditNote; actionKey?: string };

/**
 * The audit row of a window action, written in the action's own transaction (so an action is never
 * done without its row, nor answered with an error after it was done). `detail` gets the number of
 * the ticket acted on (null: nobody).
 */
export type AuditNote = {
  actor: string;
  source: string;
  action: string;
  detail: (ticketNumber: string | null) => string;
};

/** Where a transfer sends the window's current ticket: an area's queue, or one window. */
export type TransferTarget = { toAreaId: string } | { toCounterId: string };

/** What the counter page shows for a window (numbers and areas only, nothing personal about citizens). */
export type CounterState = {
  counter: { id: string; name: string; areaIds: string[]; paused: boolean };
  /** The person signed in at the window now. */
  staff: { id: number; number: string; name: string; since: string } | null;
  current: {
    ticketId: number;
    number: string;
    areaId: string;
    priority: boolean;
    priorityReason: PriorityReason | null;
    appointment: boolean;
    calledAt: string;
    /** The matter (事项 code) the ticket is for: from the kiosk, or as set at the window (null: none). */
    matterId: string | null;
    /** Set when the ticket came here by a transfer: the window and area it was sent from. */
    transferredFrom: { counterId: string | null; areaId: string } | null;
    /** Arrived late from an offline kiosk (absent: no). */
    offline?: true;
  } | null;
  /** Waiting per served area (tickets sent to one window are not counted here). */
  waiting: { areaId: string; priority: number; regular: number }[];
  /** Tickets sent to this window, oldest first. */
  sentHere: {
    ticketId: number;
    number: string;
    areaId: string;
    priority: boolean;
    queuedAt: string;
    fromCounterId: string | null;
    offline?: true;
  }[];
};

export type CounterConfig = { id: string; name: string; areaIds: string[] };
export type HallLayout = { areas: ServiceArea[]; counters: CounterConfig[] };

export type HallRules = { callOrder: CallOrderRule; estimate: WaitEstimateRule };

export type HallStoreOptions = {
  /** The hall's IANA time zone: business days (and number resets) follow its midnight. */
  timeZone: string;
  rules?: HallRules;
  /** Send a NOTIFY hint (`event:ticketId:areaId` on channel `hall_queue`) after each change (default on). */
  hints?: boolean;
};

/**
 * The daemon's queue seam, as far as it applies to a hall: `issue` is replaced by the idempotent
 * `HallIssueRequest` form (no print job), and `callNext` may leave the areas to the counter's
 * configuration.
 */
export type HallQueue = Omit<QueueStore, 'issue' | 'callNext'> & {
  issue(request: HallIssueRequest): Promise<HallIssueResult>;
  callNext(request: CounterRequest & { areaIds?: string[] }): Promise<QueueTicket | null>;
};

type TicketRow = {
  id: number;
  area_id: string;
  business_date: string;
  number: string;
  issued_at: Date;
  queued_at: Date;
  priority: boolean;
  priority_reason: PriorityReason | null;
  appointment_id: string | null;
  estimated_wait: number | null;
  state: TicketState;
  counter_id: string | null;
  called_at: Date | null;
  people_ahead: number;
  offline: boolean;
};

// Tickets are shown with the area they wait in; people_ahead counts the waiting tickets before this
// one in that area, the day before's still waiting included (priority tickets count only priority
// tickets ahead of them).
const TICKET_SELECT = `SELECT t.id, t.queue_area_id AS area_id, t.business_date, t.number, t.issued_at, t.queued_at,
  t.priority, t.priority_reason, t.appointment_id, t.estimated_wait, t.state, t.counter_id, t.called_at,
  t.offline_series IS NOT NULL AS offline,
  (SELECT count(*) FROM tickets w WHERE w.queue_area_id = t.queue_area_id
     AND w.business_date BETWEEN to_char(t.business_date::date - 1, 'YYYY-MM-DD') AND t.business_date
     AND w.state = 'waiting' AND (w.queued_at, w.id) < (t.queued_at, t.id) AND (NOT t.priority OR w.priority))::int
  AS people_ahead
  FROM tickets t`;

/** A counter that called or finished someone in the last this many ms counts as serving the area. */
const ACTIVE_COUNTER_MS = 30 * 60_000;

/**
 * What a wait estimate is made of, for the area `area` (an SQL expression): the service times of its
 * last `sample` tickets done on `date`, newest first, and how many windows served it since `since`.
 */
const estimateInputs = (area: string, date: string, sample: string, since: string) => `
  (SELECT array_agg(s) FROM (
     SELECT extract(epoch FROM finished_at - called_at)::float8 AS s FROM tickets
     WHERE queue_area_id = ${area} AND business_date = ${date} AND state = 'done' AND called_at IS NOT NULL
     ORDER BY finished_at DESC LIMIT ${sample}) x) AS times,
  (SELECT count(DISTINCT counter_id)::int FROM tickets
     WHERE queue_area_id = ${area} AND counter_id IS NOT NULL AND coalesce(finished_at, called_at) >= ${since}) AS counters`;

/** An area as a kiosk's area screen shows it. */
export type AreaSummary = {
  areaId: string;
  /** Waiting in the area now, the day before's still waiting included. */
  waiting: number;
  /** Issued in the area on the hall's business day. */
  ticketsToday: number;
  estimatedWaitMinutes: number | null;
};

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}$/;
const KIOSK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const COUNTER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** A matter's code, as `MatterCode` of the shared catalogue (and the column's CHECK). */
const MATTER = /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/;

class Refusal {
  constructor(readonly reason: HallIssueRefusal) {}
}

const iso = (d: Date) => d.toISOString();

/** The head of one class of an area's queue, with the area's latest calls (true: a priority call). */
type AreaHead = { priority: boolean; id: number; queued_at: Date; recent: boolean[] };

/**
 * Whether a `called` event `e` is the call of a ticket sent to one window (transfer to a window): that
 * window calls it outside the area's call order, so it neither makes nor breaks the area's priority run.
 */
const SENT_TO_A_WINDOW = `EXISTS (SELECT 1 FROM ticket_events s WHERE s.ticket_id = e.ticket_id
  AND s.event = 'transferred' AND s.to_counter_id IS NOT NULL AND s.id < e.id)`;

/**
 * The first business day whose waiting tickets are still in the queue on `date`: the day before
 * (docs/queue.md#midnight). A ticket taken at 23:59 is called after midnight, ahead of the new day's.
 */
export function queueFrom(date: string): string {
  return addDays(date, -1);
}

/** Reads the `AreaHead`s of an area (arguments: SQL literals): waiting from `from`, the run of `date`'s calls. */
const areaHeadsSql = (area: string, date: string, from: string) =>
  `SELECT h.priority, h.id, h.queued_at,
     array(SELECT e.priority FROM ticket_events e WHERE e.event = 'called' AND e.area_id = ${area}
             AND e.business_date = ${date} AND NOT ${SENT_TO_A_WINDOW} ORDER BY e.id DESC LIMIT 50) AS recent
   FROM (SELECT DISTINCT ON (priority) priority, id, queued_at FROM tickets
         WHERE queue_area_id = ${area} AND business_date BETWEEN ${from} AND ${date} AND state = 'waiting' AND target_counter_id IS NULL
         ORDER BY priority, queued_at, id) h`;

/** The oldest waiting ticket of an area and class that no other window is taking (for `#take`). */
const oldestOf = (areaId: string, date: string, priority: boolean) => ({
  sql: `SELECT id FROM tickets WHERE queue_area_id = $1 AND business_date BETWEEN $2 AND $3 AND state = 'waiting'
          AND priority = $4 AND target_counter_id IS NULL
        ORDER BY queued_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`,
  params: [areaId, queueFrom(date), date, priority],
});

/** The first key of the areas' decision locks (`pg_advisory_xact_lock(AREA_LOCK_SPACE, key)`): "AREA". */
const AREA_LOCK_SPACE = 0x41524541;

/** An area's decision-lock key: FNV-1a of its id, as a signed 32-bit integer (a collision only serialises two areas). */
export function areaLockKey(areaId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < areaId.length; i++) {
    h ^= areaId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function toQueueTicket(row: TicketRow): QueueTicket {
  return {
    id: row.id,
    number: row.number,
    areaId: row.area_id,
    businessDate: row.business_date,
    issuedAt: iso(row.issued_at),
    peopleAhead: row.people_ahead,
    priority: row.priority,
    priorityReason: row.priority_reason,
    appointment: row.appointment_id !== null,
    estimatedWaitMinutes: row.estimated_wait,
    state: row.state,
    counterId: row.counter_id,
    calledAt: row.called_at ? iso(row.called_at) : null,
    ...(row.offline ? { offline: true } : {}),
  };
}

function toTicket(row: TicketRow): Ticket {
  const { state: _s, counterId: _c, calledAt: _a, ...ticket } = toQueueTicket(row);
  return ticket;
}

function checkMs(now: number): Date {
  if (!Number.isFinite(now)) throw new HallStoreError('badRequest', 'now must be a time in ms');
  return new Date(now);
}

/**
 * The hall's queue in PostgreSQL, shared by every kiosk and counter of the hall. Each method that
 * changes the queue is one transaction (READ COMMITTED) on one pooled connection:
 *
 * - issue: the area-day row of `area_day_numbers` is incremented with INSERT … ON CONFLICT … DO UPDATE
 *   … RETURNING in the transaction that inserts the ticket; caps and identity limits are checked while
 *   that row is locked, so they hold hall-wide, and a refusal rolls the increment back (no gap).
 * - call next: the counter's own row is locked (one request per window at a time); the ticket is taken
 *   with FOR NO KEY UPDATE SKIP LOCKED, so counters calling together never wait for each other and never
 *   take the same ticket.
 */
export class PgHallStore implements HallQueue {
  readonly #pool: Pool;
  readonly #timeZone: string;
  readonly #rules: HallRules;
  readonly #hints: boolean;

  constructor(pool: Pool, options: HallStoreOptions) {
    this.#pool = pool;
    this.#timeZone = options.timeZone;
    this.#hints = options.hints ?? true;
    this.#rules = options.rules ?? {
      callOrder: { priorityPerRegular: 2 },
      estimate: { sample: 10, minSample: 3 },
    };
    // Throws a RangeError at once for a time zone the runtime does not know.
    businessDate(0, this.#timeZone);
  }

  #date(now: number): string {
    return businessDate(checkMs(now).getTime(), this.#timeZone);
  }

  /** Hints to send once the transaction of this connection has committed. */
  readonly #pendingHints = new Map<PoolClient, string[]>();

  #hint(c: PoolClient, event: string, ticketId: number, areaId: string): void {
    if (!this.#hints) return;
    this.#pendingHints.get(c)?.push(`${event}:${ticketId}:${areaId}`);
  }

  /**
   * NOTIFY hall_queue after commit, in a transaction of its own. Not inside the unit of work: a
   * notifying transaction holds PostgreSQL's global notify lock through its commit (WAL flush
   * included), which serialised every window's commit in the harness. A hint lost here (a crash between
   * the two) is a hint: listeners read `eventsSince` after every reconnect anyway.
   */
  async #sendHints(hints: string[]): Promise<void> {
    if (hints.length === 0) return;
    try {
      await this.#pool.query(`SELECT pg_notify('hall_queue', h) FROM unnest($1::text[]) AS h`, [hints]);
    } catch {
      // Only a hint.
    }
  }

  async #tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    let released = false;
    const hints: string[] = [];
    this.#pendingHints.set(client, hints);
    try {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        this.#pendingHints.delete(client);
        client.release();
        released = true;
        await this.#sendHints(hints);
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // The connection is gone: the server rolls back by itself; the pool must not reuse it.
          broken = rollbackErr as Error;
        }
        throw err;
      }
    } finally {
      this.#pendingHints.delete(client);
      if (!released) client.release(broken);
    }
  }

  /** Creates or updates the hall's areas and counters (a counter's areas are replaced). */
  async configure(layout: HallLayout): Promise<void> {
    for (const area of layout.areas) {
      const parsed = ServiceArea.safeParse(area);
      if (!parsed.success) throw new HallStoreError('badRequest', `invalid area ${JSON.stringify(area.id)}`);
    }
    for (const c of layout.counters) {
      if (!COUNTER.test(c.id) || c.name.length === 0 || c.areaIds.length === 0) {
        throw new HallStoreError('badRequest', `invalid counter ${JSON.stringify(c.id)}`);
      }
    }
    await this.#tx(async (c) => {
      for (const a of layout.areas) {
        await c.query(
          `INSERT INTO areas (id, prefix, name) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET prefix = EXCLUDED.prefix, name = EXCLUDED.name`,
          [a.id, a.prefix, JSON.stringify(a.name)],
        );
      }
      for (const counter of layout.counters) {
        await c.query(
          `INSERT INTO counters (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
          [counter.id, counter.name],
        );
        await c.query('DELETE FROM counter_areas WHERE counter_id = $1', [counter.id]);
        const { rowCount } = await c.query(
          `INSERT INTO counter_areas (counter_id, area_id) SELECT $1, a.id FROM areas a WHERE a.id = ANY($2::text[])`,
          [counter.id, counter.areaIds],
        );
        if (rowCount !== new Set(counter.areaIds).size) {
          throw new HallStoreError('unknownArea', `counter ${counter.id} names an area that does not exist`);
        }
      }
    });
  }

  async issue(request: HallIssueRequest): Promise<HallIssueResult> {
    const r = request;
    if (!KEY.test(r.idempotencyKey))
      throw new HallStoreError('badRequest', 'idempotency key: 8-128 of [A-Za-z0-9_.:-]');
    if (!KIOSK.test(r.kioskId)) throw new HallStoreError('badRequest', 'invalid kiosk id');
    if (r.dailyCap !== undefined && (!Number.isInteger(r.dailyCap) || r.dailyCap < 0)) {
      throw new HallStoreError('badRequest', 'dailyCap must be a non-negative integer');
    }
    if (r.matterId !== undefined && !MATTER.test(r.matterId))
      throw new HallStoreError('badRequest', 'invalid matter id');
    const at = checkMs(r.now);
    const date = this.#date(r.now);
    // What the request asks for, so a reused key with a different request is told apart from a retry.
    const requestHash = createHash('sha256')
      .update(
        JSON.stringify([
          r.areaId,
          r.priorityReason ?? null,
          r.appointmentId ?? null,
          r.identity?.digest ?? null,
          // Only when given, so the keys of requests without a matter hash as they always did.
          ...(r.matterId !== undefined ? [r.matterId] : []),
        ]),
      )
      .digest('base64url');
    const attempt = () =>
      this.#tx(async (c): Promise<HallIssueResult> => {
        // The key first: a concurrent request with the same key waits here until the first commits.
        const claimed = await c.query(
          `INSERT INTO idempotency_keys (kiosk_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [r.kioskId, r.idempotencyKey, requestHash, at],
        );
        if (claimed.rowCount === 0) {
          const prior = await c.query<{ request_hash: string; ticket_id: number; reprint: boolean }>(
            'SELECT request_hash, ticket_id, reprint FROM idempotency_keys WHERE kiosk_id = $1 AND key = $2',
            [r.kioskId, r.idempotencyKey],
          );
          const p = prior.rows[0]!;
          if (p.request_hash !== requestHash) {
            throw new HallStoreError(
              'idempotencyConflict',
              'this idempotency key was used for another request',
            );
          }
          const row = await this.#byId(c, p.ticket_id);
          return { ok: true, ticket: toTicket(row), reprint: p.reprint, replayed: true };
        }
        const area = await c.query<{ prefix: string }>('SELECT prefix FROM areas WHERE id = $1', [r.areaId]);
        if (area.rowCount === 0)
          throw new HallStoreError('unknownArea', `no area ${JSON.stringify(r.areaId)}`);

        if (r.appointmentId !== undefined) {
          const existing = await c.query<{ id: number; queue_area_id: string; priority: boolean }>(
            'SELECT id, queue_area_id, priority FROM tickets WHERE appointment_id = $1 FOR UPDATE',
            [r.appointmentId],
          );
          const e = existing.rows[0];
          if (e) {
            await this.#event(c, e.id, at, 'reprinted', e.queue_area_id, date, e.priority, {
              kioskId: r.kioskId,
            });
            await c.query(
              'UPDATE idempotency_keys SET ticket_id = $3, reprint = true WHERE kiosk_id = $1 AND key = $2',
              [r.kioskId, r.idempotencyKey, e.id],
            );
            return { ok: true, ticket: toTicket(await this.#byId(c, e.id)), reprint: true, replayed: false };
          }
        }
        if (r.dailyCap === 0) throw new Refusal('capReached');
        // Take the number: this locks the area-day row until commit; every check below runs under it.
        const bumped = await c.query<{ last_seq: number; offline_count: number }>(
          `INSERT INTO area_day_numbers AS n (area_id, business_date, last_seq) VALUES ($1, $2, 1)
           ON CONFLICT (area_id, business_date) DO UPDATE SET last_seq = n.last_seq + 1
           RETURNING last_seq, offline_count`,
          [r.areaId, date],
        );
        const seq = bumped.rows[0]!.last_seq;
        // Tickets that arrived late from offline kiosks count against the cap too.
        if (r.dailyCap !== undefined && seq + bumped.rows[0]!.offline_count > r.dailyCap)
          throw new Refusal('capReached');
        if (r.identity && r.identity.maxPerArea > 0) {
          const held = await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM tickets WHERE area_id = $1 AND business_date = $2 AND identity_digest = $3`,
            [r.areaId, date, r.identity.digest],
          );
          if (held.rows[0]!.n >= r.identity.maxPerArea) throw new Refusal('identityLimit');
        }
        // The kiosk's own limits on the paths without a card, counted over what this kiosk issued today.
        const limits = r.pathLimits;
        if (limits?.declaredDisability && r.priorityReason === 'disability') {
          const n = await this.#countByKiosk(c, r.kioskId, date, `priority_reason = 'disability'`);
          if (n >= limits.declaredDisability) throw new Refusal('priorityLimit');
        }
        if (limits?.withoutCard && !r.identity && r.appointmentId === undefined) {
          const n = await this.#countByKiosk(
            c,
            r.kioskId,
            date,
            'identity_digest IS NULL AND appointment_id IS NULL',
          );
          if (n >= limits.withoutCard) throw new Refusal('identityRequired');
        }
        const priority = r.priorityReason != null;
        // The ticket and its issued event in one statement.
        const inserted = await c.query<{ id: number }>(
          `WITH t AS (
             INSERT INTO tickets (area_id, queue_area_id, business_date, seq, number, kiosk_id, issued_at, queued_at,
               priority, priority_reason, appointment_id, identity_digest, matter_id)
             VALUES ($1, $1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11) RETURNING id)
           INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, kiosk_id, matter_id)
           SELECT id, $6, 'issued', $1, $2, $7, $5, $11 FROM t RETURNING ticket_id AS id`,
          [
            r.areaId,
            date,
            seq,
            `${area.rows[0]!.prefix}${String(seq).padStart(3, '0')}`,
            r.kioskId,
            at,
            priority,
            r.priorityReason ?? null,
            r.appointmentId ?? null,
            r.identity?.digest ?? null,
            r.matterId ?? null,
          ],
        );
        const id = inserted.rows[0]!.id;
        this.#hint(c, 'issued', id, r.areaId);
        const row = await this.#byId(c, id);
        row.estimated_wait = await this.#estimate(c, r.areaId, row.people_ahead, r.now);
        // The estimate on the ticket and the ticket on the key, in one statement.
        await c.query(
          `WITH e AS (UPDATE tickets SET estimated_wait = $1 WHERE id = $2)
           UPDATE idempotency_keys SET ticket_id = $2 WHERE kiosk_id = $3 AND key = $4`,
          [row.estimated_wait, id, r.kioskId, r.idempotencyKey],
        );
        return { ok: true, ticket: toTicket(row), reprint: false, replayed: false };
      });
    try {
      try {
        return await attempt();
      } catch (err) {
        // Two first check-ins of one booking at once: the loser sees the winner's ticket on a retry.
        if (isUniqueViolation(err, 'tickets_appointment_id_key')) return await attempt();
        throw err;
      }
    } catch (err) {
      // A refusal rolled the transaction back: no number taken, no key stored (a retry is decided
      // again, and caps and limits only tighten during a day).
      if (err instanceof Refusal) return { ok: false, reason: err.reason };
      throw err;
    }
  }

  /**
   * The offline series of a kiosk (1-99): the one it has, or the lowest free one, assigned now and
   * kept for good (two kiosks asking at once: the loser of the unique index asks again).
   */
  async offlineSeries(kioskId: string): Promise<number> {
    if (!KIOSK.test(kioskId)) throw new HallStoreError('badRequest', 'invalid kiosk id');
    for (let attempt = 0; ; attempt++) {
      // Asked every few seconds by every kiosk: a read, and a write only the first time.
      const known = await this.#pool.query<{ offline_series: number | null }>(
        `SELECT offline_series FROM devices WHERE id = $1 AND kind = 'kiosk'`,
        [kioskId],
      );
      if (known.rows.length === 0)
        throw new HallStoreError('badRequest', `no kiosk ${JSON.stringify(kioskId)}`);
      if (known.rows[0]!.offline_series !== null) return known.rows[0]!.offline_series;
      try {
        const { rows } = await this.#pool.query<{ offline_series: number | null }>(
          `UPDATE devices SET offline_series = (
             SELECT min(s) FROM generate_series(1, 99) s
             WHERE s NOT IN (SELECT offline_series FROM devices WHERE offline_series IS NOT NULL))
           WHERE id = $1 AND offline_series IS NULL RETURNING offline_series`,
          [kioskId],
        );
        // Another request of this kiosk assigned it meanwhile: read it again.
        if (rows.length === 0) continue;
        if (rows[0]!.offline_series === null)
          throw new HallStoreError('noOfflineSeries', 'all 99 offline series are taken');
        return rows[0]!.offline_series;
      } catch (err) {
        if (attempt < 5 && isUniqueViolation(err, 'devices_offline_series_key')) continue;
        throw err;
      }
    }
  }

  /**
   * Takes a ticket a kiosk issued while it could not reach the hall (docs/queue.md#offline-issuing).
   * It joins its area's queue at the place of its issue time (the kiosk's clock corrected by the
   * offset the kiosk measured, never later than now), keeps its number, counts against the area's
   * cap (never refused: the citizen holds the paper) and is marked in the event log as
   * `late from offline kiosk`. Idempotent by the kiosk's key; the number must be of this kiosk's
   * series and of the area's prefix, and the day printed on it within a day of the corrected time.
   *
   * The kiosk sends an offline ticket under the key of its online request for the same citizen when
   * that request got no answer (docs/queue.md#a-request-that-timed-out). If the hall had issued that
   * request after all, its ticket was never printed: while it still waits, it *becomes* the offline
   * ticket (the number on the paper, its place the hall's own issue time, counted once against the cap
   * and the person's limit); if it was called meanwhile (no one came for a number no one held), the
   * offline ticket joins as a new one. Either way one ticket of that citizen is in the queue.
   */
  async acceptOffline(r: OfflineTicketRequest): Promise<{ ticket: Ticket; replayed: boolean }> {
    if (!KEY.test(r.idempotencyKey))
      throw new HallStoreError('badRequest', 'idempotency key: 8-128 of [A-Za-z0-9_.:-]');
    if (!KIOSK.test(r.kioskId)) throw new HallStoreError('badRequest', 'invalid kiosk id');
    const parts = OFFLINE_NUMBER.exec(r.number);
    if (!parts) throw new HallStoreError('badRequest', 'not an offline ticket number');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.businessDate))
      throw new HallStoreError('badRequest', 'businessDate must be YYYY-MM-DD');
    const offset = r.clockOffsetMs ?? 0;
    if (!Number.isSafeInteger(r.issuedAtKiosk) || !Number.isSafeInteger(offset))
      throw new HallStoreError('badRequest', 'issuedAtKiosk and clockOffsetMs are whole ms');
    const now = checkMs(r.now);
    // Its place in the queue: when it was issued by the hall's clock (a ticket is never from the future).
    const issuedAt = new Date(Math.min(r.issuedAtKiosk + offset, now.getTime()));
    const dayOfIssue = this.#date(issuedAt.getTime());
    if (Math.abs(Date.parse(r.businessDate) - Date.parse(dayOfIssue)) > DAY_MS)
      throw new HallStoreError(
        'badRequest',
        `the day on the ticket (${r.businessDate}) is not the day it was issued (${dayOfIssue})`,
      );
    const date = r.businessDate;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(['offline', r.areaId, r.number, date]))
      .digest('base64url');
    try {
      return await this.#tx(async (c) => {
        // The online ticket issued under this key that stays a ticket of its own (called meanwhile, or of
        // another day): the key moves to the offline ticket, whose issue event names it.
        let unanswered: { id: number; number: string } | null = null;
        const claimed = await c.query(
          `INSERT INTO idempotency_keys (kiosk_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [r.kioskId, r.idempotencyKey, requestHash, now],
        );
        if (claimed.rowCount === 0) {
          const prior = await c.query<{ request_hash: string; ticket_id: number }>(
            'SELECT request_hash, ticket_id FROM idempotency_keys WHERE kiosk_id = $1 AND key = $2',
            [r.kioskId, r.idempotencyKey],
          );
          if (prior.rows[0]!.request_hash === requestHash)
            return { ticket: toTicket(await this.#byId(c, prior.rows[0]!.ticket_id)), replayed: true };
          // The key of an online request of this kiosk for this area that the hall did issue.
          const ghost = await c.query<{ id: number; number: string; replaceable: boolean }>(
            `SELECT id, number,
               state = 'waiting' AND business_date = $4
                 AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.event = 'called')
                 AS replaceable
             FROM tickets WHERE id = $1 AND kiosk_id = $2 AND area_id = $3
               AND offline_series IS NULL AND appointment_id IS NULL FOR UPDATE`,
            [prior.rows[0]!.ticket_id, r.kioskId, r.areaId, date],
          );
          if (ghost.rowCount === 0)
            throw new HallStoreError(
              'idempotencyConflict',
              'this idempotency key was used for another request',
            );
          const series = await this.#offlineSeriesOf(c, r, parts);
          await c.query('UPDATE idempotency_keys SET request_hash = $3 WHERE kiosk_id = $1 AND key = $2', [
            r.kioskId,
            r.idempotencyKey,
            requestHash,
          ]);
          const g = ghost.rows[0]!;
          if (g.replaceable) {
            // Never printed, never called, of the same day: the same ticket under the number the citizen
            // holds. It keeps its sequence (counted once in the area's last number, as it was) and its
            // issue event says which online number it stood for.
            await c.query(
              `UPDATE tickets SET number = $2, offline_series = $3, received_at = $4 WHERE id = $1`,
              [g.id, r.number, series, now],
            );
            await c.query(`UPDATE ticket_events SET detail = $2 WHERE ticket_id = $1 AND event = 'issued'`, [
              g.id,
              `${lateDetail(now, r.clockOffsetMs)}; ${TOOK_THE_PLACE_OF} ${g.number}`,
            ]);
            this.#hint(c, 'issued', g.id, r.areaId);
            return { ticket: toTicket(await this.#byId(c, g.id)), replayed: false };
          }
          unanswered = g;
        }
        const series = await this.#offlineSeriesOf(c, r, parts);
        // Counted against the area's cap; the area-day row lock orders it with the online issues.
        await c.query(
          `INSERT INTO area_day_numbers AS n (area_id, business_date, last_seq, offline_count) VALUES ($1, $2, 0, 1)
           ON CONFLICT (area_id, business_date) DO UPDATE SET offline_count = n.offline_count + 1`,
          [r.areaId, date],
        );
        const priority = r.priorityReason != null;
        const inserted = await c.query<{ id: number }>(
          `WITH t AS (
             INSERT INTO tickets (area_id, queue_area_id, business_date, seq, offline_series, number, kiosk_id,
               issued_at, queued_at, received_at, priority, priority_reason, identity_digest)
             VALUES ($1, $1, $2, NULL, $3, $4, $5, $6, $6, $7, $8, $9, $10) RETURNING id)
           INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, kiosk_id, detail)
           SELECT id, $6, 'issued', $1, $2, $8, $5, $11 FROM t RETURNING ticket_id AS id`,
          [
            r.areaId,
            date,
            series,
            r.number,
            r.kioskId,
            issuedAt,
            now,
            priority,
            r.priorityReason,
            // A digest serves only its day's per-person limit: one of a day already over (the link came
            // back after midnight, when that day's digests were cleared) is not stored.
            date < this.#date(now.getTime()) ? null : (r.identityDigest ?? null),
            unanswered
              ? `${lateDetail(now, r.clockOffsetMs)}; ${UNANSWERED_ONLINE}${unanswered.id} (${unanswered.number}))`
              : lateDetail(now, r.clockOffsetMs),
          ],
        );
        const id = inserted.rows[0]!.id;
        await c.query('UPDATE idempotency_keys SET ticket_id = $3 WHERE kiosk_id = $1 AND key = $2', [
          r.kioskId,
          r.idempotencyKey,
          id,
        ]);
        this.#hint(c, 'issued', id, r.areaId);
        return { ticket: toTicket(await this.#byId(c, id)), replayed: false };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'tickets_business_date_number_key'))
        throw new HallStoreError('numberTaken', `${r.number} is already a ticket of ${date}`);
      throw err;
    }
  }

  /** The kiosk's offline series, when `number` is of it and of the area's prefix. */
  async #offlineSeriesOf(c: PoolClient, r: OfflineTicketRequest, parts: RegExpExecArray): Promise<number> {
    const who = await c.query<{ prefix: string; offline_series: number | null }>(
      `SELECT (SELECT prefix FROM areas WHERE id = $1) AS prefix,
              (SELECT offline_series FROM devices WHERE id = $2) AS offline_series`,
      [r.areaId, r.kioskId],
    );
    const { prefix, offline_series: series } = who.rows[0]!;
    if (prefix === null) throw new HallStoreError('unknownArea', `no area ${JSON.stringify(r.areaId)}`);
    if (parts[1] !== prefix || series === null || Number(parts[2]) !== series)
      throw new HallStoreError(
        'badRequest',
        `${r.number} is not of this kiosk's offline series in this area`,
      );
    return series;
  }

  async #countByKiosk(c: PoolClient, kioskId: string, date: string, where: string): Promise<number> {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE kiosk_id = $1 AND business_date = $2 AND ${where}`,
      [kioskId, date],
    );
    return rows[0]!.n;
  }

  async #byId(c: PoolClient, id: number): Promise<TicketRow> {
    const { rows } = await c.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1`, [id]);
    return rows[0]!;
  }

  async #event(
    c: PoolClient,
    ticketId: number,
    at: Date,
    event: 'issued' | 'reprinted' | 'called' | 'recalled' | 'transferred' | 'done' | 'noShow',
    areaId: string,
    date: string,
    priority: boolean,
    extra: {
      counterId?: string;
      kioskId?: string;
      detail?: string;
      staffId?: number | null;
      toCounterId?: string;
    } = {},
  ): Promise<void> {
    await c.query(
      `INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id, kiosk_id, detail,
         staff_id, to_counter_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        ticketId,
        at,
        event,
        areaId,
        date,
        priority,
        extra.counterId ?? null,
        extra.kioskId ?? null,
        extra.detail ?? null,
        extra.staffId ?? null,
        extra.toCounterId ?? null,
      ],
    );
    this.#hint(c, event, ticketId, areaId);
  }

  async #estimate(c: PoolClient, areaId: string, peopleAhead: number, now: number): Promise<number | null> {
    const { rows } = await c.query<{ times: number[] | null; counters: number }>(
      `SELECT ${estimateInputs('$1', '$2', '$3', '$4')}`,
      [areaId, this.#date(now), this.#rules.estimate.sample, new Date(now - ACTIVE_COUNTER_MS)],
    );
    return this.#estimateFrom(peopleAhead, rows[0]!);
  }

  #estimateFrom(peopleAhead: number, inputs: { times: number[] | null; counters: number }): number | null {
    const times = (inputs.times ?? []).filter((s) => s >= 0);
    return estimateWaitMinutes(peopleAhead, times, inputs.counters, this.#rules.estimate);
  }

  /**
   * Locks the counter's row (one request per window at a time) and returns its state, with the person
   * signed in there. `FOR NO KEY UPDATE`, not `FOR UPDATE`: a transfer to a window checks the window's
   * row (its foreign key takes `FOR KEY SHARE`), which must not wait for that window's own call — two
   * windows sending each other a ticket at the same instant would otherwise deadlock. With `staffId`, refuses unless that person is the one there (checked under the
   * lock, so an action is never attributed to someone who took the window over meanwhile).
   */
  async #lockCounter(
    c: PoolClient,
    counterId: string,
    staffId?: number,
  ): Promise<{ paused: boolean; areas: string[]; staffId: number | null }> {
    if (!COUNTER.test(counterId)) throw new HallStoreError('badRequest', 'invalid counter id');
    const { rows } = await c.query<{ paused: boolean; areas: string[]; staff_id: number | null }>(
      `SELECT paused, array(SELECT area_id FROM counter_areas WHERE counter_id = c.id ORDER BY area_id) AS areas,
         (SELECT staff_id FROM counter_staff WHERE counter_id = c.id) AS staff_id
       FROM counters c WHERE id = $1 FOR NO KEY UPDATE`,
      [counterId],
    );
    const row = rows[0];
    if (!row) throw new HallStoreError('unknownCounter', `no counter ${JSON.stringify(counterId)}`);
    if (staffId !== undefined && row.staff_id !== staffId) {
      throw new HallStoreError('notAtCounter', `staff ${staffId} is not signed in at ${counterId}`);
    }
    return { paused: row.paused, areas: row.areas, staffId: row.staff_id };
  }

  async #current(c: PoolClient, counterId: string): Promise<TicketRow | null> {
    const { rows } = await c.query<TicketRow>(
      `${TICKET_SELECT} WHERE t.counter_id = $1 AND t.state = 'called'`,
      [counterId],
    );
    return rows[0] ?? null;
  }

  async #finishCurrent(
    c: PoolClient,
    counterId: string,
    outcome: 'done' | 'noShow',
    at: Date,
    staffId: number | null,
  ): Promise<{ id: number; number: string } | null> {
    // The ticket and its event in one statement.
    const { rows } = await c.query<{ ticket_id: number; area_id: string; number: string }>(
      `WITH f AS (
         UPDATE tickets SET state = $2, finished_at = $3 WHERE counter_id = $1 AND state = 'called'
         RETURNING id, queue_area_id, business_date, priority, number, matter_id),
       e AS (
         INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id, staff_id,
           matter_id)
         SELECT id, $3, $2, queue_area_id, business_date, priority, $1, $4, matter_id FROM f
         RETURNING ticket_id, area_id)
       SELECT e.ticket_id, e.area_id, f.number FROM e JOIN f ON f.id = e.ticket_id`,
      [counterId, outcome, at, staffId],
    );
    const done = rows[0];
    if (!done) return null;
    this.#hint(c, outcome, done.ticket_id, done.area_id);
    return { id: done.ticket_id, number: done.number };
  }

  /**
   * Claims a window action's idempotency key in the action's transaction, after the window's row is
   * locked (so two requests with one key are decided one after the other). Returns null when the key
   * is new (or none was given): do the action, then `#keepAnswer`. Returns the first answer when the
   * key was used for the same request before; refuses (`idempotencyConflict`) a key used for another.
   */
  async #claimKey(
    c: PoolClient,
    k: { counterId: string; key: string | undefined; request: string },
    at: Date,
  ): Promise<{ ticketId: number | null } | null> {
    if (k.key === undefined) return null;
    if (typeof k.key !== 'string' || !KEY.test(k.key))
      throw new HallStoreError('badRequest', 'idempotency key: 8-128 of [A-Za-z0-9_.:-]');
    const inserted = await c.query(
      `INSERT INTO counter_action_keys (counter_id, key, request, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (counter_id, key) DO NOTHING`,
      [k.counterId, k.key, k.request, at],
    );
    if (inserted.rowCount === 1) return null;
    const { rows } = await c.query<{ request: string; ticket_id: number | null }>(
      'SELECT request, ticket_id FROM counter_action_keys WHERE counter_id = $1 AND key = $2',
      [k.counterId, k.key],
    );
    const first = rows[0]!;
    if (first.request !== k.request)
      throw new HallStoreError('idempotencyConflict', 'this idempotency key was used for another action');
    return { ticketId: first.ticket_id };
  }

  /** The answer of a keyed window action (the ticket acted on), in its transaction. */
  async #keepAnswer(
    c: PoolClient,
    k: { counterId: string; key: string | undefined },
    ticketId: number | null,
  ): Promise<void> {
    if (k.key === undefined || ticketId === null) return;
    await c.query('UPDATE counter_action_keys SET ticket_id = $3 WHERE counter_id = $1 AND key = $2', [
      k.counterId,
      k.key,
      ticketId,
    ]);
  }

  /** Deletes the window actions' idempotency keys older than `before` (a page retries for minutes, not days). */
  async forgetActionKeysBefore(before: number): Promise<number> {
    const { rowCount } = await this.#pool.query('DELETE FROM counter_action_keys WHERE created_at < $1', [
      checkMs(before),
    ]);
    return rowCount ?? 0;
  }

  async #audit(c: PoolClient, at: Date, note: AuditNote | undefined, ticketNumber: string | null) {
    if (!note) return;
    await c.query('INSERT INTO audit (at, actor, source, action, detail) VALUES ($1, $2, $3, $4, $5)', [
      at,
      note.actor.slice(0, 80),
      note.source.slice(0, 80),
      note.action.slice(0, 40),
      note.detail(ticketNumber).slice(0, 400),
    ]);
  }

  /**
   * Takes the area's decision lock for this transaction (`pg_advisory_xact_lock`) and reads the head of
   * each class of the area with the area's latest calls, from a snapshot taken after the lock was
   * granted: the class to call in an area is decided by one window at a time, from the area's committed
   * calls. The lock and the read go as one message (two statements, each with its own snapshot), so the
   * lock is not held across an extra round trip. Waits only for a lock whose key is above every area
   * lock the transaction already holds (one global order: no deadlock); any other it only tries, and
   * answers `busy` if another window holds it.
   */
  async #lockAndReadArea(
    c: PoolClient,
    areaId: string,
    date: string,
    held: Set<number>,
  ): Promise<AreaHead[] | 'busy'> {
    const key = areaLockKey(areaId);
    const read = areaHeadsSql(
      c.escapeLiteral(areaId),
      c.escapeLiteral(date),
      c.escapeLiteral(queueFrom(date)),
    );
    if (!held.has(key)) {
      if ([...held].every((h) => key > h)) {
        // The simple protocol (no parameters) runs both statements in one message; the values in the
        // read are escaped literals (an area id and a date the store checked).
        const results = (await c.query(
          `SELECT pg_advisory_xact_lock(${AREA_LOCK_SPACE}, ${key}); ${read}`,
        )) as unknown as [unknown, { rows: AreaHead[] }];
        held.add(key);
        return results[1].rows;
      }
      const tried = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS ok', [
        AREA_LOCK_SPACE,
        key,
      ]);
      if (tried.rows[0]?.ok !== true) return 'busy';
      held.add(key);
    }
    return (await c.query<AreaHead>(read)).rows;
  }

  /** Marks the ticket `pick` selects (one row, locked with SKIP LOCKED) called at this window, and logs the call. */
  async #take(
    c: PoolClient,
    pick: { sql: string; params: unknown[] },
    call: { counterId: string; at: Date; date: string; staffId: number | null },
  ): Promise<{ id: number; number: string } | null> {
    const n = pick.params.length;
    const taken = await c.query<{ ticket_id: number; area_id: string; number: string }>(
      `WITH pick AS (${pick.sql}),
       called AS (
         UPDATE tickets t SET state = 'called', counter_id = $${n + 1}, called_at = $${n + 2} FROM pick WHERE t.id = pick.id
         RETURNING t.id, t.queue_area_id, t.priority, t.number),
       e AS (
         INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id, staff_id)
         SELECT id, $${n + 2}, 'called', queue_area_id, $${n + 3}, priority, $${n + 1}, $${n + 4} FROM called
         RETURNING ticket_id, area_id)
       SELECT e.ticket_id, e.area_id, called.number FROM e JOIN called ON called.id = e.ticket_id`,
      [...pick.params, call.counterId, call.at, call.date, call.staffId],
    );
    const row = taken.rows[0];
    if (!row) return null;
    this.#hint(c, 'called', row.ticket_id, row.area_id);
    return { id: row.ticket_id, number: row.number };
  }

  /**
   * Under the area's decision lock: the class the call order gives from the area's committed calls,
   * then the oldest ticket of that class no other window is taking (none if every one is being taken).
   */
  async #callInArea(
    c: PoolClient,
    areaId: string,
    call: { counterId: string; at: Date; date: string; staffId: number | null },
    held: Set<number>,
  ): Promise<{ id: number; number: string } | null> {
    const rows = await this.#lockAndReadArea(c, areaId, call.date, held);
    if (rows === 'busy' || rows.length === 0) return null;
    const recent = rows[0]!.recent;
    const firstRegular = recent.indexOf(false);
    const waiting = rows.map((h) => ({ id: h.id, priority: h.priority, queuedAt: h.queued_at.getTime() }));
    const pick = nextToCall(
      waiting,
      firstRegular === -1 ? recent.length : firstRegular,
      this.#rules.callOrder,
    );
    // Only the class the rule gives: calling the other one because this one's tickets were locked at
    // this instant would break the rule (the harness saw a priority run of 3 for a rule of 2). The
    // window then gets nobody for this press and presses again.
    if (!pick) return null;
    return this.#take(c, oldestOf(areaId, call.date, pick.priority), call);
  }

  /**
   * Call next at a window: finishes its current ticket as done, then calls the next one.
   *
   * The order across the window's areas (priority first, then the oldest) is worked out from a read
   * without locks. In the chosen area the class is decided again under the area's decision lock, from
   * the calls committed so far, and the ticket taken (SKIP LOCKED) before the lock is let go at commit:
   * the calls of one area are decided one at a time, in exactly the order one window calling alone
   * would give, however many of its windows call at once; other areas are not held up. A ticket sent
   * to this window (transfer to a window) is called before that choice only if it arrived before it.
   */
  async callNext({
    counterId,
    now,
    areaIds,
    staffId,
    audit,
    actionKey,
  }: WindowRequest & { areaIds?: string[] }): Promise<QueueTicket | null> {
    const at = checkMs(now);
    const date = this.#date(now);
    const calledId = await this.#tx(async (c): Promise<number | null> => {
      const key = {
        counterId,
        key: actionKey,
        request: `callNext:${staffId ?? ''}:${(areaIds ?? []).join(',')}`,
      };
      if (actionKey !== undefined) {
        await this.#lockCounter(c, counterId, staffId);
        const seen = await this.#claimKey(c, key, at);
        if (seen) return seen.ticketId;
      }
      const taken = await this.#callNextIn(c, counterId, at, date, staffId, areaIds);
      await this.#audit(c, at, audit, taken?.number ?? null);
      await this.#keepAnswer(c, key, taken?.id ?? null);
      return taken?.id ?? null;
    });
    // Read after commit, so the area's decision lock is not held for it.
    if (calledId === null) return null;
    const { rows } = await this.#pool.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1`, [calledId]);
    return toQueueTicket(rows[0]!);
  }

  /** The unit of work of `callNext`, on its transaction's connection. */
  async #callNextIn(
    c: PoolClient,
    counterId: string,
    at: Date,
    date: string,
    staffId: number | undefined,
    areaIds: string[] | undefined,
  ): Promise<{ id: number; number: string } | null> {
    const counter = await this.#lockCounter(c, counterId, staffId);
    const areas = areaIds && areaIds.length > 0 ? areaIds : counter.areas;
    const notServed = areas.filter((a) => !counter.areas.includes(a));
    if (notServed.length > 0) {
      throw new HallStoreError(
        'areaNotServed',
        `counter ${counterId} does not serve ${notServed.join(', ')}`,
      );
    }
    // A paused window (暂停服务) is given nobody, and its current ticket stays as it is.
    if (counter.paused) return null;
    const call = { counterId, at, date, staffId: counter.staffId };
    await this.#finishCurrent(c, counterId, 'done', at, counter.staffId);

    // The head of each class in each area, with the area's most recent calls (for its priority run),
    // and the oldest ticket sent to this window — one read.
    const read = await c.query<{
      sent: boolean;
      id: number;
      queue_area_id: string;
      priority: boolean;
      queued_at: Date;
      recent: boolean[] | null;
    }>(
      `SELECT false AS sent, h.id, h.queue_area_id, h.priority, h.queued_at,
         array(SELECT e.priority FROM ticket_events e WHERE e.event = 'called' AND e.area_id = h.queue_area_id
                 AND e.business_date = $2 AND NOT ${SENT_TO_A_WINDOW} ORDER BY e.id DESC LIMIT 50) AS recent
       FROM (SELECT DISTINCT ON (queue_area_id, priority) id, queue_area_id, priority, queued_at FROM tickets
             WHERE queue_area_id = ANY($1::text[]) AND business_date BETWEEN $4 AND $2 AND state = 'waiting'
               AND target_counter_id IS NULL
             ORDER BY queue_area_id, priority, queued_at, id) h
       UNION ALL
       (SELECT true, id, queue_area_id, priority, queued_at, NULL FROM tickets
        WHERE target_counter_id = $3 AND state = 'waiting' AND business_date BETWEEN $4 AND $2
        ORDER BY queued_at, id LIMIT 1)`,
      [areas, date, counterId, queueFrom(date)],
    );
    const heads = { rows: read.rows.filter((r) => !r.sent).map((r) => ({ ...r, recent: r.recent ?? [] })) };
    const sent = { rows: read.rows.filter((r) => r.sent) };
    const streakOf = new Map(
      heads.rows.map((s) => {
        const firstRegular = s.recent.indexOf(false);
        return [s.queue_area_id, firstRegular === -1 ? s.recent.length : firstRegular];
      }),
    );
    // One choice per area by the call order; across areas, priority first, then the oldest. The
    // areas are tried in that order (an area whose tickets were all taken meanwhile gives its turn to
    // the next).
    const chosen: (WaitingTicket & { areaId: string })[] = [];
    for (const areaId of new Set(heads.rows.map((h) => h.queue_area_id))) {
      const waiting = heads.rows
        .filter((h) => h.queue_area_id === areaId)
        .map((h) => ({ id: h.id, priority: h.priority, queuedAt: h.queued_at.getTime(), areaId }));
      const pick = nextToCall(waiting, streakOf.get(areaId) ?? 0, this.#rules.callOrder);
      if (pick) chosen.push(waiting.find((w) => w.id === pick.id)!);
    }
    chosen.sort((a, b) => Number(b.priority) - Number(a.priority) || a.queuedAt - b.queuedAt || a.id - b.id);
    const held = new Set<number>();
    const sentHead = sent.rows[0];
    const takeSent = async (): Promise<{ id: number; number: string } | null> => {
      if (!sentHead || (await this.#lockAndReadArea(c, sentHead.queue_area_id, date, held)) === 'busy')
        return null;
      return this.#take(
        c,
        {
          sql: `SELECT id FROM tickets WHERE id = $1 AND state = 'waiting' AND target_counter_id = $2
                  FOR NO KEY UPDATE SKIP LOCKED`,
          params: [sentHead.id, counterId],
        },
        call,
      );
    };
    const first = chosen[0];
    if (sentHead && (!first || sentHead.queued_at.getTime() <= first.queuedAt)) {
      const taken = await takeSent();
      if (taken !== null) return taken;
    }
    for (const candidate of chosen) {
      const taken = await this.#callInArea(c, candidate.areaId, call, held);
      if (taken !== null) return taken;
    }
    return takeSent();
  }

  async recall({ counterId, now, staffId, audit, actionKey }: WindowRequest): Promise<QueueTicket | null> {
    const at = checkMs(now);
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId, staffId);
      const key = { counterId, key: actionKey, request: `recall:${staffId ?? ''}` };
      const seen = await this.#claimKey(c, key, at);
      if (seen) return seen.ticketId === null ? null : toQueueTicket(await this.#byId(c, seen.ticketId));
      const current = await this.#current(c, counterId);
      await this.#audit(c, at, audit, current?.number ?? null);
      await this.#keepAnswer(c, key, current?.id ?? null);
      if (!current) return null;
      await this.#event(
        c,
        current.id,
        at,
        'recalled',
        current.area_id,
        // A call's events carry the day they happen (as `called` does): a recall after midnight of the
        // day before's ticket is shown and announced with today's calls.
        this.#date(at.getTime()),
        current.priority,
        { counterId, staffId: counter.staffId },
      );
      return toQueueTicket(current);
    });
  }

  /**
   * Sends the window's current ticket on, keeping its number and arrival time: to an area's queue
   * (it joins at the place of its arrival), or to one window (only that window calls it, and before
   * nobody who arrived earlier). Returns null when the window has no current ticket.
   */
  async transfer(request: WindowRequest & TransferTarget): Promise<QueueTicket | null> {
    const { counterId, now, staffId, audit, actionKey } = request;
    const at = checkMs(now);
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId, staffId);
      const target = 'toCounterId' in request ? `window:${request.toCounterId}` : `area:${request.toAreaId}`;
      const key = { counterId, key: actionKey, request: `transfer:${staffId ?? ''}:${target}` };
      const seen = await this.#claimKey(c, key, at);
      if (seen) return seen.ticketId === null ? null : toQueueTicket(await this.#byId(c, seen.ticketId));
      let toAreaId: string | null = null;
      let toCounterId: string | null = null;
      if ('toCounterId' in request) {
        toCounterId = request.toCounterId;
        if (typeof toCounterId !== 'string' || !COUNTER.test(toCounterId))
          throw new HallStoreError('badRequest', 'invalid counter id');
        if (toCounterId === counterId)
          throw new HallStoreError('badRequest', 'a ticket cannot be transferred to its own window');
        const known = await c.query('SELECT 1 FROM counters WHERE id = $1', [toCounterId]);
        if (known.rowCount === 0)
          throw new HallStoreError('unknownCounter', `no counter ${JSON.stringify(toCounterId)}`);
      } else {
        toAreaId = request.toAreaId;
        const area = await c.query('SELECT 1 FROM areas WHERE id = $1', [toAreaId]);
        if (area.rowCount === 0)
          throw new HallStoreError('unknownArea', `no area ${JSON.stringify(toAreaId)}`);
      }
      const current = await this.#current(c, counterId);
      await this.#audit(c, at, audit, current?.number ?? null);
      await this.#keepAnswer(c, key, current?.id ?? null);
      if (!current) return null;
      const destination = toAreaId ?? current.area_id;
      // It joins the other queue at the place of its original arrival (queued_at is kept).
      await c.query(
        `UPDATE tickets SET state = 'waiting', queue_area_id = $1, counter_id = NULL, called_at = NULL,
           target_counter_id = $3 WHERE id = $2`,
        [destination, current.id, toCounterId],
      );
      await this.#event(
        c,
        current.id,
        at,
        'transferred',
        destination,
        current.business_date,
        current.priority,
        {
          counterId,
          detail: `${current.area_id}→${destination}`,
          staffId: counter.staffId,
          ...(toCounterId ? { toCounterId } : {}),
        },
      );
      return toQueueTicket(await this.#byId(c, current.id));
    });
  }

  async finish({
    counterId,
    now,
    outcome,
    staffId,
    audit,
    actionKey,
  }: WindowRequest & { outcome: 'done' | 'noShow' }): Promise<QueueTicket | null> {
    const at = checkMs(now);
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId, staffId);
      const key = { counterId, key: actionKey, request: `${outcome}:${staffId ?? ''}` };
      const seen = await this.#claimKey(c, key, at);
      if (seen) return seen.ticketId === null ? null : toQueueTicket(await this.#byId(c, seen.ticketId));
      const finished = await this.#finishCurrent(c, counterId, outcome, at, counter.staffId);
      await this.#audit(c, at, audit, finished?.number ?? null);
      await this.#keepAnswer(c, key, finished?.id ?? null);
      return finished === null ? null : toQueueTicket(await this.#byId(c, finished.id));
    });
  }

  /**
   * Sets or changes (null: clears) the matter of the ticket being served at the window, before done:
   * the matter handled is the one the `done` event records. Returns the ticket, or null when the
   * window serves nobody. With `staffId`, only the person signed in at the window may.
   */
  async setMatter({
    counterId,
    now,
    staffId,
    audit,
    matterId,
  }: WindowRequest & { matterId: string | null }): Promise<QueueTicket | null> {
    if (matterId !== null && !MATTER.test(matterId))
      throw new HallStoreError('badRequest', 'invalid matter id');
    const at = checkMs(now);
    return this.#tx(async (c) => {
      await this.#lockCounter(c, counterId, staffId);
      const { rows } = await c.query<{ id: number; number: string }>(
        `UPDATE tickets SET matter_id = $2 WHERE counter_id = $1 AND state = 'called' RETURNING id, number`,
        [counterId, matterId],
      );
      const changed = rows[0];
      await this.#audit(c, at, audit, changed?.number ?? null);
      return changed ? toQueueTicket(await this.#byId(c, changed.id)) : null;
    });
  }

  /**
   * 暂停服务 / resume: a paused window is given nobody by call next. Returns false if nothing changed.
   * With `staffId`, only the person signed in at the window may; `audit` is written whether or not it
   * changed anything.
   */
  async setPaused(
    counterId: string,
    paused: boolean,
    now: number,
    by: { staffId?: number; audit?: AuditNote; actionKey?: string } = {},
  ): Promise<boolean> {
    const at = checkMs(now);
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId, by.staffId);
      const key = {
        counterId,
        key: by.actionKey,
        request: `${paused ? 'pause' : 'resume'}:${by.staffId ?? ''}`,
      };
      if (await this.#claimKey(c, key, at)) return false;
      await this.#audit(c, at, by.audit, null);
      if (counter.paused === paused) return false;
      await c.query('UPDATE counters SET paused = $2 WHERE id = $1', [counterId, paused]);
      await c.query('INSERT INTO counter_events (counter_id, at, event) VALUES ($1, $2, $3)', [
        counterId,
        at,
        paused ? 'paused' : 'resumed',
      ]);
      return true;
    });
  }

  /**
   * A staff member signs in at a window: from now on the window's calls, transfers and outcomes are
   * theirs. A person works at one window at a time (signing in at another moves them; the ticket they
   * were serving stays at the old window), and signing in at a window someone else holds takes it
   * over. Returns where they came from and whom they replaced.
   */
  async openCounter({
    counterId,
    staffId,
    now,
  }: {
    counterId: string;
    staffId: number;
    now: number;
  }): Promise<{ movedFrom: string | null; replaced: { id: number; number: string } | null }> {
    const at = checkMs(now);
    if (!Number.isSafeInteger(staffId) || staffId <= 0)
      throw new HallStoreError('badRequest', 'invalid staff id');
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId);
      const known = await c.query('SELECT 1 FROM staff WHERE id = $1 AND active', [staffId]);
      if (known.rowCount === 0) throw new HallStoreError('unknownStaff', `no active staff ${staffId}`);
      const moved = await c.query<{ counter_id: string }>(
        'DELETE FROM counter_staff WHERE staff_id = $1 AND counter_id <> $2 RETURNING counter_id',
        [staffId, counterId],
      );
      await c.query(
        `INSERT INTO counter_staff (counter_id, staff_id, since) VALUES ($1, $2, $3)
         ON CONFLICT (counter_id) DO UPDATE SET staff_id = EXCLUDED.staff_id,
           since = CASE WHEN counter_staff.staff_id = EXCLUDED.staff_id THEN counter_staff.since ELSE EXCLUDED.since END`,
        [counterId, staffId, at],
      );
      let replaced: { id: number; number: string } | null = null;
      if (counter.staffId !== null && counter.staffId !== staffId) {
        const { rows } = await c.query<{ number: string }>('SELECT number FROM staff WHERE id = $1', [
          counter.staffId,
        ]);
        replaced = { id: counter.staffId, number: rows[0]?.number ?? '?' };
      }
      return { movedFrom: moved.rows[0]?.counter_id ?? null, replaced };
    });
  }

  /**
   * Nobody works at the window any more (signing out there). With `staffId`, only if that person is
   * the one there. Returns whether someone was signed out.
   */
  async closeCounter({
    counterId,
    now,
    staffId,
  }: {
    counterId: string;
    now: number;
    staffId?: number;
  }): Promise<boolean> {
    checkMs(now);
    return this.#tx(async (c) => {
      const counter = await this.#lockCounter(c, counterId);
      if (counter.staffId === null || (staffId !== undefined && counter.staffId !== staffId)) return false;
      await c.query('DELETE FROM counter_staff WHERE counter_id = $1', [counterId]);
      return true;
    });
  }

  /** The window where a staff member is signed in now (null: none). */
  async counterOf(staffId: number): Promise<string | null> {
    if (!Number.isSafeInteger(staffId)) return null;
    const { rows } = await this.#pool.query<{ counter_id: string }>(
      'SELECT counter_id FROM counter_staff WHERE staff_id = $1',
      [staffId],
    );
    return rows[0]?.counter_id ?? null;
  }

  /**
   * What the counter page shows for a window: its current ticket, paused, the person there, waiting
   * per served area (priority / regular) and the tickets sent to it — read in one snapshot.
   */
  async counterState(counterId: string, now: number): Promise<CounterState> {
    if (!COUNTER.test(counterId)) throw new HallStoreError('badRequest', 'invalid counter id');
    const date = this.#date(now);
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const head = await client.query<{
        name: string;
        paused: boolean;
        areas: string[];
        staff_id: number | null;
        staff_number: string | null;
        staff_name: string | null;
        since: Date | null;
      }>(
        `SELECT c.name, c.paused,
           array(SELECT area_id FROM counter_areas WHERE counter_id = c.id ORDER BY area_id) AS areas,
           s.id AS staff_id, s.number AS staff_number, s.name AS staff_name, cs.since
         FROM counters c LEFT JOIN counter_staff cs ON cs.counter_id = c.id LEFT JOIN staff s ON s.id = cs.staff_id
         WHERE c.id = $1`,
        [counterId],
      );
      const h = head.rows[0];
      if (!h) throw new HallStoreError('unknownCounter', `no counter ${JSON.stringify(counterId)}`);
      const current = await client.query<{
        id: number;
        number: string;
        area_id: string;
        priority: boolean;
        priority_reason: PriorityReason | null;
        appointment: boolean;
        called_at: Date;
        matter_id: string | null;
        from_counter: string | null;
        from_area: string | null;
        offline: boolean;
      }>(
        `SELECT t.id, t.number, t.queue_area_id AS area_id, t.priority, t.priority_reason,
           t.offline_series IS NOT NULL AS offline,
           t.appointment_id IS NOT NULL AS appointment, t.called_at, t.matter_id, x.counter_id AS from_counter,
           split_part(x.detail, '→', 1) AS from_area
         FROM tickets t LEFT JOIN LATERAL (
           SELECT counter_id, detail FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'transferred'
           ORDER BY e.id DESC LIMIT 1) x ON true
         WHERE t.counter_id = $1 AND t.state = 'called'`,
        [counterId],
      );
      const waiting = await client.query<{ area_id: string; priority: number; regular: number }>(
        `SELECT a.area_id,
           count(t.id) FILTER (WHERE t.priority)::int AS priority,
           count(t.id) FILTER (WHERE NOT t.priority)::int AS regular
         FROM unnest($1::text[]) AS a(area_id)
         LEFT JOIN tickets t ON t.queue_area_id = a.area_id AND t.business_date BETWEEN $2 AND $3
           AND t.state = 'waiting' AND t.target_counter_id IS NULL
         GROUP BY a.area_id ORDER BY a.area_id`,
        [h.areas, queueFrom(date), date],
      );
      const sent = await client.query<{
        id: number;
        number: string;
        area_id: string;
        priority: boolean;
        queued_at: Date;
        from_counter: string | null;
        offline: boolean;
      }>(
        `SELECT t.id, t.number, t.queue_area_id AS area_id, t.priority, t.queued_at,
           t.offline_series IS NOT NULL AS offline,
           (SELECT e.counter_id FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'transferred'
             ORDER BY e.id DESC LIMIT 1) AS from_counter
         FROM tickets t WHERE t.target_counter_id = $1 AND t.state = 'waiting'
           AND t.business_date BETWEEN $2 AND $3
         ORDER BY t.queued_at, t.id LIMIT 200`,
        [counterId, queueFrom(date), date],
      );
      await client.query('COMMIT');
      const cur = current.rows[0];
      return {
        counter: { id: counterId, name: h.name, areaIds: h.areas, paused: h.paused },
        staff:
          h.staff_id === null
            ? null
            : { id: h.staff_id, number: h.staff_number!, name: h.staff_name!, since: iso(h.since!) },
        current: cur
          ? {
              ticketId: cur.id,
              number: cur.number,
              areaId: cur.area_id,
              priority: cur.priority,
              priorityReason: cur.priority_reason,
              appointment: cur.appointment,
              calledAt: iso(cur.called_at),
              matterId: cur.matter_id,
              transferredFrom: cur.from_area ? { counterId: cur.from_counter, areaId: cur.from_area } : null,
              ...(cur.offline ? { offline: true } : {}),
            }
          : null,
        waiting: waiting.rows.map((w) => ({ areaId: w.area_id, priority: w.priority, regular: w.regular })),
        sentHere: sent.rows.map((t) => ({
          ticketId: t.id,
          number: t.number,
          areaId: t.area_id,
          priority: t.priority,
          queuedAt: iso(t.queued_at),
          fromCounterId: t.from_counter,
          ...(t.offline ? { offline: true } : {}),
        })),
      };
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async currentAt(counterId: string): Promise<QueueTicket | null> {
    const client = await this.#pool.connect();
    try {
      const row = await this.#current(client, counterId);
      return row ? toQueueTicket(row) : null;
    } finally {
      client.release();
    }
  }

  async ticketsToday(areaId: string, now: number): Promise<number> {
    return (await this.areaSummaries([areaId], now))[0]!.ticketsToday;
  }

  async waitingCount(areaId: string, now: number): Promise<number> {
    return (await this.areaSummaries([areaId], now))[0]!.waiting;
  }

  /**
   * The areas as a kiosk's area screen shows them, in the order asked: one query on one connection for
   * every area, however many the hall has.
   */
  async areaSummaries(areaIds: readonly string[], now: number): Promise<AreaSummary[]> {
    const { rows } = await this.#pool.query<{
      area_id: string;
      waiting: number;
      tickets_today: number;
      times: number[] | null;
      counters: number;
    }>(
      `SELECT a.id AS area_id,
         (SELECT count(*)::int FROM tickets WHERE area_id = a.id AND business_date = $2) AS tickets_today,
         (SELECT count(*)::int FROM tickets WHERE queue_area_id = a.id AND business_date BETWEEN $3 AND $2
            AND state = 'waiting') AS waiting,
         ${estimateInputs('a.id', '$2', '$4', '$5')}
       FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n) ORDER BY a.n`,
      [
        areaIds,
        this.#date(now),
        queueFrom(this.#date(now)),
        this.#rules.estimate.sample,
        new Date(now - ACTIVE_COUNTER_MS),
      ],
    );
    return rows.map((r) => ({
      areaId: r.area_id,
      waiting: r.waiting,
      ticketsToday: r.tickets_today,
      estimatedWaitMinutes: this.#estimateFrom(r.waiting, r),
    }));
  }

  async estimateFor(areaId: string, peopleAhead: number, now: number): Promise<number | null> {
    const client = await this.#pool.connect();
    try {
      return await this.#estimate(client, areaId, peopleAhead, now);
    } finally {
      client.release();
    }
  }

  async ticketOrigin(ticketId: number): Promise<TicketOrigin | null> {
    if (!Number.isInteger(ticketId) || ticketId <= 0 || ticketId > 2 ** 31 - 1) return null;
    const { rows } = await this.#pool.query<{ area_id: string; appointment_id: string | null }>(
      'SELECT area_id, appointment_id FROM tickets WHERE id = $1',
      [ticketId],
    );
    const row = rows[0];
    return row ? { areaId: row.area_id, appointment: row.appointment_id !== null } : null;
  }

  async waiting(areaIds: string[], now: number): Promise<WaitingEntry[]> {
    const { rows } = await this.#pool.query<{
      area_id: string;
      number: string;
      priority: boolean;
      appointment: boolean;
    }>(
      `SELECT queue_area_id AS area_id, number, priority, appointment_id IS NOT NULL AS appointment FROM tickets
       WHERE queue_area_id = ANY($1::text[]) AND business_date BETWEEN $2 AND $3
         AND state = 'waiting'
       ORDER BY array_position($1::text[], queue_area_id), queued_at, id`,
      [areaIds, queueFrom(this.#date(now)), this.#date(now)],
    );
    return rows.map((r) => ({
      areaId: r.area_id,
      number: r.number,
      priority: r.priority,
      appointment: r.appointment,
    }));
  }

  async recentCalls(now: number, limit: number): Promise<CallRecord[]> {
    const { rows } = await this.#pool.query<{
      ticket_id: number;
      number: string;
      area_id: string;
      counter_id: string;
      at: Date;
    }>(
      `SELECT e.ticket_id, t.number, e.area_id, e.counter_id, e.at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
       WHERE e.event IN ('called', 'recalled') AND e.business_date = $1 ORDER BY e.id DESC LIMIT $2`,
      [this.#date(now), Math.max(0, Math.min(1000, Math.trunc(limit)))],
    );
    return rows.map((r) => ({
      ticketId: r.ticket_id,
      number: r.number,
      areaId: r.area_id,
      counterId: r.counter_id,
      at: iso(r.at),
    }));
  }

  /**
   * The ticket events after `afterId`, oldest first: what a counter page or display reads after every
   * (re)connect and after a hint, so a lost hint costs nothing. Ids, kinds, areas and windows only.
   */
  async eventsSince(afterId: number, limit = 500): Promise<HallEvent[]> {
    if (!Number.isSafeInteger(afterId) || afterId < 0)
      throw new HallStoreError('badRequest', 'afterId must be ≥ 0');
    const { rows } = await this.#pool.query<{
      id: string;
      ticket_id: number;
      event: HallEvent['event'];
      area_id: string;
      counter_id: string | null;
      to_counter_id: string | null;
      at: Date;
    }>(
      `SELECT id, ticket_id, event, area_id, counter_id, to_counter_id, at FROM ticket_events
       WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, Math.max(1, Math.min(5000, Math.trunc(limit)))],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      ticketId: r.ticket_id,
      event: r.event,
      areaId: r.area_id,
      counterId: r.counter_id,
      toCounterId: r.to_counter_id,
      at: iso(r.at),
    }));
  }

  async forgetDigestsBefore(date: string): Promise<number> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HallStoreError('badRequest', 'date must be YYYY-MM-DD');
    const { rowCount } = await this.#pool.query(
      'UPDATE tickets SET identity_digest = NULL WHERE business_date < $1 AND identity_digest IS NOT NULL',
      [date],
    );
    return rowCount ?? 0;
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { code?: unknown }).code === '23505' &&
    (err as { constraint?: unknown }).constraint === constraint
  );
}
