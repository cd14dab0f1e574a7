import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/sqlite/migrations.ts';
import { DatabaseTooNewError, openSqliteStorage } from '../src/storage/sqlite/index.ts';
import { FileSecretStore, SECRETS_FILE } from '../src/storage/secret-file.ts';

/**
 * `fixtures/kiosk-0.1.0.db` is a database as release 0.1.0 (commit 842f39c) left it, made by that
 * release's own code: its migrations (schema 6) and its stores issued A001, B001, A002, B002, A003
 * (2026-11-27 10:00–10:04 in Asia/Shanghai), marked four print jobs printed and the last one failed
 * ("paper out"), made the identity-digest salt (identityDigestSalt), and stored two ratings (5, and 2 with reasons and a
 * comment). An upgrade migrates a copy of it; nothing it held may be lost.
 */
const FIXTURE = new URL('./fixtures/kiosk-0.1.0.db', import.meta.url).pathname;

function copyOfPrevious(): string {
  const dir = mkdtempSync(join(tmpdir(), 'previous-db-'));
  copyFileSync(FIXTURE, join(dir, 'kiosk.db'));
  return dir;
}

describe('data migrations from the previous version', () => {
  it("bring a copy of 0.1.0's database to the current schema with everything it held", async () => {
    const dir = copyOfPrevious();
    const raw = new Database(join(dir, 'kiosk.db'), { readonly: true });
    const before = raw.pragma('user_version', { simple: true }) as number;
    const secretBefore = raw.prepare(`SELECT value FROM kiosk_secrets`).all();
    raw.close();
    expect(before).toBe(6);

    const storage = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    try {
      const jobs = await storage.journal.recent(50);
      expect(jobs.map((j) => j.number).sort()).toEqual(['A001', 'A002', 'A003', 'B001', 'B002']);
      expect(jobs.find((j) => j.number === 'A003')).toMatchObject({ state: 'failed', failure: 'paper out' });
      const summary = await storage.ratings.summary();
      expect(summary.byLevel).toMatchObject({ '5': 1, '2': 1 });
      expect(summary.outbox.pending).toBe(2);
      expect((await storage.secrets.secret('identityDigestSalt')).length).toBe(32);
    } finally {
      await storage.close();
    }
    const after = new Database(join(dir, 'kiosk.db'), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // The identity-digest salt moved out of the database into the private secrets file, unchanged.
    expect(after.prepare(`SELECT value FROM kiosk_secrets`).all()).toEqual([]);
    after.close();
    const moved = await new FileSecretStore(join(dir, SECRETS_FILE)).secret('identityDigestSalt');
    expect(moved.equals((secretBefore[0] as { value: Buffer }).value)).toBe(true);
  });

  it('refuse a database written by a newer version instead of using a schema they do not know', () => {
    const dir = copyOfPrevious();
    const raw = new Database(join(dir, 'kiosk.db'));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' })).toThrow(DatabaseTooNewError);
  });
});
