// Tickets a kiosk issued while it could not reach the hall, on a running hall server (real HTTPS, real
// PostgreSQL): the kiosks' offline series, the place of a late ticket in its queue (its issue time
// corrected by the kiosk's clock offset), its number kept and never given twice, the cap that counts it,
// and the marks on the counter page and the display (docs/queue.md#offline-issuing).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KioskOfflineAccepted, KioskOfflineInfo } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { AREAS, startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;
let kiosk1: string;
let kiosk2: string;
let display: string;
let li: string;
let keys = 0;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, {
    config: {
      areas: AREAS.map((a) => (a.id === 'legal' ? { ...a, dailyCap: 3 } : a)),
      queue: { priorityPerRegular: 2, maxTicketsPerIdentity: 1 },
    },
  });
  kiosk1 = await f.enrol({ id: 'kiosk-1', kind: 'kiosk' });
  kiosk2 = await f.enrol({ id: 'kiosk-2', kind: 'kiosk' });
  display = await f.enrol({ id: 'display-1', kind: 'display', zoneId: 'z1' });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});
beforeEach(async () => {
  await f.db.pool.query(
    `TRUNCATE tickets, ticket_events, area_day_numbers, idempotency_keys, counter_staff, counter_events, ratings
     CASCADE`,
  );
  li = await f.login('1037');
});

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(new Date());

const online = async (token: string, areaId = 'tax') => {
  const r = await f.call('POST', '/api/kiosk/tickets', {
    token,
    body: { areaId, idempotencyKey: `online-${++keys}-key` },
  });
  expect(r.status).toBe(200);
  return r.body.ticket as { id: number; number: string; issuedAt: string };
};

const offline = (token: string, body: Record<string, unknown>) =>
  f.call('POST', '/api/kiosk/offline-tickets', {
    token,
    body: {
      idempotencyKey: `offline-${++keys}-key`,
      areaId: 'tax',
      businessDate: today(),
      issuedAtKiosk: Date.now(),
      clockOffsetMs: 0,
      priorityReason: null,
      ...body,
    },
  });

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the offline series', () => {
  it('gives each kiosk its own series, the same on every ask, and the hall clock; kiosks only', async () => {
    const a = await f.call('GET', '/api/kiosk/offline', { token: kiosk1 });
    const b = await f.call('GET', '/api/kiosk/offline', { token: kiosk2 });
    expect(a.status).toBe(200);
    const [sa, sb] = [KioskOfflineInfo.parse(a.body), KioskOfflineInfo.parse(b.body)];
    expect(sa.series).not.toBe(sb.series);
    expect((await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series).toBe(sa.series);
    expect(Math.abs(sa.now - Date.now())).toBeLessThan(5000);
    expect((await f.call('GET', '/api/kiosk/offline', { token: display })).status).toBe(403);
    expect((await f.call('GET', '/api/kiosk/offline', { token: li })).status).toBe(403);
  });
});

describe('offline series asked for at once', () => {
  it('are distinct for kiosks asking together, and stay the same', async () => {
    const tokens = await Promise.all(
      ['kiosk-c1', 'kiosk-c2', 'kiosk-c3', 'kiosk-c4'].map((id) => f.enrol({ id, kind: 'kiosk' })),
    );
    const ask = () =>
      Promise.all(
        tokens.flatMap((token) => [1, 2].map(() => f.call('GET', '/api/kiosk/offline', { token }))),
      ).then((answers) => answers.map((a) => a.body.series as number));
    const first = await ask();
    // Each kiosk got one series (both of its requests agree), and no two kiosks share one.
    for (let i = 0; i < 8; i += 2) expect(first[i]).toBe(first[i + 1]);
    expect(new Set(first).size).toBe(4);
    expect(await ask()).toEqual(first);
  });
});

