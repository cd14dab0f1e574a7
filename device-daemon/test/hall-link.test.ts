// The kiosk's link to the hall server, against a scripted hall (no network): what is retried and what
// is not, what the kiosk sends and never sends, the area view's one request, 帮办's polling.
import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock, type Clock, type Ticket } from '@hall-kiosk/shared';
import { silentLogger } from '../src/log.ts';
import { isCommandError } from '../src/core/command-error.ts';
import { QueueUnreachableError } from '../src/core/queue-unreachable.ts';
import { HallClient, type HallSend } from '../src/hall-link/hall-client.ts';
import { HallQueueStore, HallSecrets } from '../src/hall-link/hall-queue-store.ts';
import { HallHelp } from '../src/hall-link/hall-help.ts';
import { OutboundError, type OutboundRequest } from '../src/net/outbound.ts';
import type { HallCredential } from '../src/hall-link/credential.ts';
import { daemonChores } from '../src/app/housekeeping.ts';
import type { Services } from '../src/app/services.ts';

const credential: HallCredential = {
  url: 'https://hall.local:8443',
  deviceId: 'kiosk-1',
  token: 'd.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  caCertificate: '-----BEGIN CERTIFICATE-----\n(not read here)\n-----END CERTIFICATE-----\n',
};

const ticket: Ticket = {
  id: 7,
  number: 'A007',
  areaId: 'tax',
  businessDate: '2026-01-05',
  issuedAt: '2026-01-05T01:00:00.000Z',
  peopleAhead: 2,
  priority: false,
  priorityReason: null,
  appointment: false,
  estimatedWaitMinutes: null,
};

type Answer = { status: number; body: unknown } | Error;

/** A hall that answers from a script, recording every request. */
function scriptedHall(answer: (path: string, req: OutboundRequest, n: number) => Answer) {
  const requests: { path: string; req: OutboundRequest }[] = [];
  const send: HallSend = async (url, req) => {
    requests.push({ path: url.pathname, req });
    const a = answer(url.pathname, req, requests.length);
    if (a instanceof Error) throw a;
    return { status: a.status, body: Buffer.from(JSON.stringify(a.body)) };
  };
  const client = new HallClient({ url: credential.url, credential, timeoutMs: 1000, send });
  return { client, requests };
}

function store(client: HallClient, clock: Clock = systemClock, attempts = 3) {
  const jobs: { device: string; number: string }[] = [];
  const s = new HallQueueStore({
    client,
    journal: {
      async createForHallTicket(device, t) {
        jobs.push({ device, number: t.number });
        return jobs.length;
      },
    },
    clock,
    log: silentLogger,
    attempts,
    retryDelayMs: 0,
  });
  return { s, jobs };
}

const area = { id: 'tax', prefix: 'A', name: { zh: '办税', en: 'Tax' } };
const issued = { status: 200, body: { ok: true, ticket, reprint: false, replayed: false } };

