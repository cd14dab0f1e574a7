import type { PriorityReason, Ticket } from '@hall-kiosk/shared';
import { businessDate } from '../../core/local-day.ts';
import { nextToCall, type CallOrderRule, type WaitingTicket } from '../../queue/call-order.ts';
import type {
  CallRecord,
  CounterRequest,
  IssueRequest,
  IssueResult,
  QueueStore,
  QueueTicket,
  TicketOrigin,
  TicketState,
  WaitingEntry,
} from '../../queue/queue-store.ts';
import { estimateWaitMinutes, type WaitEstimateRule } from '../../queue/wait-estimate.ts';
import type { Db } from './database.ts';

type TicketRow = {
  id: number;
  area_id: string;
  business_date: string;
  number: string;
  issued_at: string;
  queued_at: string;
  priority: number;
  priority_reason: PriorityReason | null;
  appointment_id: string | null;
  estimated_wait: number | null;
  state: TicketState;
  counter_id: string | null;
  called_at: string | null;
};

// area_id is where the number was issued (its prefix and daily sequence); queue_area_id is where the
// ticket waits now (they differ after a transfer). Tickets are shown with the area they wait in.
const TICKET_COLUMNS = `id, queue_area_id AS area_id, business_date, number, issued_at, queued_at, priority, priority_reason,
  appointment_id, estimated_wait, state, counter_id, called_at`;

/** A counter that called or finished someone in the last this many ms counts as serving the area. */
const ACTIVE_COUNTER_MS = 30 * 60_000;

export type QueueRules = { callOrder: CallOrderRule; estimate: WaitEstimateRule };

/**
 * The queue in the kiosk's SQLite file. Each unit of work is one synchronous IMMEDIATE transaction
 * run inside the method before its promise settles, so two calls never interleave inside one, and
 * with synchronous=FULL it is on disk before the caller hears of it.
 */
