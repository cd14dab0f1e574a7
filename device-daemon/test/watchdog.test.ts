import { ManualClock } from '@hall-kiosk/shared';
import { describe, expect, it } from 'vitest';
import { encodeNotify, socatAddress, watchdogIntervalMs, type Notifier } from '../src/system/sd-notify.ts';
import { startWatchdog, type HealthCheck } from '../src/system/watchdog.ts';

function recordingNotifier(): Notifier & { sent: Record<string, string>[] } {
  const sent: Record<string, string>[] = [];
  return { enabled: true, sent, send: (f) => void sent.push(f), close: async () => {} };
}

const pings = (sent: Record<string, string>[]) => sent.filter((f) => f.WATCHDOG === '1').length;

describe('watchdog (on a manual clock)', () => {
  it('pings once per interval while every check passes, and says "ready" once', async () => {
    const clock = new ManualClock();
    const notifier = recordingNotifier();
    const wd = startWatchdog({
      notifier,
      clock,
      intervalMs: 1000,
      checks: [{ name: 'db', run: async () => {} }],
    });
    await clock.advance(999);
    expect(pings(notifier.sent)).toBe(0);
    await clock.advance(1);
    await clock.advance(4000);
    expect(pings(notifier.sent)).toBe(5);
    expect(notifier.sent.filter((f) => f.STATUS !== undefined)).toEqual([{ STATUS: 'ready', WATCHDOG: '1' }]);
    wd.stop();
    await clock.advance(5000);
    expect(pings(notifier.sent)).toBe(5);
  });

  it('stops pinging while a check fails, says why, and resumes when it passes again', async () => {
    const clock = new ManualClock();
    const notifier = recordingNotifier();
    let dbUp = true;
    const db: HealthCheck = {
      name: 'database',
      run: async () => {
        if (!dbUp) throw new Error('SQLITE_IOERR');
      },
    };
    startWatchdog({ notifier, clock, intervalMs: 1000, checks: [db] });
    await clock.advance(2000);
    dbUp = false;
    const before = pings(notifier.sent);
    await clock.advance(3000);
    expect(pings(notifier.sent)).toBe(before);
    expect(notifier.sent).toContainEqual({ STATUS: 'unhealthy: database: SQLITE_IOERR' });
    dbUp = true;
    await clock.advance(1000);
    expect(pings(notifier.sent)).toBe(before + 1);
    expect(notifier.sent.at(-1)).toEqual({ STATUS: 'ready', WATCHDOG: '1' });
  });

  it('counts a check that does not answer within its budget as failed', async () => {
    const clock = new ManualClock();
    const notifier = recordingNotifier();
    const hung: HealthCheck = { name: 'devices', run: () => new Promise(() => {}) };
    const wd = startWatchdog({ notifier, clock, intervalMs: 1000, checkTimeoutMs: 300, checks: [hung] });
    await clock.advance(1300);
    expect(pings(notifier.sent)).toBe(0);
    expect(wd.last).toEqual({ healthy: false, reason: 'devices: no answer within 300 ms' });
  });
});

describe('sd_notify wire form and environment', () => {
  it('encodes newline-separated assignments and refuses a value that would inject another', () => {
    expect(encodeNotify({ READY: '1', STATUS: 'serving on 127.0.0.1:8080' })).toBe(
      'READY=1\nSTATUS=serving on 127.0.0.1:8080\n',
    );
    expect(() => encodeNotify({ STATUS: 'ok\nREADY=1' })).toThrow(/newline/);
    expect(() => encodeNotify({ 'bad key': '1' })).toThrow(/bad key/);
  });

  it('halves WATCHDOG_USEC and ignores a watchdog meant for another process', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '20000000' })).toBe(10_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '20000000', WATCHDOG_PID: '42' }, 42)).toBe(10_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '20000000', WATCHDOG_PID: '41' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({})).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: 'soon' })).toBeUndefined();
  });

  it('sends to the abstract namespace for @ names', () => {
    expect(socatAddress('/run/systemd/notify')).toBe('UNIX-SENDTO:/run/systemd/notify');
    expect(socatAddress('@/org/freedesktop/systemd1/notify')).toBe(
      'ABSTRACT-SENDTO:/org/freedesktop/systemd1/notify',
    );
  });
});