describe('the hall queue store', () => {
  it('sends the kiosk token over the hall CA only, and no cap or limit of its own', async () => {
    const { client, requests } = scriptedHall(() => issued);
    const { s, jobs } = store(client);
    const r = await s.issue({
      area,
      now: 0,
      printer: 'ticketPrinter',
      priorityReason: 'age',
      dailyCap: 5,
      identity: { digest: 'a'.repeat(64), maxPerArea: 9 },
      pathLimits: { withoutCard: 3 },
    });
    expect(r).toEqual({ ok: true, reprint: false, ticket, printJobId: 1 });
    expect(jobs).toEqual([{ device: 'ticketPrinter', number: 'A007' }]);
    const { path, req } = requests[0]!;
    expect(path).toBe('/api/kiosk/tickets');
    expect(req.auth).toEqual({
      headerToken: { name: 'authorization', value: `Bearer ${credential.token}` },
      tls: { ca: credential.caCertificate },
    });
    const body = JSON.parse(req.body!) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'areaId',
      'idempotencyKey',
      'identityDigest',
      'pathLimits',
      'priorityReason',
    ]);
    expect(body).toMatchObject({ areaId: 'tax', priorityReason: 'age', identityDigest: 'a'.repeat(64) });
  });

  it('sends the matter chosen with the ticket, and no matter field when there was none', async () => {
    const { client, requests } = scriptedHall(() => issued);
    const { s } = store(client);
    await s.issue({ area, now: 0, printer: 'ticketPrinter', matterId: 'SW-001' });
    await s.issue({ area, now: 0, printer: 'ticketPrinter' });
    const bodies = requests.map((r) => JSON.parse(r.req.body!) as Record<string, unknown>);
    expect(bodies[0]!['matterId']).toBe('SW-001');
    expect('matterId' in bodies[1]!).toBe(false);
  });

  it('retries a lost reply with the same key, at most `attempts` times, then says the hall cannot be reached', async () => {
    const { client, requests } = scriptedHall((_p, _r, n) =>
      n < 3 ? new OutboundError('timeout', 'no answer') : issued,
    );
    const { s, jobs } = store(client);
    expect(await s.issue({ area, now: 0, printer: 'ticketPrinter' })).toMatchObject({ ok: true });
    const keys = requests.map((r) => (JSON.parse(r.req.body!) as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(jobs).toHaveLength(1);

    const down = scriptedHall(() => new OutboundError('network', 'ECONNREFUSED'));
    const d = store(down.client, systemClock, 2);
    await expect(d.s.issue({ area, now: 0, printer: 'ticketPrinter' })).rejects.toThrow(
      QueueUnreachableError,
    );
    expect(down.requests).toHaveLength(2);
    expect(d.jobs).toEqual([]);
  });

  it("makes the hall's key from the page's requestKey: a retry after a crash of the daemon gets the ticket already issued", async () => {
    // The crash matrix found it: the daemon killed between the hall's answer and the page's, the page
    // sends its request again to the restarted daemon, whose fresh key made the hall issue a second
    // ticket nobody holds. A new store (the restarted daemon) must send the first key again.
    const { client, requests } = scriptedHall(() => issued);
    await store(client).s.issue({ area, now: 0, printer: 'ticketPrinter', requestKey: 'req-0001-abcd' });
    const restarted = store(client);
    await restarted.s.issue({ area, now: 0, printer: 'ticketPrinter', requestKey: 'req-0001-abcd' });
    await restarted.s.issue({ area, now: 0, printer: 'ticketPrinter', requestKey: 'req-0002-abcd' });
    await restarted.s.issue({ area, now: 0, printer: 'ticketPrinter' });
    await restarted.s.issue({ area, now: 0, printer: 'ticketPrinter' });
    const keys = requests.map((r) => (JSON.parse(r.req.body!) as { idempotencyKey: string }).idempotencyKey);
    expect(keys.slice(0, 3)).toEqual(['page-req-0001-abcd', 'page-req-0001-abcd', 'page-req-0002-abcd']);
    // Without a page key, a fresh key each time (never one made from a page's).
    expect(keys[3]).not.toBe(keys[4]);
    expect(keys[3]).not.toMatch(/^page-/);
  });

  it('retries a 5xx, but not a refused credential, a refused request or a broken answer', async () => {
    const five = scriptedHall((_p, _r, n) => (n === 1 ? { status: 503, body: {} } : issued));
    expect(await store(five.client).s.issue({ area, now: 0, printer: 'p' })).toMatchObject({ ok: true });
    expect(five.requests).toHaveLength(2);

    for (const [answer, error] of [
      [{ status: 401, body: { error: 'sign in' } }, QueueUnreachableError],
      [{ status: 200, body: { ok: true, ticket: { number: 'nonsense' } } }, QueueUnreachableError],
      [{ status: 409, body: { error: 'reused', code: 'idempotencyConflict' } }, Error],
    ] as const) {
      const h = scriptedHall(() => answer);
      const { s, jobs } = store(h.client);
      const e = await s.issue({ area, now: 0, printer: 'p' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(error);
      if (answer.status === 401) expect((e as QueueUnreachableError).kind).toBe('credential');
      expect(h.requests).toHaveLength(1);
      expect(jobs).toEqual([]);
    }
  });

  it("passes the hall's refusals on, journalling nothing", async () => {
    const h = scriptedHall(() => ({ status: 200, body: { ok: false, reason: 'identityLimit' } }));
    const { s, jobs } = store(h.client);
    expect(await s.issue({ area, now: 0, printer: 'p' })).toEqual({ ok: false, reason: 'identityLimit' });
    expect(jobs).toEqual([]);
  });

  it('reads the area view in one request for every area, refreshed after a second', async () => {
    const clock = new ManualClock();
    const h = scriptedHall(() => ({
      status: 200,
      body: {
        areas: [
          { areaId: 'tax', waiting: 4, ticketsToday: 9, estimatedWaitMinutes: 12, capReached: false },
          { areaId: 'estate', waiting: 0, ticketsToday: 1, estimatedWaitMinutes: null, capReached: true },
        ],
      },
    }));
    const { s } = store(h.client, clock);
    const got = await Promise.all([
      s.waitingCount('tax'),
      s.ticketsToday('tax'),
      s.estimateFor('tax'),
      s.waitingCount('estate'),
    ]);
    expect(got).toEqual([4, 9, 12, 0]);
    expect(h.requests).toHaveLength(1);
    await clock.advance(1000);
    await s.waitingCount('tax');
    expect(h.requests).toHaveLength(2);
    await expect(s.waitingCount('nowhere')).rejects.toThrow(QueueUnreachableError);
  });

  it('answers ticket origins from the hall (null for none) and refuses every counter method', async () => {
    const h = scriptedHall((path) =>
      path.endsWith('/7/origin')
        ? { status: 200, body: { areaId: 'tax', appointment: true } }
        : { status: 404, body: { error: 'no ticket' } },
    );
    const { s } = store(h.client);
    expect(await s.ticketOrigin(7)).toEqual({ areaId: 'tax', appointment: true });
    expect(await s.ticketOrigin(8)).toBeNull();
    for (const call of [
      () => s.callNext(),
      () => s.recall(),
      () => s.transfer(),
      () => s.finish(),
      () => s.currentAt(),
      () => s.waiting(),
      () => s.recentCalls(),
    ]) {
      const e = await call().catch((x: unknown) => x);
      expect(isCommandError(e, 'unsupportedCommand')).toBe(true);
    }
    expect(await s.forgetDigestsBefore('2026-01-01')).toBe(0);
  });
});

describe("the hall's salt", () => {
  it('is fetched once and kept in memory; other secrets stay local; a failure is asked again', async () => {
    let fail = true;
    const h = scriptedHall(() =>
      fail
        ? new OutboundError('network', 'down')
        : { status: 200, body: { salt: Buffer.alloc(32, 7).toString('base64') } },
    );
    const local = { secret: async (name: string) => Buffer.from(name.padEnd(32, '.')) };
    const secrets = new HallSecrets(h.client, local);
    await expect(secrets.secret('identityDigestSalt')).rejects.toThrow(QueueUnreachableError);
    fail = false;
    expect(await secrets.secret('identityDigestSalt')).toEqual(Buffer.alloc(32, 7));
    expect(await secrets.secret('identityDigestSalt')).toEqual(Buffer.alloc(32, 7));
    expect(h.requests).toHaveLength(2);
    expect((await secrets.secret('technicianCardKey')).toString()).toMatch(/^technicianCardKey/);
  });
});

describe('帮办 through the hall', () => {
  it('sends the call, asks after it until acknowledged, then tells the kiosk once', async () => {
    const clock = new ManualClock();
    let asked = 0;
    const h = scriptedHall((path) => {
      if (path === '/api/kiosk/help') return { status: 200, body: { id: 5 } };
      asked++;
      return { status: 200, body: { state: asked < 3 ? 'waiting' : 'acknowledged' } };
    });
    let told = 0;
    const help = new HallHelp({
      client: h.client,
      clock,
      log: silentLogger,
      onAcknowledged: () => told++,
      pollMs: 1000,
    });
    await help.request();
    expect(JSON.parse(h.requests[0]!.req.body!)).toEqual({});
    await clock.advance(2000);
    expect(told).toBe(0);
    await clock.advance(1000);
    expect(told).toBe(1);
    await clock.advance(10_000);
    expect(asked).toBe(3);
    expect(h.requests.slice(1).every((r) => r.path === '/api/kiosk/help/5')).toBe(true);
  });

  it('refuses the call when the hall cannot be reached, gives up asking after a while, and stops', async () => {
    const down = scriptedHall(() => new OutboundError('network', 'down'));
    const help = new HallHelp({
      client: down.client,
      clock: new ManualClock(),
      log: silentLogger,
      onAcknowledged: () => {},
    });
    const e = await help.request().catch((x: unknown) => x);
    expect(isCommandError(e, 'deviceNotReady')).toBe(true);

    const clock = new ManualClock();
    const h = scriptedHall((path) =>
      path === '/api/kiosk/help'
        ? { status: 200, body: { id: 1 } }
        : { status: 200, body: { state: 'waiting' } },
    );
    const slow = new HallHelp({
      client: h.client,
      clock,
      log: silentLogger,
      onAcknowledged: () => {},
      pollMs: 1000,
      giveUpMs: 5000,
    });
    await slow.request();
    await clock.advance(60_000);
    const asked = h.requests.length;
    expect(asked).toBeLessThanOrEqual(7);
    await slow.request();
    slow.stop();
    await clock.advance(60_000);
    expect(h.requests.length).toBe(asked + 1);
  });
});

describe('housekeeping in hall mode', () => {
  it('runs no no-show sweep: a kiosk knows only its own check-ins, not the hall’s', () => {
    const services = {
      store: { forgetDigestsBefore: async () => 0 },
      tickets: { timeZone: 'Asia/Shanghai' },
      checkIn: { sweepNoShows: async () => 0 },
      statistics: { flush: async () => {} },
    };
    const names = (hallMode: boolean) =>
      daemonChores({ ...services, hallMode } as unknown as Services, new ManualClock(), silentLogger).map(
        (c) => c.name,
      );
    expect(names(false)).toContain('no-show sweep');
    expect(names(true)).not.toContain('no-show sweep');
  });
});
