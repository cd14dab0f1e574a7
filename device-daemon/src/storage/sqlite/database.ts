import { chmodSync, mkdirSync, statSync } from 'node:fs';
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
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    keepPrivate(dirname(file), 0o700);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows (yesterday's identity digests, a moved secret) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  // SQLite's own default page cache (2 MiB). better-sqlite3 builds SQLite with 16 MiB per
  // connection, which a kiosk's database fills as it grows (about 0.7 KiB a session) and never gives
  // back; its working set (today's tickets) is small, and the rest is in the OS's file cache.
  db.pragma('cache_size = -2000');
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
  // Files made before the daemon set its umask (or by an older version) are made private too.
  if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) keepPrivate(f, 0o600);
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

/**
 * Sets the mode of the daemon's own data directory or file, if it exists and has other bits. A
 * directory the daemon does not own (EPERM) is left as the administrator made it.
 */
export function keepPrivate(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw e;
  }
}

/** Opens an existing database for reading only: no migration, no write lock (technicians' views). */
export function openDatabaseReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}
