import { offlineNumber, type PriorityReason, type Ticket } from '@hall-kiosk/shared';
import { businessDate } from '../../core/local-day.ts';
import type {
  OfflineIssue,
  OfflineIssueResult,
  OfflineTicketStore,
  PendingOfflineTicket,
} from '../../hall-link/offline-tickets.ts';
import type { Db } from './database.ts';

type PendingRow = {
  id: number;
  area_id: string;
  business_date: string;
  number: string;
  idempotency_key: string;
  issued_at_kiosk: number;
  clock_offset_ms: number | null;
  priority_reason: PriorityReason | null;
  hall_digest: string | null;
};

/**
 * The tickets a kiosk in hall mode issued while it could not reach the hall (`offline_tickets`), its
 * offline series and its clock's offset (`offline_series`). An offline ticket and its print job are
 * written in one transaction, after the limits were checked in it: a ticket is never printed without
 * its row, nor its number given twice.
 */
export class SqliteOfflineTickets implements OfflineTicketStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async series(deviceId: string): Promise<{ series: number; clockOffsetMs: number | null } | null> {
    const row = this.db
      .prepare<[string], { series: number; clock_offset_ms: number | null }>(
        'SELECT series, clock_offset_ms FROM offline_series WHERE device_id = ?',
      )
      .get(deviceId);
    return row ? { series: row.series, clockOffsetMs: row.clock_offset_ms } : null;
  }

  async saveSeries(deviceId: string, series: number, clockOffsetMs: number): Promise<void> {
    if (!Number.isInteger(series) || series < 1 || series > 99) throw new RangeError('series: 1-99');
    if (!Number.isSafeInteger(clockOffsetMs)) throw new RangeError('clockOffsetMs: whole ms');
    this.db
      .prepare(
        `INSERT INTO offline_series (device_id, series, clock_offset_ms, measured_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET series = excluded.series,
           clock_offset_ms = excluded.clock_offset_ms, measured_at = excluded.measured_at`,
      )
      .run(deviceId, series, clockOffsetMs, new Date(this.now()).toISOString());
  }

  async issue(r: OfflineIssue): Promise<OfflineIssueResult> {
    return this.db.transaction((): OfflineIssueResult => {
      const known = this.db
        .prepare<[string], { series: number; clock_offset_ms: number | null }>(
          'SELECT series, clock_offset_ms FROM offline_series WHERE device_id = ?',
        )
        .get(r.deviceId);
      if (!known) return { ok: false, reason: 'noSeries' };
      const offset = known.clock_offset_ms;
      // The kiosk's clock corrected by the offset it last measured (the hall's clock is authoritative).
      const at = r.now + (offset ?? 0);
      const date = businessDate(at, r.timeZone);
      const count = (where: string, ...params: (string | number)[]) =>
        this.db
          .prepare<(string | number)[], { n: number }>(
            `SELECT count(*) AS n FROM offline_tickets WHERE device_id = ? AND business_date = ? AND ${where}`,
          )
          .get(r.deviceId, date, ...params)!.n;
      const pendingHere = count(`area_id = ? AND state = 'pending'`, r.area.id);
      const last = r.lastKnown && r.lastKnown.businessDate === date ? r.lastKnown : null;
      if (r.area.dailyCap !== undefined) {
        if (last?.capReached || (last?.ticketsToday ?? 0) + pendingHere >= r.area.dailyCap)
          return { ok: false, reason: 'capReached' };
      }
      if (r.identity && r.identity.maxPerArea > 0) {
        const held = count(`area_id = ? AND local_digest = ?`, r.area.id, r.identity.localDigest);
        if (held >= r.identity.maxPerArea) return { ok: false, reason: 'identityLimit' };
      }
      const limits = r.pathLimits;
      if (limits?.declaredDisability && r.priorityReason === 'disability') {
        if (count(`priority_reason = 'disability'`) >= limits.declaredDisability)
          return { ok: false, reason: 'priorityLimit' };
      }
      if (limits?.withoutCard && !r.identity) {
        if (count('local_digest IS NULL') >= limits.withoutCard)
          return { ok: false, reason: 'identityRequired' };
      }
      const seq =
        this.db
          .prepare<[string, string, string], { s: number | null }>(
            'SELECT max(seq) AS s FROM offline_tickets WHERE device_id = ? AND area_id = ? AND business_date = ?',
          )
          .get(r.deviceId, r.area.id, date)!.s ?? 0;
      const number = offlineNumber(r.area.prefix, known.series, seq + 1);
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO offline_tickets (device_id, area_id, business_date, seq, number, idempotency_key,
               issued_at_kiosk, clock_offset_ms, priority_reason, hall_digest, local_digest)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            r.deviceId,
            r.area.id,
            date,
            seq + 1,
            number,
            r.idempotencyKey,
            r.now,
            offset,
            r.priorityReason,
            r.identity?.hallDigest ?? null,
            r.identity?.localDigest ?? null,
          ).lastInsertRowid,
      );
      const printJobId = this.#queuePrintJob(r.printer, number, id);
      const ticket = offlineTicket(
        { id, number, areaId: r.area.id, businessDate: date, issuedAt: at, priorityReason: r.priorityReason },
        (last?.waiting ?? 0) + pendingHere,
      );
      return { ok: true, ticket, printJobId };
    })();
  }

  async again(key: string, printer: string): Promise<{ ticket: Ticket; printJobId: number } | null> {
    return this.db.transaction((): { ticket: Ticket; printJobId: number } | null => {
      const row = this.db
        .prepare<[string], PendingRow & { device_id: string; state: string }>(
          `SELECT id, device_id, area_id, business_date, number, idempotency_key, issued_at_kiosk,
             clock_offset_ms, priority_reason, hall_digest, state
           FROM offline_tickets WHERE idempotency_key = ?`,
        )
        .get(key);
      if (!row) return null;
      const ahead = this.db
        .prepare<[string, string, string, number], { n: number }>(
          `SELECT count(*) AS n FROM offline_tickets WHERE device_id = ? AND area_id = ? AND business_date = ?
             AND state = 'pending' AND id < ?`,
        )
        .get(row.device_id, row.area_id, row.business_date, row.id)!.n;
      const printJobId = this.#queuePrintJob(printer, row.number, row.id);
      const ticket = offlineTicket(
        {
          id: row.id,
          number: row.number,
          areaId: row.area_id,
          businessDate: row.business_date,
          issuedAt: row.issued_at_kiosk + (row.clock_offset_ms ?? 0),
          priorityReason: row.priority_reason,
        },
        ahead,
      );
      return { ticket, printJobId };
    })();
  }

  /** The print job of an offline ticket, queued in the caller's transaction. */
  #queuePrintJob(printer: string, number: string, offlineTicketId: number): number {
    const iso = new Date(this.now()).toISOString();
    return Number(
      this.db
        .prepare(
          `INSERT INTO print_jobs (device, kind, hall_number, offline_ticket_id, state, created_at, updated_at)
           VALUES (?, 'ticket', ?, ?, 'queued', ?, ?)`,
        )
        .run(printer, number, offlineTicketId, iso, iso).lastInsertRowid,
    );
  }

  async pending(limit = 50): Promise<PendingOfflineTicket[]> {
    return this.db
      .prepare<[number], PendingRow>(
        `SELECT id, area_id, business_date, number, idempotency_key, issued_at_kiosk, clock_offset_ms,
           priority_reason, hall_digest
         FROM offline_tickets WHERE state = 'pending' ORDER BY id LIMIT ?`,
      )
      .all(limit)
      .map((r) => ({
        id: r.id,
        areaId: r.area_id,
        businessDate: r.business_date,
        number: r.number,
        idempotencyKey: r.idempotency_key,
        issuedAtKiosk: r.issued_at_kiosk,
        clockOffsetMs: r.clock_offset_ms,
        priorityReason: r.priority_reason,
        hallDigest: r.hall_digest,
      }));
  }

  async pendingCount(): Promise<number> {
    return this.db
      .prepare<[], { n: number }>(`SELECT count(*) AS n FROM offline_tickets WHERE state = 'pending'`)
      .get()!.n;
  }

  async markAccepted(id: number, hallTicketId: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE offline_tickets SET state = 'accepted', hall_ticket_id = ?, hall_digest = NULL WHERE id = ?`,
      )
      .run(hallTicketId, id);
  }

  async markRejected(id: number, failure: string): Promise<void> {
    this.db
      .prepare(`UPDATE offline_tickets SET state = 'rejected', failure = ?, hall_digest = NULL WHERE id = ?`)
      .run(failure.slice(0, 300), id);
  }

  async forgetDigestsBefore(date: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE offline_tickets SET hall_digest = NULL, local_digest = NULL
         WHERE business_date < ? AND (hall_digest IS NOT NULL OR local_digest IS NOT NULL)`,
      )
      .run(date).changes;
  }
}

/** An offline ticket as the kiosk prints and answers it (its time the kiosk's clock corrected). */
function offlineTicket(
  t: {
    id: number;
    number: string;
    areaId: string;
    businessDate: string;
    issuedAt: number;
    priorityReason: Ticket['priorityReason'];
  },
  peopleAhead: number,
): Ticket {
  return {
    id: t.id,
    number: t.number,
    areaId: t.areaId,
    businessDate: t.businessDate,
    issuedAt: new Date(t.issuedAt).toISOString(),
    peopleAhead,
    priority: t.priorityReason !== null,
    priorityReason: t.priorityReason,
    appointment: false,
    estimatedWaitMinutes: null,
    offline: true,
  };
}
