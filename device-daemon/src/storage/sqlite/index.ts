import { SqliteOfflineTickets } from './offline-tickets.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '../ports.ts';
import { StorageNotFoundError } from '../ports.ts';
import { SqliteAppointmentVisits } from './appointment-visits.ts';
import { openDatabase, openDatabaseReadOnly } from './database.ts';
import { SqliteAuditLog, SqliteDeviceEventLog, SqliteStatisticsStore } from './diagnostics.ts';
import { SqliteGuideViews } from './guide-views.ts';
import { SqlitePrintJournal } from './print-journal.ts';
import { SqliteQueueStore, type QueueRules } from './queue-store.ts';
import { SqliteRatingStore } from './rating-store.ts';
import { moveSecretsOut, SqliteSecretStore } from './secrets.ts';
import { FileSecretStore, SECRETS_FILE } from '../secret-file.ts';

export { SECRETS_FILE } from '../secret-file.ts';

export type { QueueRules } from './queue-store.ts';
export { DatabaseTooNewError } from './database.ts';

export type SqliteStorageOptions = {
  /** The daemon's data directory (the database is `kiosk.db` in it); null: a private in-memory database (tests). */
  dataDir: string | null;
  /** The hall's time zone: business days (numbering, limits, no-shows) are local days there. */
  timeZone: string;
  queueRules?: QueueRules;
  /** Timestamps of print-journal changes. */
  now?: () => number;
  /** Open an existing database for reading only (technicians' views): no migration, no writes. */
  readOnly?: boolean;
  /** Refuse with `StorageNotFoundError` when there is no database yet instead of creating one. */
  mustExist?: boolean;
};

/** The database file of a data directory. */
const fileIn = (dataDir: string) => join(dataDir, 'kiosk.db');

/**
 * Opens the daemon's storage in its SQLite file (creating and migrating it unless `readOnly`). The
 * one way into storage for the daemon and every CLI command. Stores are created on first use, so a
 * read-only view of an older database prepares only what it reads.
 */
export function openSqliteStorage(options: SqliteStorageOptions): Storage {
  const file = options.dataDir === null ? ':memory:' : fileIn(options.dataDir);
  if ((options.readOnly || options.mustExist) && (file === ':memory:' || !existsSync(file)))
    throw new StorageNotFoundError(file);
  const db = options.readOnly ? openDatabaseReadOnly(file) : openDatabase(file);
  // Secrets live in their own 0600 file beside the database, never in it (a one-time move on open).
  const secretFile =
    options.dataDir === null
      ? null
      : new FileSecretStore(join(options.dataDir, SECRETS_FILE), options.readOnly === true);
  if (secretFile && !options.readOnly) moveSecretsOut(db, secretFile);
  const now = options.now ?? Date.now;
  const made = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  let closed = false;
  return {
    get queue() {
      return once('queue', () => new SqliteQueueStore(db, options.timeZone, options.queueRules));
    },
    get journal() {
      return once('journal', () => new SqlitePrintJournal(db, now));
    },
    get ratings() {
      return once('ratings', () => new SqliteRatingStore(db));
    },
    get guideViews() {
      return once('guideViews', () => new SqliteGuideViews(db));
    },
    get visits() {
      return once('visits', () => new SqliteAppointmentVisits(db, options.timeZone));
    },
    get secrets() {
      return once('secrets', () => secretFile ?? new SqliteSecretStore(db));
    },
    get statistics() {
      return once('statistics', () => new SqliteStatisticsStore(db));
    },
    get deviceEvents() {
      return once('deviceEvents', () => new SqliteDeviceEventLog(db));
    },
    get audit() {
      return once('audit', () => new SqliteAuditLog(db));
    },
    get offline() {
      return once('offline', () => new SqliteOfflineTickets(db, now));
    },
    async writable() {
      // Takes the write lock and gives it back at once: fails when the file cannot be written or
      // another process holds the lock (without waiting: a health check must not block the daemon).
      db.pragma('busy_timeout = 0');
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
      } finally {
        db.pragma('busy_timeout = 5000');
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
