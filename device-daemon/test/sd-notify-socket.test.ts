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

    notifier.send({ READY: '1', STATUS: 'starting checks' });
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
    await sleep(550);
    mark('blocked');
    blockEventLoop(600);
    await sleep(350);
    mark('database-gone');
    databaseUp = false;
    await sleep(500);
    mark('database-back');
    databaseUp = true;
    await sleep(350);
    wd.stop();
    await notifier.close();
    await sleep(100);

    const lines = systemd.lines();
    const at = (m: string) => lines.indexOf(`X_TEST_MARK=${m}`);
    const segment = (from: number, to: number) => lines.slice(from, to);
    const pings = (ls: string[]) => ls.filter((l) => l === 'WATCHDOG=1').length;

    expect(lines.filter((l) => l === 'READY=1')).toHaveLength(1);
    expect(at('blocked')).toBeGreaterThan(0);
    // 550 ms at a 100 ms interval: five ticks on an idle machine; a loaded one may lose one or two.
    const healthy = pings(segment(0, at('blocked')));
    expect(healthy).toBeGreaterThanOrEqual(3);
    expect(healthy).toBeLessThanOrEqual(6);
    // The tick after the blocked loop sends no ping and says why.
    const afterBlock = segment(at('blocked'), at('database-gone'));
    expect(afterBlock.some((l) => /^STATUS=unhealthy: event loop blocked for \d+ ms$/.test(l))).toBe(true);
    // No ping at all while the database cannot be written.
    const gone = segment(at('database-gone'), at('database-back'));
    expect(pings(gone)).toBe(0);
    expect(gone).toContain('STATUS=unhealthy: database: cannot write');
    // And they come back with it.
    expect(pings(segment(at('database-back'), lines.length))).toBeGreaterThanOrEqual(1);
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
