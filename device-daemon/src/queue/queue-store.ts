import type { ServiceArea, Ticket } from '@hall-kiosk/shared';
import type { Db } from '../storage/database.ts';
import { businessDate } from './business-date.ts';

export type IssuedTicket = { ticket: Ticket; printJobId: number };

/**
 * Where queue numbers live. One implementation now (embedded SQLite); a shared store for halls with
 * several ticket machines would implement the same interface.
 */
export interface QueueStore {
  /**
   * Issues the next number of an area for the day `now` falls in, and records the print job for its
   * ticket, atomically: after a crash at any moment, a number is either fully issued (with its job)
   * or was never issued, and is never issued twice.
   */
  issue(area: ServiceArea, now: number, printer: string, options?: { priority?: boolean }): IssuedTicket;
  ticketsToday(areaId: string, now: number): number;
}

export class SqliteQueueStore implements QueueStore {
  #issue: (area: ServiceArea, now: number, printer: string, priority: boolean) => IssuedTicket;
  #count: (areaId: string, date: string) => number;

  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
  ) {
    const bump = db.prepare<[string, string], { last_seq: number }>(
      `INSERT INTO ticket_counters (area_id, business_date, last_seq) VALUES (?, ?, 1)
       ON CONFLICT (area_id, business_date) DO UPDATE SET last_seq = last_seq + 1
       RETURNING last_seq`,
    );
    const insertTicket = db.prepare<[string, string, number, string, string, number]>(
      `INSERT INTO tickets (area_id, business_date, seq, number, issued_at, priority) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const ahead = db.prepare<[string, string, number], { n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE area_id = ? AND business_date = ? AND state = 'waiting' AND id < ?`,
    );
    const insertJob = db.prepare<[string, number, string, string]>(
      `INSERT INTO print_jobs (device, kind, ticket_id, state, created_at, updated_at) VALUES (?, 'ticket', ?, 'queued', ?, ?)`,
    );
    const count = db.prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE area_id = ? AND business_date = ?`,
    );
    this.#count = (areaId, date) => count.get(areaId, date)!.n;
    // IMMEDIATE: take the write lock before reading the counter, so two writers cannot both read it.
    const issue = db.transaction(
      (area: ServiceArea, now: number, printer: string, priority: boolean): IssuedTicket => {
        const date = businessDate(now, this.timeZone);
        const seq = bump.get(area.id, date)!.last_seq;
        const number = `${area.prefix}${String(seq).padStart(3, '0')}`;
        const issuedAt = new Date(now).toISOString();
        const id = Number(
          insertTicket.run(area.id, date, seq, number, issuedAt, priority ? 1 : 0).lastInsertRowid,
        );
        const peopleAhead = ahead.get(area.id, date, id)!.n;
        const printJobId = Number(insertJob.run(printer, id, issuedAt, issuedAt).lastInsertRowid);
        return {
          ticket: { id, number, areaId: area.id, businessDate: date, issuedAt, peopleAhead, priority },
          printJobId,
        };
      },
    );
    this.#issue = (area, now, printer, priority) => issue.immediate(area, now, printer, priority);
  }

  issue(area: ServiceArea, now: number, printer: string, options: { priority?: boolean } = {}): IssuedTicket {
    return this.#issue(area, now, printer, options.priority ?? false);
  }

  ticketsToday(areaId: string, now: number): number {
    return this.#count(areaId, businessDate(now, this.timeZone));
  }
}
