import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order and recorded in `PRAGMA user_version`. Never edit one that has
 * shipped; add the next.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE ticket_counters (
     area_id TEXT NOT NULL,
     business_date TEXT NOT NULL,
     last_seq INTEGER NOT NULL,
     PRIMARY KEY (area_id, business_date)
   );
   CREATE TABLE tickets (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     area_id TEXT NOT NULL,
     business_date TEXT NOT NULL,
     seq INTEGER NOT NULL,
     number TEXT NOT NULL,
     issued_at TEXT NOT NULL,
     state TEXT NOT NULL DEFAULT 'waiting',
     UNIQUE (area_id, business_date, seq)
   );
   CREATE TABLE print_jobs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     device TEXT NOT NULL,
     kind TEXT NOT NULL,
     ticket_id INTEGER REFERENCES tickets(id),
     state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'printed', 'failed', 'interrupted')),
     failure TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX print_jobs_state ON print_jobs(state);`,
  // 2: 绿色通道 priority tickets.
  `ALTER TABLE tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;`,
  // 3: what became of a ticket in a presenter (taken | retracted).
  `ALTER TABLE print_jobs ADD COLUMN presenter TEXT;`,
];

/**
 * Opens (creating if needed) the daemon's database. WAL for concurrent readers; synchronous=FULL
 * because a kiosk can lose power at any moment and an issued number must never be issued again.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
