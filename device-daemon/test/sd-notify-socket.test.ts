import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@hall-kiosk/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { systemdNotifier } from '../src/system/sd-notify.ts';
import { startWatchdog } from '../src/system/watchdog.ts';

/**
 * The notify protocol against a real Unix datagram socket standing in for systemd: socat receives
 * on it (UNIX-RECV) and prints every datagram, in order.
 */
async function fakeSystemd() {
  const dir = mkdtempSync(join(tmpdir(), 'notify-'));
  const path = join(dir, 'notify.sock');
  const receiver = spawn('socat', ['-u', `UNIX-RECV:${path}`, 'STDOUT']);
  let text = '';
  receiver.stdout.on('data', (d: Buffer) => (text += d.toString()));
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(path)) throw new Error('socat did not create the notify socket');
  return {
    path,
    lines: () => text.split('\n').filter(Boolean),
    stop: () => receiver.kill(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const blockEventLoop = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('sd_notify over a real Unix datagram socket', () => {
  it('READY=1 once, WATCHDOG=1 at the interval, none while the event loop is blocked or the database is gone', async () => {
    const systemd = await fakeSystemd();
    cleanup = systemd.stop;
    const notifier = systemdNotifier({ env: { NOTIFY_SOCKET: systemd.path } });
    let databaseUp = true;
    const mark = (name: string) => notifier.send({ X_TEST_MARK: name });

    const lines = systemd.lines;
    const at = (m: string) => lines().indexOf(`X_TEST_MARK=${m}`);
    const after = (m: string) => (at(m) < 0 ? [] : lines().slice(at(m)));
    const pings = (ls: string[]) => ls.filter((l) => l === 'WATCHDOG=1').length;
    /** Waits for what socat has printed to satisfy `ok`: a loaded machine delays ticks, never the order. */
    const until = async (what: string, ok: () => boolean) => {
      for (const end = Date.now() + 10_000; !ok(); await sleep(20)) {
        if (Date.now() > end) throw new Error(`not seen within 10 s: ${what}\n${lines().join('\n')}`);
      }
    };

    notifier.send({ READY: '1', STATUS: 'starting checks' });
    const startedAt = Date.now();
    const wd = startWatchdog({
      notifier,
      clock: systemClock,
      intervalMs: 100,
      maxLagMs: 250,
      checks: [
        {
          name: 'database',
          run: async () => {
            if (!databaseUp) throw new Error('cannot write');
          },
        },
      ],
    });
    await until('three pings', () => pings(lines()) >= 3);
    // Never faster than the interval: the third ping comes three intervals after the start at the earliest.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    mark('blocked');
    blockEventLoop(600);
    // The tick after the blocked loop sends no ping and says why.
    await until('the blocked loop reported', () =>
      after('blocked').some((l) => /^STATUS=unhealthy: event loop blocked for \d+ ms$/.test(l)),
    );
    mark('database-gone');
    databaseUp = false;
    await until('the database reported', () =>
      after('database-gone').includes('STATUS=unhealthy: database: cannot write'),
    );
    await sleep(300);
    mark('database-back');
    databaseUp = true;
    // And the pings come back with it.
    await until('a ping after the database is back', () => pings(after('database-back')) >= 1);
    wd.stop();
    await notifier.close();

    expect(lines().filter((l) => l === 'READY=1')).toHaveLength(1);
    const blocked = lines().slice(at('blocked'), lines().indexOf('STATUS=ready', at('blocked')));
    expect(pings(blocked)).toBe(0);
    // No ping at all while the database cannot be written.
    const gone = lines().slice(at('database-gone'), at('database-back'));
    expect(pings(gone)).toBe(0);
  });

  it('does nothing when not started by systemd', () => {
    const notifier = systemdNotifier({ env: {} });
    expect(notifier.enabled).toBe(false);
    expect(() => notifier.send({ READY: '1' })).not.toThrow();
  });

  it('reports once, and keeps the daemon running, when socat is missing', async () => {
    const errors: string[] = [];
    const notifier = systemdNotifier({
      env: { NOTIFY_SOCKET: '/run/nowhere.sock', PATH: '/nonexistent' },
      spawn: (args) => spawn('/nonexistent/socat', args),
      onError: (m) => errors.push(m),
    });
    notifier.send({ READY: '1' });
    await sleep(100);
    notifier.send({ WATCHDOG: '1' });
    await sleep(100);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot run socat/);
  });
});
