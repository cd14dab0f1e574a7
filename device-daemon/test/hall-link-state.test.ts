// The kiosk's link to the hall on a manual clock: how it becomes suspect or offline, how its probe backs
// off to a cap and brings it back, and what a ticket does meanwhile — the issue budget that ends every
// attempt well inside the page's wait, the offline ticket under the key of the attempt that got no
// answer, the next citizen not waiting for the hall, the hall's salt not asked for.
import { describe, expect, it } from 'vitest';
import { ISSUE_TICKET_TIMEOUT_MS, ManualClock, type Ticket } from '@hall-kiosk/shared';
import { silentLogger } from '../src/log.ts';
import { HallClient, type HallSend } from '../src/hall-link/hall-client.ts';
import { HallQueueStore, HallSecrets, IDENTITY_SALT } from '../src/hall-link/hall-queue-store.ts';
import { HallLink, type HallLinkState } from '../src/hall-link/link-state.ts';
import { HALL_ISSUE_BUDGET_MS } from '../src/hall-link/budget.ts';
import { OutboundError, type OutboundRequest } from '../src/net/outbound.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqliteOfflineTickets } from '../src/storage/sqlite/offline-tickets.ts';
import type { HallCredential } from '../src/hall-link/credential.ts';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const TZ = 'Asia/Shanghai';

const credential: HallCredential = {
  url: 'https://hall.local:8443',
  deviceId: 'kiosk-1',
  token: 'd.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  caCertificate: '-----BEGIN CERTIFICATE-----\n(not read here)\n-----END CERTIFICATE-----\n',
};

describe('the link state', () => {
  function link(probeAnswers: boolean[]) {
    const clock = new ManualClock(T0);
    const changes: HallLinkState[] = [];
    const probesAt: number[] = [];
    const l = new HallLink({
      clock,
      log: silentLogger,
      probe: async () => {
        probesAt.push(clock.now() - T0);
        if (!(probeAnswers.shift() ?? false)) throw new Error('no answer');
      },
      probeMs: 1000,
      maxProbeMs: 8000,
      onChange: (s) => changes.push(s),
    });
    return { l, clock, changes, probesAt };
  }

  it('is suspect after a time-out, offline after a refusal, and a refused credential is an answer', () => {
    const { l, clock, changes } = link([]);
    expect(l.report()).toEqual({ state: 'online', since: null, lastAnswerAt: null });
    l.failed('credential');
    l.failed('protocol');
    expect(l.state).toBe('online');
    l.failed('timeout');
    expect(l.report()).toEqual({ state: 'suspect', since: T0, lastAnswerAt: null });
    void clock.advance(100);
    l.failed('network');
    // Still down since the first failure.
    expect(l.report()).toMatchObject({ state: 'offline', since: T0 });
    l.failed('server');
    expect(changes).toEqual(['suspect', 'offline']);
    expect(l.online).toBe(false);
  });

  it('probes after 1 s, backs off by doubling to its cap, and one answer brings it online', async () => {
    const { l, clock, changes, probesAt } = link([false, false, false, false, false, true]);
    l.failed('timeout');
    await clock.advance(60_000);
    // 1, then 2, 4, 8, 8, 8 s apart: never more than the cap.
    expect(probesAt).toEqual([1000, 3000, 7000, 15_000, 23_000, 31_000]);
    expect(l.report()).toEqual({ state: 'online', since: null, lastAnswerAt: T0 + 31_000 });
    expect(changes).toEqual(['suspect', 'online']);
    // Online: no probe any more.
    expect(clock.pendingTimers).toBe(0);
    // The next failure starts again from 1 s.
    const failedAt = clock.now() - T0;
    l.failed('network');
    await clock.advance(1000);
    expect(probesAt.at(-1)).toBe(failedAt + 1000);
  });

  it('an answer to any request ends the probing; stop ends it too', async () => {
    const { l, clock, probesAt } = link([]);
    l.failed('timeout');
    await clock.advance(500);
    l.answered();
    expect(l.state).toBe('online');
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10_000);
    expect(probesAt).toEqual([]);
    l.failed('timeout');
    l.stop();
    await clock.advance(60_000);
    expect(probesAt).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses probe waits that make no sense', () => {
    const clock = new ManualClock(T0);
    expect(() => new HallLink({ clock, log: silentLogger, probeMs: 0 })).toThrow(RangeError);
    expect(() => new HallLink({ clock, log: silentLogger, probeMs: 2000, maxProbeMs: 1000 })).toThrow(
      RangeError,
    );
  });
});

