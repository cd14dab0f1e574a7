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
 * Each write is durable when its promise resolves. SQLite: `storage/sqlite/print-journal.ts`.
 */
export interface PrintJournal {
  /** A new job, queued, for anything but a ticket (tickets get theirs in the queue store's unit of work). */
  create(device: string, kind: string, ticketId: number | null): Promise<number>;
  /** A new job, queued, for a ticket the hall server issued (hall mode: the ticket is the hall's, not a local row). */
  createForHallTicket(device: string, ticket: { id: number; number: string }): Promise<number>;
  mark(id: number, state: PrintJobState, failure?: string | null): Promise<void>;
  /** A presented ticket was taken or retracted (a technician sees retracted tickets). */
  markPresenter(id: number, outcome: 'taken' | 'retracted'): Promise<void>;
  /** Called once at start-up. Returns how many jobs a previous run left unfinished. */
  recoverInterrupted(): Promise<number>;
  recent(limit?: number): Promise<PrintJobRow[]>;
  /** Jobs not printed (failed, interrupted, or not yet confirmed) or retracted, newest first. */
  problems(limit?: number): Promise<PrintJobRow[]>;
  problemCount(): Promise<number>;
  /** What a job printed (`ticket`, `checklist`, …), or null if there is no such job. */
  kindOf(id: number): Promise<string | null>;
}
