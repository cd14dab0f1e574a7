// Zone displays, rating pads and the kiosks' ratings on a running hall server (real HTTPS, real
// PostgreSQL): a display sees its zone only, a pad rates only its own window's finished ticket, once,
// and the stored rating names the person who finished it; a kiosk's rating as its daemon sends it.
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import { httpRatingSender } from '../../device-daemon/src/ratings/rating-outbox.ts';
import type { OutboxRow } from '../../device-daemon/src/ratings/rating-store.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { callText, initials } from '../src/http/device-views.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

const DAY = 86_400_000;
let cluster: PgCluster;
let f: HallFixture;
/** The hall's clock runs `offset` ms ahead of the real one (to make "today" tomorrow). */
let offset = 0;
const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
let keySeq = 0;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, { clock });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

const store = () => f.hall.services.store;

async function issue(areaId: string): Promise<number> {
  const r = await store().issue({
    areaId,
    kioskId: 'kiosk-1',
    idempotencyKey: `test-key-${++keySeq}-${randomUUID()}`,
    now: clock.now(),
  });
  if (!r.ok) throw new Error(r.reason);
  return r.ticket.id;
}

async function staffId(number: string): Promise<number> {
  const { rows } = await f.db.pool.query<{ id: number }>('SELECT id FROM staff WHERE number = $1', [number]);
  return rows[0]!.id;
}

/** Who works at a window now (what the counter page records when someone signs in there). */
async function seat(counterId: string, number: string | null): Promise<void> {
  await f.db.pool.query('DELETE FROM counter_staff WHERE counter_id = $1', [counterId]);
  if (number === null) return;
  const id = await staffId(number);
  await f.db.pool.query('DELETE FROM counter_staff WHERE staff_id = $1', [id]);
  await f.db.pool.query('INSERT INTO counter_staff (counter_id, staff_id, since) VALUES ($1, $2, now())', [
    counterId,
    id,
  ]);
}

/**
 * Finishes the window's ticket as done, recording on the `done` event the person working there, as
 * the counter page's store method does.
 */
async function finishDone(counterId: string): Promise<number> {
  const t = await store().finish({ counterId, now: clock.now(), outcome: 'done' });
  await f.db.pool.query(
    `UPDATE ticket_events e SET staff_id = (SELECT staff_id FROM counter_staff WHERE counter_id = $1)
     WHERE e.ticket_id = $2 AND e.event = 'done'`,
    [counterId, t!.id],
  );
  return t!.id;
}

