import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { DisplaySessions } from '../src/auth/display-sessions.ts';
import { isLoopbackHost, listenerProblems } from '../src/config/listeners.ts';

describe('display sessions and their event-stream tickets', () => {
  const make = () => {
    const clock = new ManualClock(1_000_000);
    return { clock, displays: new DisplaySessions(clock, { sessionMs: 3_600_000, ticketMs: 30_000 }) };
  };

  it('a session lasts its fixed lifetime however often it is used', async () => {
    const { clock, displays } = make();
    const { token, expiresAt } = displays.issue();
    expect(expiresAt).toBe(1_000_000 + 3_600_000);
    for (let i = 0; i < 59; i++) {
      await clock.advance(60_000);
      expect(displays.valid(token)).toBe(true);
      expect(displays.ticket(token)).not.toBeNull();
    }
    await clock.advance(60_000);
    expect(displays.valid(token)).toBe(false);
    expect(displays.ticket(token)).toBeNull();
  });

  it('a ticket opens one stream, once, within its 30 s, and never past its session', async () => {
    const { clock, displays } = make();
    const { token } = displays.issue();
    const once = displays.ticket(token)!;
    expect(displays.redeem(once.ticket)).toBe(token);
    expect(displays.redeem(once.ticket)).toBeNull();
    const late = displays.ticket(token)!;
    await clock.advance(30_000);
    expect(displays.redeem(late.ticket)).toBeNull();
    const orphan = displays.ticket(token)!;
    displays.end(token);
    expect(displays.redeem(orphan.ticket)).toBeNull();
    expect(displays.redeem('guess')).toBeNull();
    expect(displays.ticket('guess')).toBeNull();
  });

  it('keeps only a few unredeemed tickets per session', () => {
    const { displays } = make();
    const { token } = displays.issue();
    const tickets = Array.from({ length: 10 }, () => displays.ticket(token)!.ticket);
    expect(tickets.filter((t) => displays.redeem(t) !== null)).toEqual(tickets.slice(-4));
  });
});

describe('listener rules of the configuration', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', '127.example', 'kiosk.local', ''])
      expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses a main listener off loopback and a LAN listener off loopback without TLS, naming the field', () => {
    expect(listenerProblems({ host: '127.0.0.1', port: 8080 })).toEqual([]);
    expect(listenerProblems({ host: '0.0.0.0', port: 8080 })[0]).toMatch(/^server\.host: /);
    expect(
      listenerProblems({
        host: '127.0.0.1',
        port: 8080,
        lan: { host: '192.168.1.5', port: 8443, names: [] },
      })[0],
    ).toMatch(/^server\.lan\.tls: /);
    expect(
      listenerProblems({
        host: '127.0.0.1',
        port: 8080,
        lan: { host: '192.168.1.5', port: 8443, names: [], tls: { certFile: 'c', keyFile: 'k' } },
      }),
    ).toEqual([]);
  });
});
