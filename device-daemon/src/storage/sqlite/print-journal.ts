import type { Statement } from 'better-sqlite3';
import type { PrintJobRow, PrintJobState, PrintJournal } from '../../tickets/print-journal.ts';
import type { Db } from './database.ts';

const PROBLEM = `WHERE j.state != 'printed' OR j.presenter = 'retracted'`;

/** The print journal in the `print_jobs` table. */
export class SqlitePrintJournal implements PrintJournal {
  // Prepared on first use (a read-only technician's view never prepares the updates).
  #markStmt: Statement<[string, string | null, string, number]> | undefined;
  #presenterStmt: Statement<[string, string, number]> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async create(device: string, kind: string, ticketId: number | null): Promise<number> {
    const at = new Date(this.now()).toISOString();
    return Number(
      this.db
        .prepare<[string, string, number | null, string, string]>(
          `INSERT INTO print_jobs (device, kind, ticket_id, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
        )
        .run(device, kind, ticketId, at, at).lastInsertRowid,
    );
  }

  async createForHallTicket(device: string, ticket: { id: number; number: string }): Promise<number> {
    const at = new Date(this.now()).toISOString();
    return Number(
      this.db
        .prepare<[string, number, string, string, string]>(
          `INSERT INTO print_jobs (device, kind, hall_ticket_id, hall_number, state, created_at, updated_at)
           VALUES (?, 'ticket', ?, ?, 'queued', ?, ?)`,
        )
        .run(device, ticket.id, ticket.number, at, at).lastInsertRowid,
    );
  }

  async mark(id: number, state: PrintJobState, failure: string | null = null): Promise<void> {
    this.#markStmt ??= this.db.prepare(
      `UPDATE print_jobs SET state = ?, failure = ?, updated_at = ? WHERE id = ?`,
    );
    this.#markStmt.run(state, failure, new Date(this.now()).toISOString(), id);
  }

  async markPresenter(id: number, outcome: 'taken' | 'retracted'): Promise<void> {
    this.#presenterStmt ??= this.db.prepare(
      `UPDATE print_jobs SET presenter = ?, updated_at = ? WHERE id = ?`,
    );
    this.#presenterStmt.run(outcome, new Date(this.now()).toISOString(), id);
  }

  async recoverInterrupted(): Promise<number> {
    return this.db
      .prepare(
        `UPDATE print_jobs SET state = 'interrupted', failure = 'daemon stopped before the job was confirmed', updated_at = ?
         WHERE state IN ('queued', 'sent')`,
      )
      .run(new Date(this.now()).toISOString()).changes;
  }

  async recent(limit = 50): Promise<PrintJobRow[]> {
    return this.#select('', limit);
  }

  async problems(limit = 50): Promise<PrintJobRow[]> {
    return this.#select(PROBLEM, limit);
  }

  async problemCount(): Promise<number> {
    return (this.db.prepare(`SELECT count(*) AS n FROM print_jobs j ${PROBLEM}`).get() as { n: number }).n;
  }

  async kindOf(id: number): Promise<string | null> {
    return (
      this.db.prepare<[number], { kind: string }>(`SELECT kind FROM print_jobs WHERE id = ?`).get(id)?.kind ??
      null
    );
  }

  #select(where: string, limit: number): PrintJobRow[] {
    return this.db
      .prepare<[number], PrintJobRow>(
        `SELECT j.id, j.device, j.kind, coalesce(j.ticket_id, j.hall_ticket_id) AS ticketId,
                coalesce(t.number, j.hall_number) AS number, j.state, j.failure,
                j.presenter, j.created_at AS createdAt, j.updated_at AS updatedAt
         FROM print_jobs j LEFT JOIN tickets t ON t.id = j.ticket_id ${where} ORDER BY j.id DESC LIMIT ?`,
      )
      .all(limit);
  }
}
