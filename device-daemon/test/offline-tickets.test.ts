// A kiosk in hall mode that cannot reach the hall: its offline series (numbers, limits, the print job in
// the same transaction, the day by the corrected clock), the fall-back of the hall queue store, and the
// sync that sends the offline tickets back in order with their keys (docs/queue.md#offline-issuing).
import { describe, expect, it } from 'vitest';
import { ManualClock, Ticket, TicketNumber, type KioskOfflineTicket } from '@hall-kiosk/shared';
import { silentLogger } from '../src/log.ts';
import { QueueUnreachableError } from '../src/core/queue-unreachable.ts';
import { HallClient, type HallSend } from '../src/hall-link/hall-client.ts';
import { HallClockSkew } from '../src/hall-link/hall-clock.ts';
import { HallQueueStore } from '../src/hall-link/hall-queue-store.ts';
import {
  clockOffset,
  OfflineSync,
  type OfflineIssue,
  type OfflineSyncOptions,
} from '../src/hall-link/offline-tickets.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqliteOfflineTickets } from '../src/storage/sqlite/offline-tickets.ts';
import { OutboundError, type OutboundRequest } from '../src/net/outbound.ts';
import type { HallCredential } from '../src/hall-link/credential.ts';
import { SAMPLE_CARDS, encodeTextBlock } from '@hall-kiosk/hardware-mocks';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { decodeTextBlock } from '../src/devices/id-card/id-text.ts';
import type { CardIdentity } from '../src/core/card-identity.ts';
import type { IssueRequest, QueueStore } from '../src/queue/queue-store.ts';
import { SqlitePrintJournal } from '../src/storage/sqlite/print-journal.ts';
import { SqliteSecretStore } from '../src/storage/sqlite/secrets.ts';
import { TicketService } from '../src/tickets/ticket-service.ts';

const TZ = 'Asia/Shanghai';
// 2026-01-05 10:00 in Shanghai.
const T0 = Date.parse('2026-01-05T02:00:00.000Z');

function offlineStore(now = () => T0) {
  const db = openDatabase(':memory:');
  return { db, store: new SqliteOfflineTickets(db, now) };
}

let keys = 0;
function request(over: Partial<OfflineIssue> = {}): OfflineIssue {
  return {
    deviceId: 'kiosk-1',
    area: { id: 'tax', prefix: 'A' },
    now: T0,
    timeZone: TZ,
    priorityReason: null,
    lastKnown: null,
    printer: 'ticketPrinter',
    idempotencyKey: `off-test-${++keys}`,
    ...over,
  };
}