export class SqliteQueueStore implements QueueStore {
  #issue: (r: IssueRequest) => IssueResult;
  #callNext: (r: CounterRequest & { areaIds: string[] }) => QueueTicket | null;
  #recall: (r: CounterRequest) => QueueTicket | null;
  #transfer: (r: CounterRequest & { toAreaId: string }) => QueueTicket | null;
  #finish: (r: CounterRequest & { outcome: 'done' | 'noShow' }) => QueueTicket | null;
  #stmts;

  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
    private readonly rules: QueueRules = {
      callOrder: { priorityPerRegular: 2 },
      estimate: { sample: 10, minSample: 3 },
    },
  ) {
    const s = {
      bump: db.prepare<[string, string], { last_seq: number }>(
        `INSERT INTO ticket_counters (area_id, business_date, last_seq) VALUES (?, ?, 1)
         ON CONFLICT (area_id, business_date) DO UPDATE SET last_seq = last_seq + 1
         RETURNING last_seq`,
      ),
      insertTicket: db.prepare(
        `INSERT INTO tickets (area_id, queue_area_id, business_date, seq, number, issued_at, queued_at, priority,
           priority_reason, appointment_id, identity_digest, estimated_wait)
         VALUES (@areaId, @areaId, @date, @seq, @number, @at, @at, @priority, @reason, @appointmentId, @digest, NULL)`,
      ),
      setEstimate: db.prepare<[number | null, number]>(`UPDATE tickets SET estimated_wait = ? WHERE id = ?`),
      aheadOf: db.prepare<[string, string, string, string, number, number], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE queue_area_id = ? AND business_date = ? AND state = 'waiting'
           AND (queued_at < ? OR (queued_at = ? AND id < ?)) AND (? = 0 OR priority = 1)`,
      ),
      insertJob: db.prepare<[string, number, string, string]>(
        `INSERT INTO print_jobs (device, kind, ticket_id, state, created_at, updated_at) VALUES (?, 'ticket', ?, 'queued', ?, ?)`,
      ),
      count: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE area_id = ? AND business_date = ?`,
      ),
      countWaiting: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE queue_area_id = ? AND business_date = ? AND state = 'waiting'`,
      ),
      countDeclaredDisability: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE business_date = ? AND priority_reason = 'disability'`,
      ),
      countWithoutCard: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE business_date = ? AND identity_digest IS NULL AND appointment_id IS NULL`,
      ),
      countForIdentity: db.prepare<[string, string, string], { n: number }>(
        `SELECT count(*) AS n FROM tickets WHERE area_id = ? AND business_date = ? AND identity_digest = ?`,
      ),
      byAppointment: db.prepare<[string], TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE appointment_id = ?`,
      ),
      byId: db.prepare<[number], TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`),
      origin: db.prepare<[number], { area: string; appointment: string | null }>(
        `SELECT area_id AS area, appointment_id AS appointment FROM tickets WHERE id = ?`,
      ),
      event: db.prepare<[number, string, string, string | null, string | null]>(
        `INSERT INTO ticket_events (ticket_id, at, event, counter_id, detail) VALUES (?, ?, ?, ?, ?)`,
      ),
      serviceTimes: db.prepare<[string, string, number], { s: number }>(
        `SELECT round((julianday(finished_at) - julianday(called_at)) * 86400.0, 3) AS s FROM tickets
         WHERE queue_area_id = ? AND business_date = ? AND state = 'done' AND called_at IS NOT NULL
         ORDER BY finished_at DESC LIMIT ?`,
      ),
      activeCounters: db.prepare<[string, string], { n: number }>(
        `SELECT count(DISTINCT counter_id) AS n FROM tickets
         WHERE queue_area_id = ? AND counter_id IS NOT NULL AND coalesce(finished_at, called_at) >= ?`,
      ),
      current: db.prepare<[string], TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE counter_id = ? AND state = 'called' ORDER BY called_at DESC LIMIT 1`,
      ),
      waitingIn: db.prepare<[string, string], TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE queue_area_id = ? AND business_date = ? AND state = 'waiting'
         ORDER BY queued_at, id`,
      ),
      lastCalledPriorities: db.prepare<[string, string], { priority: number }>(
        `SELECT t.priority FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
         WHERE e.event = 'called' AND t.queue_area_id = ? AND t.business_date = ? ORDER BY e.id DESC LIMIT 50`,
      ),
      markCalled: db.prepare<[string, string, number]>(
        `UPDATE tickets SET state = 'called', counter_id = ?, called_at = ? WHERE id = ?`,
      ),
      markFinished: db.prepare<[string, string, number]>(
        `UPDATE tickets SET state = ?, finished_at = ? WHERE id = ?`,
      ),
      markTransferred: db.prepare<[string, number]>(
        `UPDATE tickets SET state = 'waiting', queue_area_id = ?, counter_id = NULL, called_at = NULL WHERE id = ?`,
      ),
      recentCalls: db.prepare<[string, number], CallRecord>(
        `SELECT e.ticket_id AS ticketId, t.number, t.queue_area_id AS areaId, e.counter_id AS counterId, e.at
         FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
         WHERE e.event IN ('called', 'recalled') AND t.business_date = ? ORDER BY e.id DESC LIMIT ?`,
      ),
      visit: db.prepare<[string, string, string, string, number | null, string]>(
        `INSERT INTO appointment_visits (booking_id, business_date, area_id, state, ticket_id, at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING`,
      ),
      forgetDigests: db.prepare<[string]>(
        `UPDATE tickets SET identity_digest = NULL WHERE business_date < ? AND identity_digest IS NOT NULL`,
      ),
    };
    this.#stmts = s;

    const iso = (ms: number) => new Date(ms).toISOString();
    const toTicket = (row: TicketRow): QueueTicket => {
      const peopleAhead = s.aheadOf.get(
        row.area_id,
        row.business_date,
        row.queued_at,
        row.queued_at,
        row.id,
        row.priority,
      )!.n;
      return {
        id: row.id,
        number: row.number,
        areaId: row.area_id,
        businessDate: row.business_date,
        issuedAt: row.issued_at,
        peopleAhead,
        priority: row.priority === 1,
        priorityReason: row.priority_reason,
        appointment: row.appointment_id !== null,
        estimatedWaitMinutes: row.estimated_wait,
        state: row.state,
        counterId: row.counter_id,
        calledAt: row.called_at,
      };
    };
    const stripQueue = ({ state: _s, counterId: _c, calledAt: _a, ...ticket }: QueueTicket): Ticket => ticket;

    // IMMEDIATE transactions: take the write lock before reading, so two writers cannot both read
    // the same counter or the same waiting ticket.
    const issue = db.transaction((r: IssueRequest): IssueResult => {
      const date = businessDate(r.now, this.timeZone);
      const at = iso(r.now);
      if (r.appointmentId !== undefined) {
        const existing = s.byAppointment.get(r.appointmentId);
        if (existing) {
          const printJobId = Number(s.insertJob.run(r.printer, existing.id, at, at).lastInsertRowid);
          s.event.run(existing.id, at, 'reprinted', null, null);
          return { ok: true, reprint: true, ticket: stripQueue(toTicket(existing)), printJobId };
        }
      }
      if (r.dailyCap !== undefined && s.count.get(r.area.id, date)!.n >= r.dailyCap) {
        return { ok: false, reason: 'capReached' };
      }
      if (
        r.identity &&
        r.identity.maxPerArea > 0 &&
        s.countForIdentity.get(r.area.id, date, r.identity.digest)!.n >= r.identity.maxPerArea
      ) {
        return { ok: false, reason: 'identityLimit' };
      }
      const limits = r.pathLimits;
      if (
        limits?.declaredDisability &&
        r.priorityReason === 'disability' &&
        s.countDeclaredDisability.get(date)!.n >= limits.declaredDisability
      ) {
        return { ok: false, reason: 'priorityLimit' };
      }
      if (
        limits?.withoutCard &&
        !r.identity &&
        r.appointmentId === undefined &&
        s.countWithoutCard.get(date)!.n >= limits.withoutCard
      ) {
        return { ok: false, reason: 'identityRequired' };
      }
      const seq = s.bump.get(r.area.id, date)!.last_seq;
      const id = Number(
        s.insertTicket.run({
          areaId: r.area.id,
          date,
          seq,
          number: `${r.area.prefix}${String(seq).padStart(3, '0')}`,
          at,
          priority: r.priorityReason ? 1 : 0,
          reason: r.priorityReason ?? null,
          appointmentId: r.appointmentId ?? null,
          digest: r.identity?.digest ?? null,
        }).lastInsertRowid,
      );
      const ticket = stripQueue(toTicket(s.byId.get(id)!));
      ticket.estimatedWaitMinutes = this.#estimate(r.area.id, ticket.peopleAhead, r.now);
      s.setEstimate.run(ticket.estimatedWaitMinutes, id);
      s.event.run(id, at, 'issued', null, null);
      if (r.appointmentId !== undefined) s.visit.run(r.appointmentId, date, r.area.id, 'checkedIn', id, at);
      const printJobId = Number(s.insertJob.run(r.printer, id, at, at).lastInsertRowid);
      return { ok: true, reprint: false, ticket, printJobId };
    });
    this.#issue = (r) => issue.immediate(r);

    const finishCurrent = (counterId: string, outcome: 'done' | 'noShow', now: number): TicketRow | null => {
      const current = s.current.get(counterId);
      if (!current) return null;
      s.markFinished.run(outcome, iso(now), current.id);
      s.event.run(current.id, iso(now), outcome, counterId, null);
      return s.byId.get(current.id)!;
    };

    const streakIn = (areaId: string, date: string): number => {
      let n = 0;
      for (const { priority } of s.lastCalledPriorities.all(areaId, date)) {
        if (priority !== 1) break;
        n++;
      }
      return n;
    };

    const callNext = db.transaction(
      ({ counterId, areaIds, now }: CounterRequest & { areaIds: string[] }): QueueTicket | null => {
        finishCurrent(counterId, 'done', now);
        const date = businessDate(now, this.timeZone);
        // One candidate per area by the call order; across areas, priority first, then the oldest.
        const candidates: WaitingTicket[] = [];
        for (const areaId of areaIds) {
          const waiting = s.waitingIn.all(areaId, date).map((row) => ({
            id: row.id,
            priority: row.priority === 1,
            queuedAt: Date.parse(row.queued_at),
          }));
          const pick = nextToCall(waiting, streakIn(areaId, date), this.rules.callOrder);
          if (pick) candidates.push(pick);
        }
        const next = candidates.sort(
          (a, b) => Number(b.priority) - Number(a.priority) || a.queuedAt - b.queuedAt || a.id - b.id,
        )[0];
        if (!next) return null;
        s.markCalled.run(counterId, iso(now), next.id);
        s.event.run(next.id, iso(now), 'called', counterId, null);
        return toTicket(s.byId.get(next.id)!);
      },
    );
    this.#callNext = (r) => callNext.immediate(r);

    const recall = db.transaction(({ counterId, now }: CounterRequest): QueueTicket | null => {
      const current = s.current.get(counterId);
      if (!current) return null;
      s.event.run(current.id, iso(now), 'recalled', counterId, null);
      return toTicket(current);
    });
    this.#recall = (r) => recall.immediate(r);

    const transfer = db.transaction(
      ({ counterId, now, toAreaId }: CounterRequest & { toAreaId: string }): QueueTicket | null => {
        const current = s.current.get(counterId);
        if (!current) return null;
        s.markTransferred.run(toAreaId, current.id);
        s.event.run(current.id, iso(now), 'transferred', counterId, `${current.area_id}→${toAreaId}`);
        return toTicket(s.byId.get(current.id)!);
      },
    );
    this.#transfer = (r) => transfer.immediate(r);

    const finish = db.transaction(
      ({ counterId, now, outcome }: CounterRequest & { outcome: 'done' | 'noShow' }): QueueTicket | null => {
        const row = finishCurrent(counterId, outcome, now);
        return row ? toTicket(row) : null;
      },
    );
    this.#finish = (r) => finish.immediate(r);

    this.#currentAt = (counterId) => {
      const row = s.current.get(counterId);
      return row ? toTicket(row) : null;
    };
    this.#waiting = (areaIds, now) => {
      const date = businessDate(now, this.timeZone);
      // Numbers only, in arrival order: no per-ticket "people ahead" query (the counter page polls this).
      return areaIds.flatMap((a) =>
        s.waitingIn.all(a, date).map((row) => ({
          areaId: row.area_id,
          number: row.number,
          priority: row.priority === 1,
          appointment: row.appointment_id !== null,
        })),
      );
    };
  }

  readonly #currentAt: (counterId: string) => QueueTicket | null;
  readonly #waiting: (areaIds: string[], now: number) => WaitingEntry[];

  #estimate(areaId: string, peopleAhead: number, now: number): number | null {
    const date = businessDate(now, this.timeZone);
    const times = this.#stmts.serviceTimes
      .all(areaId, date, this.rules.estimate.sample)
      .map((r) => r.s)
      .filter((s) => s >= 0);
    const counters = this.#stmts.activeCounters.get(
      areaId,
      new Date(now - ACTIVE_COUNTER_MS).toISOString(),
    )!.n;
    return estimateWaitMinutes(peopleAhead, times, counters, this.rules.estimate);
  }

  async issue(request: IssueRequest): Promise<IssueResult> {
    return this.#issue(request);
  }

  async ticketsToday(areaId: string, now: number): Promise<number> {
    return this.#stmts.count.get(areaId, businessDate(now, this.timeZone))!.n;
  }

  async waitingCount(areaId: string, now: number): Promise<number> {
    return this.#stmts.countWaiting.get(areaId, businessDate(now, this.timeZone))!.n;
  }

  async estimateFor(areaId: string, peopleAhead: number, now: number): Promise<number | null> {
    return this.#estimate(areaId, peopleAhead, now);
  }

  async ticketOrigin(ticketId: number): Promise<TicketOrigin | null> {
    const row = this.#stmts.origin.get(ticketId);
    return row ? { areaId: row.area, appointment: row.appointment !== null } : null;
  }

  async callNext(request: CounterRequest & { areaIds: string[] }): Promise<QueueTicket | null> {
    return this.#callNext(request);
  }

  async recall(request: CounterRequest): Promise<QueueTicket | null> {
    return this.#recall(request);
  }

  async transfer(request: CounterRequest & { toAreaId: string }): Promise<QueueTicket | null> {
    return this.#transfer(request);
  }

  async finish(request: CounterRequest & { outcome: 'done' | 'noShow' }): Promise<QueueTicket | null> {
    return this.#finish(request);
  }

  async currentAt(counterId: string): Promise<QueueTicket | null> {
    return this.#currentAt(counterId);
  }

  async waiting(areaIds: string[], now: number): Promise<WaitingEntry[]> {
    return this.#waiting(areaIds, now);
  }

  async recentCalls(now: number, limit: number): Promise<CallRecord[]> {
    return this.#stmts.recentCalls.all(businessDate(now, this.timeZone), limit);
  }

  async forgetDigestsBefore(date: string): Promise<number> {
    const forgotten = this.#stmts.forgetDigests.run(date).changes;
    // The WAL still holds the pages with the digests: copy them back (secure_delete zeroes the freed
    // bytes) and truncate it, so no copy outlives the clearing.
    if (forgotten > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return forgotten;
  }
}