describe('a ticket that arrives late from an offline kiosk', () => {
  it('joins its queue at the place of its corrected issue time, keeps its number and is called in order', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk2 })).body.series as number;
    const first = await online(kiosk1);
    await pause(40);
    const between = Date.now();
    await pause(40);
    const second = await online(kiosk1);
    // The kiosk's clock is 10 minutes behind the hall's; it says so with the offset it measured.
    const late = await offline(kiosk2, {
      number: `AK${series}-001`,
      issuedAtKiosk: between - 600_000,
      clockOffsetMs: 600_000,
    });
    expect(late.status).toBe(200);
    const accepted = KioskOfflineAccepted.parse(late.body);
    expect(accepted.replayed).toBe(false);
    expect(accepted.ticket).toMatchObject({ number: `AK${series}-001`, offline: true, peopleAhead: 1 });
    expect(Date.parse(accepted.ticket.issuedAt)).toBe(between);
    const { rows } = await f.db.pool.query<{ detail: string; kiosk_id: string }>(
      `SELECT detail, kiosk_id FROM ticket_events WHERE ticket_id = $1 AND event = 'issued'`,
      [accepted.ticket.id],
    );
    expect(rows[0]!.kiosk_id).toBe('kiosk-2');
    expect(rows[0]!.detail).toMatch(/^late from offline kiosk; received .*, kiosk clock offset 600000 ms$/);

    await f.call('POST', '/api/counter/w014/open', { token: li });
    const calls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await f.call('POST', '/api/counter/w014/call-next', { token: li });
      calls.push(r.body.ticket.number);
      if (r.body.ticket.number === accepted.ticket.number) {
        // The counter page marks it.
        expect(r.body.state.current).toMatchObject({ number: accepted.ticket.number, offline: true });
        const shown = await f.call('GET', '/api/display/state', { token: display });
        expect(shown.body.calls[0]).toMatchObject({ number: accepted.ticket.number, offline: true });
      } else {
        expect(r.body.state.current.offline).toBeUndefined();
      }
      await f.call('POST', '/api/counter/w014/done', { token: li });
    }
    expect(calls).toEqual([first.number, accepted.ticket.number, second.number]);
  });

  it('is never later than its arrival, and a repeat with its key is the same ticket', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const before = Date.now();
    const body = { number: `AK${series}-001`, issuedAtKiosk: Date.now() + 3_600_000, clockOffsetMs: null };
    const key = `offline-repeat-${++keys}`;
    const a = await offline(kiosk1, { ...body, idempotencyKey: key });
    expect(a.status).toBe(200);
    expect(Date.parse(a.body.ticket.issuedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(a.body.ticket.issuedAt)).toBeLessThanOrEqual(Date.now());
    const again = await offline(kiosk1, { ...body, idempotencyKey: key });
    expect(again.body).toEqual({ ticket: a.body.ticket, replayed: true });
    // The same number under another key (a kiosk database restored from a copy): refused, never twice.
    const twice = await offline(kiosk1, body);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('numberTaken');
    const n = await f.db.pool.query('SELECT 1 FROM tickets WHERE number = $1', [body.number]);
    expect(n.rowCount).toBe(1);
  });

  it("takes only numbers of the kiosk's own series and the area's prefix, for the day it was issued", async () => {
    const mine = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const theirs = (await f.call('GET', '/api/kiosk/offline', { token: kiosk2 })).body.series as number;
    const refused = [
      await offline(kiosk1, { number: `AK${theirs}-001` }),
      await offline(kiosk1, { number: `BK${mine}-001` }),
      await offline(kiosk1, { number: `AK${mine}-001`, businessDate: '2020-01-01' }),
      await offline(kiosk1, { number: 'A001' }),
      await offline(kiosk1, { number: `AK${mine}-001`, areaId: 'nowhere' }),
      await offline(display, { number: `AK${mine}-001` }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 403]);
    expect((await f.db.pool.query('SELECT 1 FROM tickets')).rowCount).toBe(0);
  });

  it('keeps the card holder’s digest for its own day only: one of the day before arrives without it', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const digest = 'ab'.repeat(32);
    const yesterday = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
    }).format(new Date(Date.now() - 86_400_000));
    const late = await offline(kiosk1, {
      number: `AK${series}-001`,
      businessDate: yesterday,
      issuedAtKiosk: Date.now() - 86_400_000,
      identityDigest: digest,
    });
    const fresh = await offline(kiosk1, { number: `AK${series}-002`, identityDigest: digest });
    expect([late.status, fresh.status]).toEqual([200, 200]);
    // The day before's per-person limit is over and its digests were cleared at midnight: not stored.
    const { rows } = await f.db.pool.query(
      'SELECT business_date, identity_digest FROM tickets WHERE id = ANY($1::int[]) ORDER BY id',
      [[late.body.ticket.id, fresh.body.ticket.id]],
    );
    expect(rows).toEqual([
      { business_date: yesterday, identity_digest: null },
      { business_date: today(), identity_digest: digest },
    ]);
  });

  it("counts against the area's cap and is never refused by it (the citizen holds the paper)", async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk2 })).body.series as number;
    await online(kiosk1, 'legal');
    for (const seq of [1, 2, 3])
      expect((await offline(kiosk2, { areaId: 'legal', number: `FK${series}-00${seq}` })).status).toBe(200);
    const full = await f.call('POST', '/api/kiosk/tickets', {
      token: kiosk1,
      body: { areaId: 'legal', idempotencyKey: `online-${++keys}-key` },
    });
    expect(full.body).toEqual({ ok: false, reason: 'capReached' });
    const areas = await f.call('GET', '/api/kiosk/areas', { token: kiosk1 });
    expect(areas.body.areas.find((a: { areaId: string }) => a.areaId === 'legal')).toMatchObject({
      ticketsToday: 4,
      capReached: true,
    });
  });

  it('can be transferred and rated like any other ticket', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const late = await offline(kiosk1, { number: `AK${series}-001` });
    await f.call('POST', '/api/counter/w014/open', { token: li });
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket.id).toBe(
      late.body.ticket.id,
    );
    const moved = await f.call('POST', '/api/counter/w014/transfer', {
      token: li,
      body: { toAreaId: 'estate' },
    });
    expect(moved.status).toBe(200);
    // Window w015 serves estate.
    const wang = await f.login('1038');
    await f.call('POST', '/api/counter/w015/open', { token: wang });
    const there = await f.call('POST', '/api/counter/w015/call-next', { token: wang });
    expect(there.body.ticket.id).toBe(late.body.ticket.id);
    expect(there.body.state.current).toMatchObject({ offline: true, transferredFrom: { areaId: 'tax' } });
    expect((await f.call('POST', '/api/counter/w015/done', { token: wang })).status).toBe(200);
    const pad = await f.enrol({ id: `pad-w015-${++keys}`, kind: 'pad', counterId: 'w015' });
    const rated = await f.call('POST', '/api/pad/ratings', {
      token: pad,
      body: {
        ticketId: late.body.ticket.id,
        level: 5,
        reasons: [],
        idempotencyKey: `rate-${++keys}-offline`,
      },
    });
    expect(rated.status).toBeLessThan(300);
    const { rows } = await f.db.pool.query('SELECT ticket_id, counter_id FROM ratings');
    expect(rows).toEqual([{ ticket_id: late.body.ticket.id, counter_id: 'w015' }]);
  });
  it('under the key of an online request the hall did issue: that ticket becomes the one printed, never two', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const first = await online(kiosk1, 'legal');
    // The kiosk's request got through and was issued, but the answer was lost (a half-open link): the
    // kiosk printed an offline ticket for the same citizen under the same key.
    const key = `timed-out-${++keys}-key`;
    const ghost = await f.call('POST', '/api/kiosk/tickets', {
      token: kiosk1,
      body: { areaId: 'legal', idempotencyKey: key, identityDigest: 'd'.repeat(64) },
    });
    expect(ghost.body.ticket.number).toBe('F002');
    const body = { areaId: 'legal', number: `FK${series}-001`, idempotencyKey: key };
    const late = await offline(kiosk1, body);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      replayed: false,
      ticket: { id: ghost.body.ticket.id, number: `FK${series}-001`, offline: true },
    });
    // Its place is the hall's own issue time, after F001; the citizen is counted once.
    expect(late.body.ticket.issuedAt).toBe(ghost.body.ticket.issuedAt);
    const rows = await f.db.pool.query<{ number: string; identity_digest: string | null }>(
      `SELECT number, identity_digest FROM tickets WHERE area_id = 'legal' ORDER BY queued_at, id`,
    );
    expect(rows.rows.map((r) => r.number)).toEqual([first.number, `FK${series}-001`]);
    const areas = await f.call('GET', '/api/kiosk/areas', { token: kiosk1 });
    expect(areas.body.areas.find((a: { areaId: string }) => a.areaId === 'legal')).toMatchObject({
      ticketsToday: 2,
      waiting: 2,
    });
    // The sync's own retry is the same ticket; the online request arriving late issues nothing.
    expect((await offline(kiosk1, body)).body).toEqual({ ticket: late.body.ticket, replayed: true });
    const lateOnline = await f.call('POST', '/api/kiosk/tickets', {
      token: kiosk1,
      body: { areaId: 'legal', idempotencyKey: key, identityDigest: 'd'.repeat(64) },
    });
    expect(lateOnline.status).toBe(409);
    expect((await f.db.pool.query(`SELECT 1 FROM tickets WHERE area_id = 'legal'`)).rowCount).toBe(2);
    // A counter calls the two in order, the late one marked offline.
    // (w019 serves legal.)
    await f.call('POST', '/api/counter/w019/open', { token: li });
    const called: string[] = [];
    for (;;) {
      const r = await f.call('POST', '/api/counter/w019/call-next', { token: li });
      if (!r.body.ticket) break;
      called.push(r.body.ticket.number);
      await f.call('POST', '/api/counter/w019/done', { token: li });
    }
    expect(called).toEqual([first.number, `FK${series}-001`]);
  });

  it('under the key of an online ticket already called: joins as a new ticket; other keys still conflict', async () => {
    const series = (await f.call('GET', '/api/kiosk/offline', { token: kiosk1 })).body.series as number;
    const key = `timed-out-${++keys}-key`;
    const ghost = await f.call('POST', '/api/kiosk/tickets', {
      token: kiosk1,
      body: { areaId: 'tax', idempotencyKey: key },
    });
    await f.call('POST', '/api/counter/w014/open', { token: li });
    const call = await f.call('POST', '/api/counter/w014/call-next', { token: li });
    expect(call.body.ticket.id).toBe(ghost.body.ticket.id);
    await f.call('POST', '/api/counter/w014/no-show', { token: li });
    const late = await offline(kiosk1, { number: `AK${series}-001`, idempotencyKey: key });
    expect(late.status).toBe(200);
    expect(late.body.ticket.id).not.toBe(ghost.body.ticket.id);
    const waiting = await f.db.pool.query<{ number: string }>(
      `SELECT number FROM tickets WHERE state = 'waiting' ORDER BY id`,
    );
    expect(waiting.rows.map((r) => r.number)).toEqual([`AK${series}-001`]);
    // Another kiosk's key, or another area's: a conflict, as before.
    const other = await f.call('POST', '/api/kiosk/tickets', {
      token: kiosk2,
      body: { areaId: 'tax', idempotencyKey: `k2-${++keys}-key` },
    });
    expect(other.status).toBe(200);
    const wrongArea = await offline(kiosk1, {
      areaId: 'estate',
      number: `BK${series}-001`,
      idempotencyKey: key,
    });
    expect(wrongArea.status).toBe(409);
    expect(wrongArea.body.code).toBe('idempotencyConflict');
  });
});
