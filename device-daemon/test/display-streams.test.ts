import { EventEmitter } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { createStaffApi } from '../src/api/staff-http.ts';
import { CredentialGuard } from '../src/auth/credential-guard.ts';
import { DisplaySessions } from '../src/auth/display-sessions.ts';
import type { CounterService } from '../src/counters/counter-service.ts';

const HOUR = 3_600_000;

describe('hall display event streams', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** The staff API on a loopback port, its clock manual; the PIN check is a plain comparison. */
  const start = async () => {
    const clock = new ManualClock(1_000_000);
    const counters = Object.assign(new EventEmitter(), {
      counters: [],
      recentCalls: async () => [],
    }) as unknown as CounterService;
    const handle = createStaffApi({
      guard: new CredentialGuard('unused', clock, {
        maxFailures: 5,
        lockMs: 300_000,
        sessionMs: HOUR,
        verify: async (pin) => pin === '246810',
      }),
      displays: new DisplaySessions(clock, { sessionMs: 2 * HOUR, ticketMs: 30_000 }),
      counters,
      areas: [],
      clock,
    });
    server = createServer((req, res) => void handle(req, res, (req.url ?? '/').split('?')[0]!));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, body: unknown, token?: string) =>
      (await (
        await fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, string>;
    return { clock, base, post };
  };

  it('ends a display stream when the display session expires, however busy it was', async () => {
    const { clock, base, post } = await start();
    const { token } = await post('/api/display/login', { pin: '246810' });
    const { ticket } = await post('/api/display/ticket', {}, token);
    let opened!: (status: number | undefined) => void;
    const status = new Promise<number | undefined>((resolve) => (opened = resolve));
    const ended = new Promise<string>((resolve) => {
      get(`${base}/api/display/events?ticket=${encodeURIComponent(ticket!)}`, (res) => {
        opened(res.statusCode);
        res.on('data', () => {});
        res.on('end', () => resolve('ended'));
      });
    });
    // The stream is open (its 30 s ticket spent) before the clock moves, however slow the machine.
    expect(await status).toBe(200);
    await clock.advance(2 * HOUR - 1);
    const early = await Promise.race([ended, new Promise((r) => setTimeout(() => r('open'), 100))]);
    expect(early).toBe('open');
    await clock.advance(1);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 5000))])).toBe(
      'ended',
    );
  });
});
