import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../storage/database.ts';

/** The kiosk's durable state in a data directory, opened once by whoever needs it. */
export type KioskStorage = {
  readonly file: string;
  readonly db: Db;
  close(): void;
};

/** A command that only reads was pointed at a data directory where no daemon has run yet. */
export class NoDatabaseError extends Error {
  constructor(readonly file: string) {
    super(`No database at ${file}: the daemon has not run with this configuration yet.`);
    this.name = 'NoDatabaseError';
  }
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'kiosk.db');
}

/**
 * The one way the daemon and every `kiosk` command open storage. Read-write (the default) creates the
 * database if needed and brings its schema up to date; `readOnly` opens an existing database as it is,
 * for commands that only look (it never writes, so it cannot migrate either). `mustExist` refuses with
 * `NoDatabaseError` instead of creating an empty database.
 */
export function openStorage(
  dataDir: string,
  options: { readOnly?: boolean; mustExist?: boolean } = {},
): KioskStorage {
  const file = databaseFile(dataDir);
  if ((options.readOnly || options.mustExist) && !existsSync(file)) throw new NoDatabaseError(file);
  const db = options.readOnly
    ? new Database(file, { readonly: true, fileMustExist: true })
    : openDatabase(file);
  return { file, db, close: () => db.close() };
}