describe('the offline series on the kiosk', () => {
  it('issues nothing before the hall gave the kiosk a series', async () => {
    const { store } = offlineStore();
    expect(await store.issue(request())).toEqual({ ok: false, reason: 'noSeries' });
  });

  it('numbers per area and day in a form no online number has, with its print job in the same transaction', async () => {
    const { db, store } = offlineStore();
    await store.saveSeries('kiosk-1', 3, 0);
    const a = await store.issue(request());
    const b = await store.issue(request());
    const c = await store.issue(request({ area: { id: 'social', prefix: 'B' } }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('refused');
    expect([a.ticket.number, b.ticket.number, c.ticket.number]).toEqual(['AK3-001', 'AK3-002', 'BK3-001']);
    for (const r of [a, b, c]) {
      expect(Ticket.safeParse(r.ticket).success).toBe(true);
      expect(r.ticket.offline).toBe(true);
      // Never of the online form.
      expect(/^[A-Z]\d{3,}$/.test(r.ticket.number)).toBe(false);
      expect(TicketNumber.safeParse(r.ticket.number).success).toBe(true);
    }
    const jobs = db
      .prepare('SELECT id, hall_number, offline_ticket_id, state FROM print_jobs ORDER BY id')
      .all() as { id: number; hall_number: string; offline_ticket_id: number; state: string }[];
    expect(jobs).toEqual([
      { id: a.printJobId, hall_number: 'AK3-001', offline_ticket_id: a.ticket.id, state: 'queued' },
      { id: b.printJobId, hall_number: 'AK3-002', offline_ticket_id: b.ticket.id, state: 'queued' },
      { id: c.printJobId, hall_number: 'BK3-001', offline_ticket_id: c.ticket.id, state: 'queued' },
    ]);
    // A new day starts at 001 again.
    const next = await store.issue(request({ now: T0 + 86_400_000 }));
    expect(next.ok && next.ticket.number).toBe('AK3-001');
    expect(next.ok && next.ticket.businessDate).toBe('2026-01-06');
  });

  it('decides the day and the time on the ticket by the clock corrected with the measured offset', async () => {
    const { store } = offlineStore();
    // The kiosk's clock is 20 minutes behind the hall's, 23:50 by the kiosk: 00:10 the next day by the hall.
    await store.saveSeries('kiosk-1', 1, 20 * 60_000);
    const lateNight = Date.parse('2026-01-05T15:50:00.000Z');
    const r = await store.issue(request({ now: lateNight }));
    if (!r.ok) throw new Error('refused');
    expect(r.ticket.businessDate).toBe('2026-01-06');
    expect(r.ticket.issuedAt).toBe('2026-01-05T16:10:00.000Z');
    const [p] = await store.pending();
    // What is sent later: the kiosk's own clock and the offset the day was decided with.
    expect(p).toMatchObject({ issuedAtKiosk: lateNight, clockOffsetMs: 20 * 60_000, number: 'AK1-001' });
  });

  it("enforces the area's cap with the last known count and what it issued offline since", async () => {
    const { store } = offlineStore();
    await store.saveSeries('kiosk-1', 1, 0);
    const lastKnown = { businessDate: '2026-01-05', ticketsToday: 8, waiting: 4, capReached: false };
    const area = { id: 'tax', prefix: 'A', dailyCap: 10 };
    const first = await store.issue(request({ area, lastKnown }));
    expect(first.ok && first.ticket.peopleAhead).toBe(4);
    const second = await store.issue(request({ area, lastKnown }));
    expect(second.ok && second.ticket.peopleAhead).toBe(5);
    expect(await store.issue(request({ area, lastKnown }))).toEqual({ ok: false, reason: 'capReached' });
    // Counts of another day are not today's: only the offline tickets count then (after a restart: the same).
    const stale = { ...lastKnown, businessDate: '2026-01-04' };
    expect((await store.issue(request({ area: { ...area, dailyCap: 3 }, lastKnown: stale }))).ok).toBe(true);
    expect(await store.issue(request({ area: { ...area, dailyCap: 3 }, lastKnown: null }))).toEqual({
      ok: false,
      reason: 'capReached',
    });
    // The hall said the cap was reached: nothing offline either.
    const full = { ...lastKnown, ticketsToday: 0, capReached: true };
    expect(
      await store.issue(request({ area: { id: 'social', prefix: 'B', dailyCap: 99 }, lastKnown: full })),
    ).toEqual({
      ok: false,
      reason: 'capReached',
    });
  });

  it('limits a person by the digest with the kiosk salt, whether or not the hall salt was there', async () => {
    const { store } = offlineStore();
    await store.saveSeries('kiosk-1', 1, 0);
    const person = (hallDigest: string | null) => ({
      localDigest: 'l'.repeat(64),
      hallDigest,
      maxPerArea: 2,
    });
    expect((await store.issue(request({ identity: person('a'.repeat(64)) }))).ok).toBe(true);
    expect((await store.issue(request({ identity: person(null) }))).ok).toBe(true);
    expect(await store.issue(request({ identity: person(null) }))).toEqual({
      ok: false,
      reason: 'identityLimit',
    });
    // Another area: counted apart.
    expect(
      (await store.issue(request({ area: { id: 'social', prefix: 'B' }, identity: person(null) }))).ok,
    ).toBe(true);
    // The hall digest travels; a ticket without it travels without one.
    const sent = await store.pending();
    expect(sent.map((p) => p.hallDigest)).toEqual(['a'.repeat(64), null, null]);
  });

  it('keeps the per-kiosk limits of the paths without a card', async () => {
    const { store } = offlineStore();
    await store.saveSeries('kiosk-1', 1, 0);
    const pathLimits = { declaredDisability: 1, withoutCard: 3 };
    expect((await store.issue(request({ pathLimits, priorityReason: 'disability' }))).ok).toBe(true);
    expect(await store.issue(request({ pathLimits, priorityReason: 'disability' }))).toEqual({
      ok: false,
      reason: 'priorityLimit',
    });
    expect((await store.issue(request({ pathLimits }))).ok).toBe(true);
    expect((await store.issue(request({ pathLimits }))).ok).toBe(true);
    expect(await store.issue(request({ pathLimits }))).toEqual({ ok: false, reason: 'identityRequired' });
  });

  it('forgets the digests of earlier days', async () => {
    const { db, store } = offlineStore();
    await store.saveSeries('kiosk-1', 1, 0);
    await store.issue(
      request({ identity: { localDigest: 'l'.repeat(64), hallDigest: 'h'.repeat(64), maxPerArea: 0 } }),
    );
    expect(await store.forgetDigestsBefore('2026-01-05')).toBe(0);
    expect(await store.forgetDigestsBefore('2026-01-06')).toBe(1);
    expect(db.prepare('SELECT hall_digest, local_digest FROM offline_tickets').get()).toEqual({
      hall_digest: null,
      local_digest: null,
    });
  });
});

describe('the clock offset', () => {
  it('is the hall clock against the middle of the round trip', () => {
    expect(clockOffset(1000, 61_500, 2000)).toBe(60_000);
    expect(clockOffset(1000, 500, 2000)).toBe(-1000);
  });
});

const credential: HallCredential = {
  url: 'https://hall.local:8443',
  deviceId: 'kiosk-1',
  token: 'd.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  caCertificate: '-----BEGIN CERTIFICATE-----\n(not read here)\n-----END CERTIFICATE-----\n',
};

type Answer = { status: number; body: unknown } | Error;

function scriptedHall(answer: (path: string, req: OutboundRequest) => Answer) {
  const requests: { path: string; body: unknown }[] = [];
  const send: HallSend = async (url, req) => {
    requests.push({ path: url.pathname, body: req.body ? JSON.parse(String(req.body)) : undefined });
    const a = answer(url.pathname, req);
    if (a instanceof Error) throw a;
    return { status: a.status, body: Buffer.from(JSON.stringify(a.body)) };
  };
  return { client: new HallClient({ url: credential.url, credential, timeoutMs: 1000, send }), requests };
}

const down = () => new OutboundError('network', 'connect ECONNREFUSED');

/** kiosk-1's offline sync, a round a second, on a manual clock of its own unless given one. */
const syncOf = (client: HallClient, store: SqliteOfflineTickets, o: Partial<OfflineSyncOptions> = {}) =>
  new OfflineSync({
    client,
    store,
    deviceId: 'kiosk-1',
    clock: new ManualClock(T0),
    log: silentLogger,
    intervalMs: 1000,
    ...o,
  });
const area = { id: 'tax', prefix: 'A', name: { zh: '办税', en: 'Tax' } };

function hallTicket(id: number, number: string): Ticket {
  return {
    id,
    number,
    areaId: 'tax',
    businessDate: '2026-01-05',
    issuedAt: new Date(T0).toISOString(),
    peopleAhead: 0,
    priority: false,
    priorityReason: null,
    appointment: false,
    estimatedWaitMinutes: null,
    offline: true,
  };
}

describe('the hall queue store when the hall cannot be reached', () => {
  function kiosk(answer: (path: string, req: OutboundRequest) => Answer, printerReady = () => true) {
    const clock = new ManualClock(T0);
    const { client, requests } = scriptedHall(answer);
    const { store: offline } = offlineStore(() => clock.now());
    const journal: string[] = [];
    const s = new HallQueueStore({
      client,
      journal: {
        async createForHallTicket(_d, t) {
          journal.push(t.number);
          return journal.length;
        },
      },
      clock,
      log: silentLogger,
      attempts: 1,
      retryDelayMs: 0,
      offline: { store: offline, deviceId: 'kiosk-1', timeZone: TZ, printerReady },
    });
    return { s, offline, requests, journal, clock };
  }

  it('issues from the offline series once the hall does not answer, then without asking it again', async () => {
    const k = kiosk(() => down());
    await k.offline.saveSeries('kiosk-1', 2, 0);
    const r = await k.s.issue({ area, now: T0, printer: 'ticketPrinter' });
    expect(r.ok && r.ticket.number).toBe('AK2-001');
    expect(k.requests).toHaveLength(1);
    expect(k.s.linkDown).toBe(true);
    const again = await k.s.issue({ area, now: T0 + 1000, printer: 'ticketPrinter' });
    expect(again.ok && again.ticket.number).toBe('AK2-002');
    expect(k.requests).toHaveLength(1);
    // The area screen still shows the areas (last known counts: none yet), without asking the hall.
    expect(await k.s.waitingCount('tax')).toBe(0);
    expect(await k.s.estimateFor('tax')).toBeNull();
    expect(k.requests).toHaveLength(1);
    expect(k.journal).toEqual([]);
  });

  it("answers a page's request again with the offline ticket issued for it before a restart, printed again, never a second number", async () => {
    // The crash matrix found it: a kiosk killed after its offline ticket was written and before the
    // page heard of it; the page sends its request again to the restarted daemon, which issued a second
    // ticket (and the hall got both). Now the same ticket, with a new print job, even with the hall back.
    const k = kiosk(() => down());
    await k.offline.saveSeries('kiosk-1', 2, 0);
    const first = await k.s.issue({ area, now: T0, printer: 'ticketPrinter', requestKey: 'req-0001-abcd' });
    if (!first.ok) throw new Error('refused');
    expect(first.ticket.number).toBe('AK2-001');
    const up = scriptedHall(() => ({
      status: 200,
      body: {
        ok: true,
        ticket: { ...hallTicket(90, 'A090'), offline: undefined },
        reprint: false,
        replayed: false,
      },
    }));
    const restarted = new HallQueueStore({
      client: up.client,
      journal: { createForHallTicket: async () => 1 },
      clock: k.clock,
      log: silentLogger,
      attempts: 1,
      retryDelayMs: 0,
      offline: { store: k.offline, deviceId: 'kiosk-1', timeZone: TZ, printerReady: () => true },
    });
    const again = await restarted.issue({
      area,
      now: T0 + 5000,
      printer: 'ticketPrinter',
      requestKey: 'req-0001-abcd',
    });
    if (!again.ok) throw new Error('refused');
    expect(again.reprint).toBe(true);
    expect(again.ticket).toEqual(first.ticket);
    expect(again.printJobId).not.toBe(first.printJobId);
    // Nothing asked of the hall, nothing new in the series.
    expect(up.requests).toEqual([]);
    expect(await k.offline.pendingCount()).toBe(1);
    // Another request is another ticket (from the hall, which answers now).
    const other = await restarted.issue({
      area,
      now: T0,
      printer: 'ticketPrinter',
      requestKey: 'req-0002-abcd',
    });
    expect(other.ok && other.ticket.number).toBe('A090');
    expect(up.requests.map((r) => (r.body as { idempotencyKey: string }).idempotencyKey)).toEqual([
      'page-req-0002-abcd',
    ]);
    // The offline ticket's key is the request's key at the hall (docs/queue.md#a-request-that-timed-out).
    const [pending] = await k.offline.pending();
    expect(pending!.idempotencyKey).toBe('page-req-0001-abcd');
  });

  it('refuses (hall unreachable) when the printer does not work, for a booking, or without a series', async () => {
    const noPrinter = kiosk(
      () => down(),
      () => false,
    );
    await noPrinter.offline.saveSeries('kiosk-1', 2, 0);
    await expect(noPrinter.s.issue({ area, now: T0, printer: 'ticketPrinter' })).rejects.toBeInstanceOf(
      QueueUnreachableError,
    );
    const booking = kiosk(() => down());
    await booking.offline.saveSeries('kiosk-1', 2, 0);
    await expect(
      booking.s.issue({ area, now: T0, printer: 'ticketPrinter', appointmentId: 'bk-1' }),
    ).rejects.toBeInstanceOf(QueueUnreachableError);
    const never = kiosk(() => down());
    await expect(never.s.issue({ area, now: T0, printer: 'ticketPrinter' })).rejects.toBeInstanceOf(
      QueueUnreachableError,
    );
    // Nor does the area screen pretend: it cannot issue now.
    await expect(never.s.waitingCount('tax')).rejects.toBeInstanceOf(QueueUnreachableError);
    await expect(noPrinter.s.waitingCount('tax')).rejects.toBeInstanceOf(QueueUnreachableError);
    expect(await noPrinter.offline.pendingCount()).toBe(0);
    expect(await booking.offline.pendingCount()).toBe(0);
  });

  it('tries the hall again when it cannot issue offline, and an answer clears the link flag', async () => {
    let up = false;
    let printer = false;
    const k = kiosk(
      (path) =>
        !up
          ? down()
          : path === '/api/kiosk/tickets'
            ? {
                status: 200,
                body: { ok: true, ticket: hallTicket(5, 'A005'), reprint: false, replayed: false },
              }
            : { status: 404, body: {} },
      () => printer,
    );
    await k.offline.saveSeries('kiosk-1', 2, 0);
    await expect(k.s.issue({ area, now: T0, printer: 'ticketPrinter' })).rejects.toBeInstanceOf(
      QueueUnreachableError,
    );
    expect(k.s.linkDown).toBe(true);
    // The hall is back before any sync round said so: the printer does not work, so the hall is asked.
    up = true;
    const r = await k.s.issue({ area, now: T0, printer: 'ticketPrinter' });
    expect(r.ok && r.ticket.number).toBe('A005');
    expect(k.s.linkDown).toBe(false);
    // With the printer working and the link known up, online it is.
    printer = true;
    expect((await k.s.issue({ area, now: T0, printer: 'ticketPrinter' })).ok).toBe(true);
    expect(await k.offline.pendingCount()).toBe(0);
    expect(k.journal).toEqual(['A005', 'A005']);
  });

  it('does not go offline when the hall refused the credential (a revoked kiosk issues nothing)', async () => {
    const k = kiosk(() => ({ status: 401, body: { error: 'no' } }));
    await k.offline.saveSeries('kiosk-1', 2, 0);
    await expect(k.s.issue({ area, now: T0, printer: 'ticketPrinter' })).rejects.toMatchObject({
      kind: 'credential',
    });
    expect(await k.offline.pendingCount()).toBe(0);
  });

  it("goes offline at once without the hall's salt for a card holder, and sends the kiosk digest nowhere", async () => {
    const k = kiosk(() => ({ status: 500, body: {} }));
    await k.offline.saveSeries('kiosk-1', 2, 0);
    const r = await k.s.issue({
      area,
      now: T0,
      printer: 'ticketPrinter',
      offlineIdentity: { localDigest: 'c'.repeat(64), maxPerArea: 1 },
    });
    expect(r.ok).toBe(true);
    expect(k.requests).toHaveLength(0);
    const [p] = await k.offline.pending();
    expect(p!.hallDigest).toBeNull();
  });
});

describe("the hall's last counts across the hall's midnight, on a kiosk whose clock is off", () => {
  // 2026-01-05 00:00 in Shanghai, by the hall's clock.
  const MIDNIGHT = Date.parse('2026-01-04T16:00:00.000Z');
  const capped = { ...area, id: 'tax' };
  /** A kiosk whose clock is the hall's plus `skewMs` (its stored offset says so), the hall answering `areas`. */
  async function skewed(
    skewMs: number,
    hallAt: number,
    areas: { ticketsToday: number; capReached: boolean },
  ) {
    const clock = new ManualClock(hallAt + skewMs);
    let up = true;
    const { client } = scriptedHall((path) => {
      if (!up) return down();
      if (path === '/api/kiosk/areas')
        return {
          status: 200,
          body: { areas: [{ areaId: 'tax', waiting: 1, estimatedWaitMinutes: null, ...areas }] },
        };
      return down();
    });
    const { store: offline } = offlineStore(() => clock.now());
    await offline.saveSeries('kiosk-1', 4, -skewMs);
    const s = new HallQueueStore({
      client,
      journal: { createForHallTicket: async () => 1 },
      clock,
      log: silentLogger,
      attempts: 1,
      retryDelayMs: 0,
      offline: { store: offline, deviceId: 'kiosk-1', timeZone: TZ, printerReady: () => true },
    });
    // The area screen reads the hall's counts; then the link drops.
    expect(await s.ticketsToday('tax')).toBe(areas.ticketsToday);
    up = false;
    const issue = () => s.issue({ area: capped, dailyCap: 3, now: clock.now(), printer: 'ticketPrinter' });
    return { s, clock, issue };
  }

  it('a kiosk 40 s fast that read the old day’s full cap at 23:59:50 issues in the new day', async () => {
    // Its own clock said 00:00:30 when it read them: the counts are still the hall's old day.
    const k = await skewed(40_000, MIDNIGHT - 10_000, { ticketsToday: 3, capReached: true });
    await k.clock.advance(60_000);
    const r = await k.issue();
    expect(r.ok && [r.ticket.number, r.ticket.businessDate]).toEqual(['AK4-001', '2026-01-05']);
    // The area screen shows nothing of the old day as the new day's.
    expect(await k.s.ticketsToday('tax')).toBe(0);
    expect(await k.s.waitingCount('tax')).toBe(0);
  });

  it('a kiosk 40 s slow that read the new day’s counts at 00:00:20 keeps them for the new day', async () => {
    // Its own clock said 23:59:40: the counts are the hall's new day (2 of 3).
    const k = await skewed(-40_000, MIDNIGHT + 20_000, { ticketsToday: 2, capReached: false });
    await k.clock.advance(60_000);
    const first = await k.issue();
    expect(first.ok && first.ticket.number).toBe('AK4-001');
    // The cap of 3 holds: 2 known + 1 offline.
    expect(await k.issue()).toEqual({ ok: false, reason: 'capReached' });
    expect(await k.s.ticketsToday('tax')).toBe(2);
  });

  it('a kiosk 40 s fast keeps the old day’s offline digests until the hall’s midnight, not its own', async () => {
    const clock = new ManualClock(MIDNIGHT - 60_000 + 40_000);
    const { db, store: offline } = offlineStore(() => clock.now());
    await offline.saveSeries('kiosk-1', 4, -40_000);
    const { client } = scriptedHall(() => down());
    const s = new HallQueueStore({
      client,
      journal: { createForHallTicket: async () => 1 },
      clock,
      log: silentLogger,
      attempts: 1,
      retryDelayMs: 0,
      offline: { store: offline, deviceId: 'kiosk-1', timeZone: TZ, printerReady: () => true },
    });
    const identity = { localDigest: 'l'.repeat(64), hallDigest: 'h'.repeat(64), maxPerArea: 1 };
    // 23:59:00 hall time (23:59:40 by the kiosk): one ticket for this person, offline.
    const first = await offline.issue(request({ now: clock.now() - 40_000, identity }));
    expect(first.ok).toBe(true);
    // 00:00:20 by the kiosk's clock, 23:59:40 by the hall's: its own chore asks to forget the 4th's.
    await clock.advance(40_000);
    expect(await s.forgetDigestsBefore('2026-01-05')).toBe(0);
    expect(await offline.issue(request({ now: clock.now() - 40_000, identity }))).toEqual({
      ok: false,
      reason: 'identityLimit',
    });
    // Past the hall's midnight the same call forgets them.
    await clock.advance(30_000);
    expect(await s.forgetDigestsBefore('2026-01-05')).toBe(1);
    expect(db.prepare('SELECT local_digest FROM offline_tickets').get()).toEqual({ local_digest: null });
  });
});

describe('the offset the offline series is kept with', () => {
  it("is the shortest round trip's of the recent rounds, not the last round's", async () => {
    const clock = new ManualClock(T0);
    const { store } = offlineStore();
    // The hall is a minute ahead. A round trip of `rttMs` in which the hall reads its clock `atMs` in.
    let trip = { rttMs: 10, atMs: 5 };
    const send: HallSend = async () => {
      await clock.advance(trip.atMs);
      const now = clock.now() + 60_000;
      await clock.advance(trip.rttMs - trip.atMs);
      return { status: 200, body: Buffer.from(JSON.stringify({ series: 4, now })) };
    };
    const client = new HallClient({
      url: credential.url,
      credential,
      timeoutMs: 5000,
      send,
      clock,
      skew: new HallClockSkew({ clock, log: silentLogger }),
    });
    const sync = syncOf(client, store, { clock });
    await sync.round();
    expect(await store.series('kiosk-1')).toEqual({ series: 4, clockOffsetMs: 60_000 });
    // A loaded hall: the request waited 790 ms, the answer 10. Alone this round would say 60,390 ms,
    // and offline tickets issued 390 ms apart on two kiosks could swap places in the queue.
    trip = { rttMs: 800, atMs: 790 };
    await sync.round();
    expect(await store.series('kiosk-1')).toEqual({ series: 4, clockOffsetMs: 60_000 });
    expect(client.clockSkew!.report()).toMatchObject({ offsetMs: 60_000, uncertaintyMs: 5 });
  });
});

describe('sending offline tickets back', () => {
  it('measures the offset, sends every pending ticket oldest first with its key, and tells the link is up', async () => {
    const clock = new ManualClock(T0);
    const { store } = offlineStore(() => clock.now());
    await store.saveSeries('kiosk-1', 4, 0);
    for (let i = 0; i < 3; i++) await store.issue(request({ now: T0 + i * 1000 }));
    let id = 100;
    let failNext = false;
    const { client, requests } = scriptedHall((path, req) => {
      if (path === '/api/kiosk/offline') return { status: 200, body: { series: 4, now: T0 + 90_000 } };
      if (failNext) {
        failNext = false;
        return down();
      }
      const body = JSON.parse(String(req.body)) as KioskOfflineTicket;
      return { status: 200, body: { ticket: hallTicket(++id, body.number), replayed: false } };
    });
    const links: boolean[] = [];
    const sync = syncOf(client, store, { clock, onLink: (up) => links.push(up) });
    // The link breaks after the first ticket: the round stops, the rest stay pending.
    let posts = 0;
    const realPost = client.post.bind(client);
    client.post = ((...args: Parameters<typeof client.post>) => {
      if (++posts === 2) failNext = true;
      return realPost(...args);
    }) as typeof client.post;
    expect(await sync.round()).toEqual({ reachable: false, sent: 1, rejected: 0, pending: 2 });
    expect(await sync.round()).toEqual({ reachable: true, sent: 2, rejected: 0, pending: 0 });
    expect(links).toEqual([true, false, true]);
    const sent = requests
      .filter((r) => r.path === '/api/kiosk/offline-tickets')
      .map((r) => r.body as KioskOfflineTicket);
    // Oldest first; the one that failed is sent again with the same key.
    expect(sent.map((b) => b.number)).toEqual(['AK4-001', 'AK4-002', 'AK4-002', 'AK4-003']);
    expect(sent[1]!.idempotencyKey).toBe(sent[2]!.idempotencyKey);
    expect(new Set(sent.map((b) => b.idempotencyKey)).size).toBe(3);
    // Issued before any offset was known (0 then), sent with the offset the day was decided with.
    expect(sent.every((b) => b.clockOffsetMs === 0)).toBe(true);
    expect(await store.pendingCount()).toBe(0);
    expect(await store.series('kiosk-1')).toEqual({ series: 4, clockOffsetMs: 90_000 });
  });

  it('takes a refusal of the series for an answer: the link is up', async () => {
    const { store } = offlineStore();
    const { client } = scriptedHall(() => ({
      status: 409,
      body: { error: 'none left', code: 'noOfflineSeries' },
    }));
    const links: boolean[] = [];
    const sync = syncOf(client, store, { onLink: (up) => links.push(up) });
    await expect(sync.round()).rejects.toThrow(/409/);
    expect(links).toEqual([true]);
    expect(await store.series('kiosk-1')).toBeNull();
  });

  it('does not send the kiosk offline when the hall refuses its credential (revoked)', async () => {
    const { store } = offlineStore();
    await store.saveSeries('kiosk-1', 4, 0);
    const { client } = scriptedHall(() => ({ status: 401, body: { error: 'revoked' } }));
    const links: boolean[] = [];
    const sync = syncOf(client, store, { onLink: (up) => links.push(up) });
    expect((await sync.round()).reachable).toBe(false);
    expect(links).toEqual([true]);
  });

  it('marks a ticket the hall refuses as rejected and goes on with the next', async () => {
    const { store } = offlineStore();
    await store.saveSeries('kiosk-1', 4, 0);
    await store.issue(request());
    await store.issue(request());
    let n = 0;
    const { client } = scriptedHall((path, req) => {
      if (path === '/api/kiosk/offline') return { status: 200, body: { series: 4, now: T0 } };
      if (++n === 1) return { status: 409, body: { error: 'taken', code: 'numberTaken' } };
      const body = JSON.parse(String(req.body)) as KioskOfflineTicket;
      return { status: 200, body: { ticket: hallTicket(9, body.number), replayed: false } };
    });
    const sync = syncOf(client, store);
    expect(await sync.round()).toEqual({ reachable: true, sent: 1, rejected: 1, pending: 0 });
    expect(await sync.round()).toEqual({ reachable: true, sent: 0, rejected: 0, pending: 0 });
  });
});

describe('the card holder on a kiosk in hall mode', () => {
  function service(saltError: QueueUnreachableError | null) {
    const requests: IssueRequest[] = [];
    const store = {
      async issue(r: IssueRequest) {
        requests.push(r);
        return { ok: false as const, reason: 'capReached' as const };
      },
    } as unknown as QueueStore;
    const db = openDatabase(':memory:');
    const local = new SqliteSecretStore(db);
    const tickets = new TicketService({
      areas: DEFAULT_AREAS,
      hallName: { zh: '测试', en: 'Test' },
      calendar: { timeZone: TZ, holidays: new Set(), makeUpWorkdays: new Set() },
      store,
      journal: new SqlitePrintJournal(db, () => T0),
      secrets: {
        secret: (name) =>
          name === 'identityDigestSalt' && saltError ? Promise.reject(saltError) : local.secret(name),
      },
      printer: () => undefined,
      paperWidth: 80,
      priority: { age: 60, disability: true, appointment: true },
      maxTicketsPerIdentity: 1,
      offlineIdentity: true,
      callOrder: { zh: '规则', en: 'rule' },
      identity: () =>
        decodeTextBlock(encodeTextBlock(SAMPLE_CARDS.find((c) => c.id === 'elderResident')!)) as CardIdentity,
      clock: new ManualClock(T0),
      log: silentLogger,
    });
    return { tickets, requests };
  }

  it("digests the ID number with the kiosk's own salt too, and with the hall's when it has it", async () => {
    const { tickets, requests } = service(null);
    await tickets.issue('tax', { useIdentity: true });
    const [r] = requests;
    expect(r!.identity?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(r!.offlineIdentity?.localDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(r!.offlineIdentity!.localDigest).not.toBe(r!.identity!.digest);
  });

  it("without the hall's salt (the hall unreachable) only the kiosk's digest goes to the store", async () => {
    const { tickets, requests } = service(new QueueUnreachableError('network', 'no route'));
    await tickets.issue('tax', { useIdentity: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.identity).toBeUndefined();
    expect(requests[0]!.offlineIdentity?.maxPerArea).toBe(1);
  });

  it('a refused credential (a revoked kiosk) issues nothing, offline or not', async () => {
    const { tickets, requests } = service(new QueueUnreachableError('credential', 'HTTP 401'));
    expect(await tickets.issue('tax', { useIdentity: true })).toEqual({
      result: 'refused',
      reason: 'hallUnreachable',
      opensAt: null,
    });
    expect(requests).toEqual([]);
  });
});
