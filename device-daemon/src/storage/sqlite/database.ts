import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

/** A connection to the daemon's SQLite file. Used only inside `storage/sqlite/`. */
export type Db = Database.Database;

/**
 * Opens (creating if needed) the daemon's database and brings its schema up to date. WAL for
 * concurrent readers; synchronous=FULL because a kiosk can lose power at any moment and an issued
 * number must never be issued again.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    db.close();
    throw new DatabaseTooNewError(file, current, MIGRATIONS.length);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/**
 * Migrations run forward only: a database written by a newer version (after an upgrade that was then
 * rolled back by hand) is refused rather than used with a schema this version does not know.
 * `kiosk upgrade` avoids it by restoring the copy it took before the switch.
 */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `${file} has schema ${found}, but this version knows schemas up to ${known}: it was written by a newer version. ` +
        'Restore the copy kiosk upgrade kept (backup-before-<version> in the data directory) or run the newer version.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** Opens an existing database for reading only: no migration, no write lock (technicians' views). */
export function openDatabaseReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}
