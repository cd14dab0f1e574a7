import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';

/**
 * The daemon as hall-kiosk.service runs it (Type=notify, WatchdogSec=): a Unix datagram socket stands
 * in for systemd (socat UNIX-RECV prints every datagram in order). READY=1 comes once, after the page
 * is served; WATCHDOG=1 comes every half period while the database takes writes, stops while another
 * process holds the database's write lock, and comes back after; STOPPING=1 at the end.
 */
let daemon: DaemonProcess | undefined;
const cleanups: (() => void)[] = [];
afterAll(async () => {
  await daemon?.stop();
  cleanups.forEach((c) => c());
});

describe('the daemon and systemd', () => {
  it('READY=1 once, the watchdog fed only while the database can be written, STOPPING=1 at the end', async () => {
    const dir = tempDir('sd-notify');
    const socket = join(dir, 'notify.sock');
    const receiver = spawn('socat', ['-u', `UNIX-RECV:${socket}`, 'STDOUT']);
    cleanups.push(() => receiver.kill());
    let text = '';
    receiver.stdout.on('data', (d: Buffer) => (text += d.toString()));
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = () => text.split('\n').filter(Boolean);
    const pings = () => lines().filter((l) => l === 'WATCHDOG=1').length;
    const until = async (what: string, ok: () => boolean, ms = 10_000) => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end)
          throw new Error(`${what}: not within ${ms} ms; heard ${JSON.stringify(lines())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // A 1 s watchdog: pings every 500 ms.
    daemon = await startDaemon({
      dir,
      config: { devices: {} },
      env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '1000000' },
    });
    await until('READY=1', () => lines().includes('READY=1'));
    expect(lines().find((l) => l.startsWith('STATUS=serving '))).toBe(`STATUS=serving ${daemon.url}`);
    await until('three pings', () => pings() >= 3);

    // Another process takes the database's write lock: no ping while it holds it.
    const holder = new Database(join(dir, 'data', 'kiosk.db'));
    holder.exec('BEGIN EXCLUSIVE');
    await until('the watchdog says why it is not fed', () =>
      lines().some((l) => l.startsWith('STATUS=unhealthy: database')),
    );
    const whileLocked = pings();
    await new Promise((r) => setTimeout(r, 1500));
    expect(pings()).toBe(whileLocked);
    holder.exec('ROLLBACK');
    holder.close();
    await until('pings again', () => pings() > whileLocked);

    await daemon.stop();
    daemon = undefined;
    await until('STOPPING=1', () => lines().includes('STOPPING=1'));
    expect(lines().filter((l) => l === 'READY=1')).toHaveLength(1);
  }, 60_000);
});