describe('a ticket while the hall does not answer in time (a half-open link)', () => {
  const area = { id: 'tax', prefix: 'A', name: { zh: '办税', en: 'Tax' } };
  const hallTicket: Ticket = {
    id: 9,
    number: 'A009',
    areaId: 'tax',
    businessDate: '2026-01-05',
    issuedAt: new Date(T0).toISOString(),
    peopleAhead: 0,
    priority: false,
    priorityReason: null,
    appointment: false,
    estimatedWaitMinutes: null,
  };

  /**
   * A kiosk whose hall swallows every request (answered only by the request's own time-out, on the
   * manual clock) until `healthy` is set; the link's probe asks the hall's health.
   */
  async function kiosk() {
    const clock = new ManualClock(T0);
    const requests: { path: string; at: number; timeoutMs: number; key?: string }[] = [];
    let healthy = false;
    const send: HallSend = (url, req: OutboundRequest) => {
      const body = req.body ? (JSON.parse(req.body) as { idempotencyKey?: string }) : {};
      requests.push({
        path: url.pathname,
        at: clock.now() - T0,
        timeoutMs: req.timeoutMs,
        ...(body.idempotencyKey ? { key: body.idempotencyKey } : {}),
      });
      if (healthy) {
        const answer =
          url.pathname === '/api/health'
            ? { ok: true }
            : { ok: true, ticket: hallTicket, reprint: false, replayed: false };
        return Promise.resolve({ status: 200, body: Buffer.from(JSON.stringify(answer)) });
      }
      return new Promise((_, reject) =>
        clock.setTimeout(() => reject(new OutboundError('timeout', 'no answer')), req.timeoutMs),
      );
    };
    const l: HallLink = new HallLink({ clock, log: silentLogger, probe: () => client.probe() });
    const client: HallClient = new HallClient({
      url: credential.url,
      credential,
      timeoutMs: 5000,
      send,
      link: l,
      clock,
    });
    const db = openDatabase(':memory:');
    const storage = { offline: new SqliteOfflineTickets(db, () => clock.now()), close: () => db.close() };
    await storage.offline.saveSeries('kiosk-1', 3, 0);
    const journal: string[] = [];
    let keys = 0;
    const store = new HallQueueStore({
      client,
      journal: {
        async createForHallTicket(_d, t) {
          journal.push(t.number);
          return journal.length;
        },
      },
      clock,
      log: silentLogger,
      attempts: 3,
      link: l,
      newKey: () => `key-${++keys}-abcdef`,
      offline: { store: storage.offline, deviceId: 'kiosk-1', timeZone: TZ, printerReady: () => true },
    });
    return {
      clock,
      requests,
      store,
      link: l,
      client,
      storage,
      journal,
      heal: () => {
        healthy = true;
      },
    };
  }

  it('ends every attempt within the budget, well inside the page’s wait, then issues offline under the same key', async () => {
    expect(HALL_ISSUE_BUDGET_MS).toBeLessThan(ISSUE_TICKET_TIMEOUT_MS / 2);
    const k = await kiosk();
    const issuing = k.store.issue({ area, now: T0, printer: 'ticketPrinter' });
    await k.clock.advance(HALL_ISSUE_BUDGET_MS);
    const r = await issuing;
    expect(r.ok && r.ticket).toMatchObject({ number: 'AK3-001', offline: true });
    // Attempt 1 with the client's 5 s, a quarter second, attempt 2 with what was left; no third.
    expect(k.requests.filter((q) => q.path === '/api/kiosk/tickets')).toEqual([
      { path: '/api/kiosk/tickets', at: 0, timeoutMs: 5000, key: 'key-1-abcdef' },
      { path: '/api/kiosk/tickets', at: 5250, timeoutMs: HALL_ISSUE_BUDGET_MS - 5250, key: 'key-1-abcdef' },
    ]);
    const [pending] = await k.storage.offline.pending();
    expect(pending!.idempotencyKey).toBe('key-1-abcdef');
    // Suspect since the first attempt's time-out.
    expect(k.link.report()).toEqual({
      state: 'suspect',
      since: T0 + 5000,
      lastAnswerAt: null,
    });
    k.link.stop();
    k.storage.close();
  });

  it('sends the next citizen straight to the offline series and asks no salt, until a probe is answered', async () => {
    const k = await kiosk();
    const issuing = k.store.issue({ area, now: T0, printer: 'ticketPrinter' });
    await k.clock.advance(HALL_ISSUE_BUDGET_MS);
    await issuing;
    const asked = k.requests.length;
    const next = await k.store.issue({ area, now: k.clock.now(), printer: 'ticketPrinter' });
    expect(next.ok && next.ticket.number).toBe('AK3-002');
    expect(k.requests).toHaveLength(asked);
    const salt = new HallSecrets(k.client, { secret: () => Promise.resolve(Buffer.alloc(32)) }, k.link);
    await expect(salt.secret(IDENTITY_SALT)).rejects.toMatchObject({ kind: 'network' });
    expect(k.requests).toHaveLength(asked);
    // The first probe (the hall's health, 1 s after the first time-out, with the client's time-out) is
    // not answered either: still suspect.
    await k.clock.advance(11_000 - HALL_ISSUE_BUDGET_MS);
    expect(k.requests.filter((q) => q.path === '/api/health')).toEqual([
      { path: '/api/health', at: 6000, timeoutMs: 5000 },
    ]);
    expect(k.link.state).toBe('suspect');
    // The link heals; the next probe, 2 s after the last one failed, is answered: tickets are the hall's.
    k.heal();
    await k.clock.advance(2100);
    expect(k.requests.filter((q) => q.path === '/api/health').map((q) => q.at)).toEqual([6000, 13_000]);
    expect(k.link.state).toBe('online');
    const online = await k.store.issue({ area, now: k.clock.now(), printer: 'ticketPrinter' });
    expect(online.ok && online.ticket.number).toBe('A009');
    expect(k.journal).toEqual(['A009']);
    expect(await k.storage.offline.pendingCount()).toBe(2);
    k.link.stop();
    k.storage.close();
  });
});
