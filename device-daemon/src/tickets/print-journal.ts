import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.ts';

const PROBLEM = `WHERE j.state != 'printed' OR j.presenter = 'retracted'`;

export type PrintJobState = 'queued' | 'sent' | 'printed' | 'failed' | 'interrupted';

export type PrintJobRow = {
  id: number;
  device: string;
  kind: string;
  ticketId: number | null;
  number: string | null;
  state: PrintJobState;
  failure: string | null;
  presenter: 'taken' | 'retracted' | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * The durable record of every print job: a job row exists before a byte is sent, and its state
 * says how far it got (queued → sent → printed | failed). Jobs a crash left in `queued` or `sent`
 * are marked `interrupted` at start-up, never silently re-sent (that could print a ticket twice).
 */
export class PrintJournal {
  // Prepared on first use (a read-only technician's view never prepares the updates).
  #markStmt: Statement<[string, string | null, string, number]> | undefined;
  #presenterStmt: Statement<[string, string, number]> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** A new job, queued, for anything but a ticket (tickets get theirs inside the issuing transaction). */
  create(device: string, kind: string, ticketId: number | null): number {
    const at = new Date(this.now()).toISOString();
    return Number(
      this.db
        .prepare<[string, string, number | null, string, string]>(
          `INSERT INTO print_jobs (device, kind, ticket_id, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
        )
        .run(device, kind, ticketId, at, at).lastInsertRowid,
    );
  }

  mark(id: number, state: PrintJobState, failure: string | null = null): void {
    this.#markStmt ??= this.db.prepare(
      `UPDATE print_jobs SET state = ?, failure = ?, updated_at = ? WHERE id = ?`,
    );
    this.#markStmt.run(state, failure, new Date(this.now()).toISOString(), id);
  }

  /** A presented ticket was taken or retracted (a technician sees retracted tickets). */
  markPresenter(id: number, outcome: 'taken' | 'retracted'): void {
    this.#presenterStmt ??= this.db.prepare(
      `UPDATE print_jobs SET presenter = ?, updated_at = ? WHERE id = ?`,
    );
    this.#presenterStmt.run(outcome, new Date(this.now()).toISOString(), id);
  }

  /** Called once at start-up. Returns how many jobs a previous run left unfinished. */
  recoverInterrupted(): number {
    return this.db
      .prepare(
        `UPDATE print_jobs SET state = 'interrupted', failure = 'daemon stopped before the job was confirmed', updated_at = ?
         WHERE state IN ('queued', 'sent')`,
      )
      .run(new Date(this.now()).toISOString()).changes;
  }

  recent(limit = 50): PrintJobRow[] {
    return this.#select('', limit);
  }

  /** Jobs not printed (failed, interrupted, or not yet confirmed) or retracted, newest first. */
  problems(limit = 50): PrintJobRow[] {
    return this.#select(PROBLEM, limit);
  }

  problemCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM print_jobs j ${PROBLEM}`).get() as { n: number }).n;
  }

  #select(where: string, limit: number): PrintJobRow[] {
    return this.db
      .prepare<[number], PrintJobRow>(
        `SELECT j.id, j.device, j.kind, j.ticket_id AS ticketId, t.number, j.state, j.failure,
                j.presenter, j.created_at AS createdAt, j.updated_at AS updatedAt
         FROM print_jobs j LEFT JOIN tickets t ON t.id = j.ticket_id ${where} ORDER BY j.id DESC LIMIT ?`,
      )
      .all(limit);
  }
}