/** Reads a device's SSE stream until `count` ticket events arrived (or `ms` passed). */
/** Resolves once the hall's live feed has read every event in the log (so none of them reaches a stream opened after). */
async function liveCaughtUp(): Promise<void> {
  const { rows } = await f.db.pool.query<{ id: number | null }>('SELECT max(id) AS id FROM ticket_events');
  const last = Number(rows[0]!.id ?? 0);
  const until = Date.now() + 10_000;
  while (f.hall.services.live.lastId < last) {
    if (Date.now() > until)
      throw new Error(`the live feed is at ${f.hall.services.live.lastId}, the log at ${last}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readEvents(
  path: string,
  token: string,
  count: number,
  ms = 8000,
  onOpen: () => void = () => {},
): Promise<{ areaId: string; event: string; counterId: string | null }[]> {
  return new Promise((resolve, reject) => {
    const got: { areaId: string; event: string; counterId: string | null }[] = [];
    const url = new URL(path, f.url);
    const req = request(
      url,
      {
        ca: f.ca,
        headers: { authorization: `Bearer ${token}`, host: url.host },
      },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // The stream's first frame is written once the server listens for the hall's events.
          if (buf === '' && got.length === 0) onOpen();
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (data) got.push(JSON.parse(data.slice(6)));
            if (got.length >= count) {
              req.destroy();
              resolve(got);
            }
          }
        });
      },
    );
    req.on('error', (e) => (got.length >= count ? undefined : reject(e)));
    setTimeout(() => {
      req.destroy();
      resolve(got);
    }, ms);
    req.end();
  });
}

describe('what a display says', () => {
  it('names the window by its number, in Chinese and English', () => {
    expect(callText('A001', { id: 'w037', name: '37号窗口' })).toEqual({
      zh: '请 A001 号到 37 号窗口办理',
      en: 'Number A 0 0 1, please go to window 37',
    });
    expect(callText('B012', { id: 'w001', name: '1号综合窗口' }).zh).toBe('请 B012 号到 1 号综合窗口办理');
    expect(callText('C003', { id: 'vip', name: '贵宾窗口' })).toEqual({
      zh: '请 C003 号到 贵宾窗口办理',
      en: 'Number C 0 0 3, please go to window vip',
    });
    expect(initials('李敏')).toBe('李');
    expect(initials('Anna Lee')).toBe('AL');
  });
});

describe('zone displays', () => {
  let z1: string;
  let z2: string;
  let all: string;

  beforeAll(async () => {
    z1 = await f.enrol({ id: 'display-z1', kind: 'display', zoneId: 'z1' });
    z2 = await f.enrol({ id: 'display-z2', kind: 'display', zoneId: 'z2' });
    all = await f.enrol({ id: 'display-entrance', kind: 'display' });
  });

  it('shows the calls and waiting counts of its own zone only', async () => {
    await issue('tax');
    await issue('tax');
    await issue('legal');
    // w014 serves tax (zone z1), w019 serves legal (zone z2).
    const a = await store().callNext({ counterId: 'w014', now: clock.now() });
    const fTicket = await store().callNext({ counterId: 'w019', now: clock.now() });
    await store().recall({ counterId: 'w014', now: clock.now() });

    const one = await f.call('GET', '/api/display/state', { token: z1 });
    expect(one.status).toBe(200);
    expect(one.body.zone).toEqual({ id: 'z1', name: { zh: '一楼', en: 'Floor 1' } });
    expect(one.body.areas.map((x: { id: string }) => x.id)).toEqual([
      'tax',
      'estate',
      'social',
      'medical',
      'hr',
    ]);
    expect(one.body.areas.find((x: { id: string }) => x.id === 'tax').waiting).toBe(1);
    expect(one.body.calls).toHaveLength(2);
    expect(one.body.calls[0]).toMatchObject({
      number: a!.number,
      counterId: 'w014',
      counterName: '14号窗口',
      recall: true,
      text: { zh: `请 ${a!.number} 号到 14 号窗口办理` },
    });
    expect(one.body.calls[1]).toMatchObject({ number: a!.number, recall: false });
    expect(one.body.calls[0].eventId).toBeGreaterThan(one.body.calls[1].eventId);

    const two = await f.call('GET', '/api/display/state', { token: z2 });
    expect(two.body.calls.map((c: { number: string }) => c.number)).toEqual([fTicket!.number]);
    expect(two.body.areas.map((x: { id: string }) => x.id)).not.toContain('tax');

    const entrance = await f.call('GET', '/api/display/state', { token: all });
    expect(entrance.body.zone).toBeNull();
    expect(entrance.body.areas).toHaveLength(9);
    expect(entrance.body.calls).toHaveLength(3);
  });

  it("streams only its zone's events", async () => {
    await issue('legal');
    await issue('estate');
    await liveCaughtUp();
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const events = readEvents('/api/display/events', z1, 2, 8000, opened);
    // The events happen once the stream is open.
    await open;
    await store().callNext({ counterId: 'w019', now: clock.now() }); // legal: zone z2
    await store().callNext({ counterId: 'w015', now: clock.now() }); // estate: zone z1
    await issue('tax'); // zone z1
    const got = await events;
    expect(got.map((e) => [e.event, e.areaId])).toEqual([
      ['called', 'estate'],
      ['issued', 'tax'],
    ]);
  });

  it('is a read-only credential: staff, pads and kiosks may not read it, a display may not rate', async () => {
    const pad = await f.enrol({ id: 'pad-check', kind: 'pad', counterId: 'w020' });
    expect((await f.call('GET', '/api/display/state', { token: pad })).status).toBe(403);
    expect((await f.call('GET', '/api/display/state', { token: await f.login('1037') })).status).toBe(403);
    expect((await f.call('GET', '/api/display/state')).status).toBe(401);
    const rate = await f.call('POST', '/api/pad/ratings', {
      token: z1,
      body: { ticketId: 1, level: 5, reasons: [], idempotencyKey: 'display-tries-1' },
    });
    expect(rate.status).toBe(403);
  });

  it('stops working once revoked', async () => {
    const token = await f.enrol({ id: 'display-gone', kind: 'display', zoneId: 'z2' });
    expect((await f.call('GET', '/api/display/state', { token })).status).toBe(200);
    await f.hall.services.devices.revoke('display-gone', { actor: 'test', source: 'test' });
    expect((await f.call('GET', '/api/display/state', { token })).status).toBe(401);
  });
});

describe('rating pads', () => {
  let pad: string;
  beforeAll(async () => {
    // Window w016 serves social (C).
    pad = await f.enrol({ id: 'pad-w016', kind: 'pad', counterId: 'w016' });
  });

  const rate = (body: Record<string, unknown>, token = pad) =>
    f.call('POST', '/api/pad/ratings', { token, body });

  it('shows who serves and the ticket, then asks for the finished ticket; the rating names who finished it', async () => {
    await seat('w016', '1037');
    const ticket = await issue('social');
    const called = await store().callNext({ counterId: 'w016', now: clock.now() });
    expect(called!.id).toBe(ticket);

    const serving = await f.call('GET', '/api/pad/state', { token: pad });
    expect(serving.status).toBe(200);
    expect(serving.body).toMatchObject({
      counter: { id: 'w016', name: '16号窗口' },
      staff: { number: '1037', name: '李敏', initials: '李', photo: false },
      serving: { ticketId: ticket, number: called!.number },
      toRate: null,
    });
    // Not finished yet: nothing to rate.
    const early = await rate({ ticketId: ticket, level: 5, reasons: [], idempotencyKey: 'pad-early-0001' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('notRatable');

    // 1038 takes over the window and finishes the ticket; then 1037 comes back before the rating.
    await seat('w016', '1038');
    await finishDone('w016');
    await seat('w016', '1037');
    const after = await f.call('GET', '/api/pad/state', { token: pad });
    expect(after.body.serving).toBeNull();
    expect(after.body.toRate).toMatchObject({
      ticketId: ticket,
      number: called!.number,
      staff: { number: '1038', name: '王芳' },
    });

    const key = `pad-w016-${randomUUID()}`;
    const first = await rate({
      ticketId: ticket,
      level: 2,
      reasons: ['waitTooLong', 'waitTooLong', 'staffAttitude'],
      idempotencyKey: key,
    });
    expect(first.status).toBe(201);
    expect(first.body.replayed).toBe(false);
    const { rows } = await f.db.pool.query(
      `SELECT r.source, r.device_id, r.ticket_id, r.counter_id, s.number AS staff, r.area_id, r.business_date, r.level, r.reasons
       FROM ratings r LEFT JOIN staff s ON s.id = r.staff_id`,
    );
    const { rows: day } = await f.db.pool.query('SELECT business_date FROM tickets WHERE id = $1', [ticket]);
    expect(rows).toEqual([
      {
        source: 'pad',
        device_id: 'pad-w016',
        ticket_id: ticket,
        counter_id: 'w016',
        staff: '1038',
        area_id: 'social',
        business_date: day[0].business_date,
        level: 2,
        reasons: ['waitTooLong', 'staffAttitude'],
      },
    ]);

    // A retry after a lost answer: the same rating, nothing new.
    const again = await rate({
      ticketId: ticket,
      level: 2,
      reasons: ['waitTooLong', 'staffAttitude'],
      idempotencyKey: key,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ratingId: first.body.ratingId, replayed: true });
    // The same key for another rating, and another key for the same ticket: refused.
    const other = await rate({ ticketId: ticket, level: 5, reasons: [], idempotencyKey: key });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotencyConflict');
    const twice = await rate({
      ticketId: ticket,
      level: 5,
      reasons: [],
      idempotencyKey: `pad-w016-${randomUUID()}`,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('alreadyRated');
    expect((await f.db.pool.query('SELECT 1 FROM ratings')).rowCount).toBe(1);
    // Rated: the pad is not asked again.
    expect((await f.call('GET', '/api/pad/state', { token: pad })).body.toRate).toBeNull();
  });

  it("takes ratings only for its own window's done tickets of today, and reasons only for 差评", async () => {
    await seat('w016', '1037');
    // Finished at another window (w025 also serves social).
    await issue('social');
    await store().callNext({ counterId: 'w025', now: clock.now() });
    const elsewhere = await finishDone('w025');
    const r1 = await rate({ ticketId: elsewhere, level: 5, reasons: [], idempotencyKey: 'pad-elsewhere-1' });
    expect(r1.status).toBe(409);
    expect(r1.body.code).toBe('notRatable');
    // A no-show at its own window.
    await issue('social');
    await store().callNext({ counterId: 'w016', now: clock.now() });
    const gone = (await store().finish({ counterId: 'w016', now: clock.now(), outcome: 'noShow' }))!.id;
    expect(
      (await rate({ ticketId: gone, level: 5, reasons: [], idempotencyKey: 'pad-noshow-01' })).status,
    ).toBe(409);
    // No such ticket; a malformed body.
    expect(
      (await rate({ ticketId: 999_999, level: 5, reasons: [], idempotencyKey: 'pad-nothing-1' })).status,
    ).toBe(409);
    expect(
      (await rate({ ticketId: 1, level: 6, reasons: [], idempotencyKey: 'pad-badlevel-1' })).status,
    ).toBe(400);
    expect(
      (await rate({ ticketId: 1, level: 5, reasons: ['rude'], idempotencyKey: 'pad-badreason' })).status,
    ).toBe(400);
    expect((await rate({ ticketId: 1, level: 5, reasons: [], idempotencyKey: 'short' })).status).toBe(400);

    // Done at its window, rated 满意 with reasons (dropped: reasons are for 差评 only).
    await issue('social');
    await store().callNext({ counterId: 'w016', now: clock.now() });
    const good = await finishDone('w016');
    // Yesterday's ticket cannot be rated tomorrow.
    offset = DAY;
    try {
      const late = await rate({ ticketId: good, level: 4, reasons: [], idempotencyKey: 'pad-tomorrow-1' });
      expect(late.status).toBe(409);
      expect((await f.call('GET', '/api/pad/state', { token: pad })).body.toRate).toBeNull();
    } finally {
      offset = 0;
    }
    const ok = await rate({ ticketId: good, level: 4, reasons: ['other'], idempotencyKey: 'pad-good-0001' });
    expect(ok.status).toBe(201);
    const { rows } = await f.db.pool.query('SELECT reasons, staff_id FROM ratings WHERE id = $1', [
      ok.body.ratingId,
    ]);
    expect(rows[0]).toEqual({ reasons: [], staff_id: await staffId('1037') });
  });

  it("streams only its window's events", async () => {
    await issue('social');
    await issue('social');
    await liveCaughtUp();
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const events = readEvents('/api/pad/events', pad, 1, 8000, opened);
    await open;
    await store().callNext({ counterId: 'w025', now: clock.now() });
    await store().callNext({ counterId: 'w016', now: clock.now() });
    const got = await events;
    // w025's call (first) is not this window's; call next at w016 finishes nothing (its last ticket
    // is done) and calls the next one.
    expect(got.map((e) => [e.event, e.counterId])).toEqual([['called', 'w016']]);
  });
});

describe('ratings from kiosks', () => {
  it("accepts exactly what the daemon's rating sender sends, once per key, and keeps it as sent", async () => {
    const token = await f.enrol({ id: 'kiosk-7', kind: 'kiosk' });
    const send = httpRatingSender({
      url: `${f.url}/api/kiosk/ratings`,
      timeoutMs: 5000,
      hallName: '区政务服务中心',
      auth: { headerToken: { name: 'authorization', value: `Bearer ${token}` }, tls: { ca: f.ca } },
    });
    const row: OutboxRow = {
      ratingId: 12,
      idempotencyKey: randomUUID(),
      attempts: 0,
      kind: 'ticket',
      ref: '41',
      areaId: 'tax',
      level: 1,
      reasons: ['notSolved'],
      comment: '手机 1**********',
      createdAt: new Date(clock.now()).toISOString(),
    };
    expect(await send(row)).toEqual({ kind: 'delivered' });
    // A retry (the answer was lost): delivered, still one row.
    expect(await send({ ...row, attempts: 1 })).toEqual({ kind: 'delivered' });
    const { rows } = await f.db.pool.query(
      `SELECT source, device_id, idempotency_key, ticket_id, area_id, level, reasons, payload FROM ratings WHERE source = 'kiosk'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'kiosk',
      device_id: 'kiosk-7',
      idempotency_key: row.idempotencyKey,
      ticket_id: null,
      area_id: 'tax',
      level: 1,
      reasons: ['notSolved'],
    });
    expect(rows[0].payload).toMatchObject({
      idempotencyKey: row.idempotencyKey,
      ratingId: 12,
      channel: 'kiosk',
      serviceEvent: { kind: 'ticket', ref: '41' },
      levelName: '非常不满意',
      comment: '手机 1**********',
    });
    // The same key with another rating is not taken as delivered.
    expect(await send({ ...row, level: 5, reasons: [] })).toEqual({ kind: 'rejected', reason: 'HTTP 422' });
    // Keys are per kiosk: another kiosk's rating with the same key is its own.
    const other = await f.enrol({ id: 'kiosk-8', kind: 'kiosk' });
    const fromOther = await f.call('POST', '/api/kiosk/ratings', {
      token: other,
      body: { ...rows[0].payload },
    });
    expect(fromOther.status).toBe(201);
    // Only kiosks; a body that is not the sender's is refused with a reason.
    const pad = await f.enrol({ id: 'pad-w030', kind: 'pad', counterId: 'w030' });
    expect((await f.call('POST', '/api/kiosk/ratings', { token: pad, body: rows[0].payload })).status).toBe(
      403,
    );
    const bad = await f.call('POST', '/api/kiosk/ratings', {
      token,
      body: { ...rows[0].payload, idempotencyKey: randomUUID(), levelName: 'great' },
    });
    expect(bad.status).toBe(400);
    // A number typed into a comment is hidden even if a kiosk did not hide it.
    const leaky = {
      ...rows[0].payload,
      idempotencyKey: randomUUID(),
      comment: '我的身份证 11010119900307451X 没用',
    };
    expect((await f.call('POST', '/api/kiosk/ratings', { token, body: leaky })).status).toBe(201);
    const stored = await f.db.pool.query('SELECT payload FROM ratings WHERE idempotency_key = $1', [
      leaky.idempotencyKey,
    ]);
    expect(stored.rows[0].payload.comment).toBe('我的身份证 [已隐去] 没用');
    expect(JSON.stringify(stored.rows)).not.toContain('110101');
    // Sent again as it was: the same rating.
    expect((await f.call('POST', '/api/kiosk/ratings', { token, body: leaky })).status).toBe(200);
    const mismatch = await f.call('POST', '/api/kiosk/ratings', {
      token,
      body: { ...rows[0].payload, idempotencyKey: randomUUID() },
      headers: { 'idempotency-key': 'something-else' },
    });
    expect(mismatch.status).toBe(400);
  });
});

// Last in this file: it moves the hall's clock to a midnight after every day used above.
describe('a rating pad across the hall’s midnight', () => {
  it('stops offering a ticket finished before midnight once the day has changed (the hall would refuse its rating)', async () => {
    const pad = await f.enrol({ id: 'pad-w016-night', kind: 'pad', counterId: 'w016' });
    // 23:58 in Shanghai, 2027-01-10.
    offset = Date.parse('2027-01-10T15:58:00Z') - Date.now();
    await seat('w016', '1037');
    const ticket = await issue('social');
    await store().callNext({ counterId: 'w016', now: clock.now() });
    await finishDone('w016');
    const before = await f.call('GET', '/api/pad/state', { token: pad });
    expect(before.body.toRate?.ticketId).toBe(ticket);
    // 00:03: within the pad's rating minutes, but of another day.
    offset += 5 * 60_000;
    const after = await f.call('GET', '/api/pad/state', { token: pad });
    expect(after.body.toRate).toBeNull();
    const refused = await f.call('POST', '/api/pad/ratings', {
      token: pad,
      body: { ticketId: ticket, level: 5, reasons: [], idempotencyKey: 'pad-night-0001' },
    });
    expect(refused.status).toBe(409);
  });
});
