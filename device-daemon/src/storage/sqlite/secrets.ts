import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../ports.ts';
import type { FileSecretStore } from '../secret-file.ts';
import type { Db } from './database.ts';

/**
 * Secrets in the `kiosk_secrets` table: only for a private in-memory database (tests), where there is
 * no data directory. A daemon keeps its secrets in their own file (storage/secret-file.ts).
 */
export class SqliteSecretStore implements SecretStore {
  #get;
  #put;

  constructor(db: Db) {
    this.#get = db.prepare<[string], { value: Buffer }>(`SELECT value FROM kiosk_secrets WHERE name = ?`);
    this.#put = db.prepare<[string, Buffer]>(
      `INSERT INTO kiosk_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
    );
  }

  async secret(name: string): Promise<Buffer> {
    const existing = this.#get.get(name);
    if (existing) return existing.value;
    this.#put.run(name, randomBytes(32));
    return this.#get.get(name)!.value;
  }
}

/**
 * The one-time move of secrets an older version kept in `kiosk_secrets` into the secrets file: copied
 * (synced) first, then deleted from the table with secure_delete on and the WAL checkpointed and
 * truncated, so the database keeps no copy. Interrupted, it is done again at the next start (the
 * file keeps the copy it already has). Returns how many were moved.
 */
export function moveSecretsOut(db: Db, file: FileSecretStore): number {
  const rows = db.prepare(`SELECT name, value FROM kiosk_secrets`).all() as { name: string; value: Buffer }[];
  if (rows.length === 0) return 0;
  file.adopt(Object.fromEntries(rows.map((r) => [r.name, r.value])));
  db.prepare(`DELETE FROM kiosk_secrets`).run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return rows.length;
}
