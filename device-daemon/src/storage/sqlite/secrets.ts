import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../ports.ts';
import type { Db } from './database.ts';

/** Per-installation secrets in the `kiosk_secrets` table: 32 random bytes, created on first use. */
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
    // Another connection may have created it meanwhile: DO NOTHING keeps theirs, and we read it back.
    this.#put.run(name, randomBytes(32));
    return this.#get.get(name)!.value;
  }
}
