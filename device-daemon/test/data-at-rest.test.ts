import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { silentLogger } from '../src/log.ts';
import { Housekeeping, digestMidnightChore, msUntilLocalMidnight } from '../src/app/housekeeping.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { openSqliteStorage, SECRETS_FILE } from '../src/storage/sqlite/index.ts';
import { SqliteSecretStore } from '../src/storage/sqlite/secrets.ts';

const tax = DEFAULT_AREAS[0]!;
const dataDir = () => mkdtempSync(join(tmpdir(), 'at-rest-'));
const mode = (path: string) => statSync(path).mode & 0o777;
/** Every byte the database keeps on disk: the file and its WAL. */
const databaseBytes = (dir: string) =>
  Buffer.concat(
    ['kiosk.db', 'kiosk.db-wal'].map((f) => {
      try {
        return readFileSync(join(dir, f));
      } catch {
        return Buffer.alloc(0);
      }
    }),
  );

describe('data at rest', () => {
  it('keeps the data directory 0700 and the database, WAL and SHM 0600, fixing files made before', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'kiosk.db'), '');
    chmodSync(join(dir, 'kiosk.db'), 0o644);
    const s = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    await s.queue.issue({ area: tax, now: Date.now(), printer: 'p' });
    await s.secrets.secret('identityDigestSalt');
    expect(mode(dir)).toBe(0o700);
    for (const f of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', SECRETS_FILE])
      expect(mode(join(dir, f))).toBe(0o600);
    await s.close();
  });

  it('deletes securely: secure_delete is on', () => {
    const db = openDatabase(join(dataDir(), 'kiosk.db'));
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps the identity-digest salt in its own 0600 file, and moves one an older version kept in kiosk.db out once', async () => {
    const dir = dataDir();
    // An older version: the salt in the kiosk_secrets table.
    const old = openDatabase(join(dir, 'kiosk.db'));
    const salt = await new SqliteSecretStore(old).secret('identityDigestSalt');
    old.close();
    expect(databaseBytes(dir).includes(salt)).toBe(true);

    const s = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    expect((await s.secrets.secret('identityDigestSalt')).equals(salt)).toBe(true);
    await s.close();
    const file = join(dir, SECRETS_FILE);
    expect(mode(file)).toBe(0o600);
    expect(
      Buffer.from(
        (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).identityDigestSalt!,
        'base64',
      ),
    ).toEqual(salt);
    // Gone from the database: not in the table, nor in its free pages, nor in the WAL.
    expect(databaseBytes(dir).includes(salt)).toBe(false);
    const again = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    expect((await again.secrets.secret('identityDigestSalt')).equals(salt)).toBe(true);
    await again.close();
  });

  it("clears earlier days' identity digests at the hall's local midnight, with no ticket taken, and truncates the WAL", async () => {
    const dir = dataDir();
    // 23:50 in Shanghai.
    const clock = new ManualClock(Date.parse('2026-03-02T15:50:00Z'));
    const s = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai', now: () => clock.now() });
    const digest = 'ab'.repeat(32);
    const issued = await s.queue.issue({
      area: tax,
      now: clock.now(),
      printer: 'p',
      identity: { digest, maxPerArea: 1 },
    });
    expect(issued.ok).toBe(true);
    const hk = new Housekeeping(clock, silentLogger, [
      digestMidnightChore({ store: s.queue, timeZone: 'Asia/Shanghai', clock, log: silentLogger }),
    ]);
    hk.start();
    await clock.advance(1); // the run at start: today's digest stays
    expect(databaseBytes(dir).includes(digest)).toBe(true);
    expect(msUntilLocalMidnight(clock.now(), 'Asia/Shanghai')).toBe(10 * 60_000 + 1000 - 1);
    await clock.advance(9 * 60_000);
    expect(databaseBytes(dir).includes(digest)).toBe(true);
    await clock.advance(60_000 + 1000); // just past 00:00 local
    expect(databaseBytes(dir).includes(digest)).toBe(false);
    expect(statSync(join(dir, 'kiosk.db-wal')).size).toBe(0);
    hk.stop();
    await s.close();
  });
});
