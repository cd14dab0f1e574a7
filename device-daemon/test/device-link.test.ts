import { describe, expect, it } from 'vitest';
import { EmulatorTransport, ScannerEmulator, runFor, runUntil } from '@hall-kiosk/hardware-mocks';
import { ManualClock, type DeviceStatus } from '@hall-kiosk/shared';
import { Backoff, DeviceLink, ExchangeQueue, ReplyTimeout, ReplyWaiters } from '../src/devices/link/index.ts';
import { silentLogger } from '../src/log.ts';

describe('ReplyWaiters', () => {
  it('hands each reply to the first waiter that accepts it, and times the others out on the clock', async () => {
    const clock = new ManualClock();
    const waiters = new ReplyWaiters<{ kind: string; n: number }>(clock);
    const a = waiters.expect({ accepts: (r) => r.kind === 'a', ms: 100, what: 'a' });
    const b = waiters.expect({ accepts: (r) => r.kind === 'b', ms: 100, what: 'b' });
    expect(waiters.offer({ kind: 'c', n: 0 })).toBe(false);
    expect(waiters.offer({ kind: 'b', n: 2 })).toBe(true);
    expect(await b).toEqual({ kind: 'b', n: 2 });
    let timedOut = false;
    const onTimeout = () => (timedOut = true);
    const c = waiters.expect({ ms: 50, onTimeout });
    await clock.advance(50);
    await expect(c).rejects.toMatchObject({ failure: 'timeout', message: 'no reply within 50 ms' });
    expect(timedOut).toBe(true);
    await clock.advance(49);
    expect(waiters.pending).toBe(1);
    await clock.advance(1);
    await expect(a).rejects.toBeInstanceOf(ReplyTimeout);
    await expect(a).rejects.toMatchObject({ message: 'no a reply within 100 ms' });
    expect(waiters.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails every waiter at once, saying why, and clears their timers', async () => {
    const clock = new ManualClock();
    const waiters = new ReplyWaiters<number>(clock);
    const one = waiters.expect({ ms: 100 });
    const two = waiters.expect({ ms: 100 });
    waiters.failAll('closed', 'connection closed');
    await expect(one).rejects.toMatchObject({ failure: 'closed', message: 'connection closed' });
    await expect(two).rejects.toMatchObject({ failure: 'closed' });
    expect(clock.pendingTimers).toBe(0);
    expect(waiters.offer(1)).toBe(false);
  });
});

describe('Backoff', () => {
  it('is steady with a factor of 1', () => {
    const b = new Backoff({ firstMs: 3000 });
    expect([b.next(), b.next(), b.next()]).toEqual([3000, 3000, 3000]);
  });

  it('grows by its factor up to its ceiling, and starts again after a reset', () => {
    const b = new Backoff({ firstMs: 100, factor: 2, maxMs: 500 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500, 500]);
    b.reset();
    expect(b.next()).toBe(100);
  });
});

describe('ExchangeQueue', () => {
  it('runs exchanges one after the other, a failure blocking nothing', async () => {
    const q = new ExchangeQueue();
    const order: string[] = [];
    const first = q.run(async () => {
      order.push('first');
      throw new Error('failed');
    });
    const second = q.run(async () => {
      order.push('second');
      return 2;
    });
    await expect(first).rejects.toThrow('failed');
    expect(await second).toBe(2);
    expect(order).toEqual(['first', 'second']);
  });
});

function linkRig(reconnect: number | { firstMs: number; factor: number; maxMs: number }) {
  const clock = new ManualClock();
  const emulator = new ScannerEmulator({ clock });
  const statuses: DeviceStatus[] = [];
  const events: string[] = [];
  const link: DeviceLink = new DeviceLink(
    {
      device: 'scanner',
      transport: new EmulatorTransport(emulator, '/dev/ttyLINK'),
      clock,
      log: silentLogger,
      statusMessage: 'scanner state changed',
      reconnect,
      onStatus: (s) => statuses.push(s),
    },
    {
      opened: () => {
        events.push('opened');
        link.setStatus('online', undefined);
      },
      bytes: (b) => events.push(`bytes ${b.length}`),
      closing: (e) => events.push(`closing ${e?.failure ?? 'asked'}`),
      lost: () => events.push('lost'),
      stopping: () => events.push('stopping'),
    },
  );
  return { clock, emulator, link, statuses, events };
}

describe('DeviceLink', () => {
  it('shows noDevice while nothing is there, retries on the back-off, and opens when it appears', async () => {
    const { clock, emulator, link, events } = linkRig({ firstMs: 100, factor: 2, maxMs: 400 });
    emulator.setPlugged(false);
    link.start();
    await runUntil(clock, () => link.status.state === 'noDevice');
    expect(link.status.detail).toMatch(/cannot open \/dev\/ttyLINK/);
    // Attempts at 0, 100, 300, 700 ms: plugged in at 350 ms, it opens at the attempt at 700 ms.
    await runFor(clock, 350);
    emulator.setPlugged(true);
    const tookMs = await runUntil(clock, () => link.status.state === 'online');
    expect(tookMs).toBeGreaterThanOrEqual(700 - 350 - 1);
    expect(tookMs).toBeLessThanOrEqual(700 - 350 + 1);
    expect(events).toEqual(['opened']);
    await link.stop();
  });

  it('goes offline when the link is lost and reconnects; stopping closes without a reconnect', async () => {
    const { clock, emulator, link, events, statuses } = linkRig(50);
    link.start();
    await runUntil(clock, () => link.status.state === 'online');
    emulator.control({ action: 'scan', code: 'X' });
    await runUntil(clock, () => events.some((e) => e.startsWith('bytes')));
    emulator.setPlugged(false);
    expect(link.status).toMatchObject({ state: 'offline', detail: '/dev/ttyLINK: device unplugged' });
    expect(events.slice(-2)).toEqual(['closing disconnected', 'lost']);
    emulator.setPlugged(true);
    await runUntil(clock, () => link.status.state === 'online');
    expect(statuses.map((s) => s.state)).toEqual(['online', 'offline', 'online']);
    await link.stop();
    expect(events.at(-1)).toBe('stopping');
    expect(link.isOpen).toBe(false);
    await runFor(clock, 200);
    expect(events.filter((e) => e === 'opened')).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });
});
