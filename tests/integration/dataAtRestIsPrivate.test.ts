import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';

// docs/security.md, item 11: what a running daemon leaves on disk is its own alone.
describe('data at rest is private', () => {
  const dir = tempDir('at-rest');
  const data = join(dir, 'data');
  let daemon: DaemonProcess;
  beforeAll(async () => {
    // As an older version left it: a world-readable directory and database.
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'kiosk.db'), '');
    chmodSync(join(data, 'kiosk.db'), 0o644);
    daemon = await startDaemon({ dir, config: { devices: {} } });
  });
  afterAll(() => daemon?.stop());

  it('makes the data directory 0700 and every file in it 0600 (umask 077 at start, old modes fixed)', async () => {
    expect((await daemon.health()).status).toBeDefined();
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const files = readdirSync(data);
    expect(files).toEqual(expect.arrayContaining(['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm']));
    for (const f of files) expect([f, statSync(join(data, f)).mode & 0o077]).toEqual([f, 0]);
  });
});
