// The supervisors' view, the daily report (日通报) and 帮办 on a real hall server and PostgreSQL: a
// business day built event by event with known figures, the report checked figure by figure, its
// CSV, the live overview, the help calls and who may see what.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { csvField } from '../src/reports/report-csv.ts';

const DAY = '2026-11-30';
/** A local (Asia/Shanghai) time on DAY. */
const L = (hhmm: string, date = DAY) => new Date(`${date}T${hhmm}:00+08:00`);

let cluster: PgCluster;
let f: HallFixture;
const clock = new ManualClock(L('10:30').getTime());
const staffId: Record<string, number> = {};

async function ticket(t: {
  area: string;
  number: string;
  issued: string;
  date?: string;
  priority?: boolean;
  state?: 'waiting' | 'called' | 'done' | 'noShow';
  counter?: string;
}): Promise<number> {
  const date = t.date ?? DAY;
  const { rows } = await f.db.pool.query<{ id: number }>(
    `INSERT INTO tickets (area_id, queue_area_id, business_date, seq, number, kiosk_id, issued_at, queued_at, priority, state, counter_id)
     VALUES ($1, $1, $2, $3, $4, 'kiosk-1', $5, $5, $6, $7, $8) RETURNING id`,
    [
      t.area,
      date,
      Number(t.number.slice(1)),
      t.number,
      L(t.issued, date),
      t.priority ?? false,
      t.state ?? 'done',
      t.counter ?? null,
    ],
  );
  await event(rows[0]!.id, 'issued', t.issued, t.area, { date });
  return rows[0]!.id;
}

async function event(
  ticketId: number,
  kind: string,
  at: string,
  area: string,
  o: { counter?: string; staff?: string; date?: string; detail?: string } = {},
): Promise<void> {
  const date = o.date ?? DAY;
  await f.db.pool.query(
    `INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id, kiosk_id, staff_id, detail)
     VALUES ($1, $2, $3, $4, $5, false, $6, $7, $8, $9)`,
    [
      ticketId,
      L(at, date),
      kind,
      area,
      date,
      o.counter ?? null,
      kind === 'issued' ? 'kiosk-1' : null,
      o.staff ? staffId[o.staff] : null,
      o.detail ?? null,
    ],
  );
}

async function rating(r: {
  ticket?: number;
  source?: 'pad' | 'kiosk';
  counter?: string;
  staff?: string;
  level: number;
  reasons?: string[];
  date?: string;
}): Promise<void> {
  await f.db.pool.query(
    `INSERT INTO ratings (source, device_id, idempotency_key, ticket_id, counter_id, staff_id, business_date, level, reasons, rated_at)
     VALUES ($1, $2, gen_random_uuid()::text, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.source ?? 'pad',
      r.source === 'kiosk' ? 'kiosk-1' : `pad-${r.counter}`,
      r.ticket ?? null,
      r.counter ?? null,
      r.staff ? staffId[r.staff] : null,
      r.date ?? DAY,
      r.level,
      JSON.stringify(r.reasons ?? []),
      L('11:00', r.date ?? DAY),
    ],
  );
}

/**
 * The day (local times):
 * - A001 (tax) taken 09:00, called 09:10 at w014 by 1037, done 09:20; rated 5.
 * - A002 taken 09:05, called 09:20 at w014 by 1037, recalled 09:22, no-show 09:25.
 * - A003 taken 09:06, called 09:25 at w001 by 1038, transferred to social 09:30, called 09:40 at w016
 *   (nobody signed in there), done 09:46; rated 2 (waited too long, unfriendly staff).
 * - C001 (social) taken 09:02, called 09:03 at w001 by 1038, done 09:15; rated 1 (not solved, waited).
 * - C002 (social) taken 10:00, waiting. B001 (estate, priority) taken 09:30, waiting.
 * - A004 taken 10:10, called 10:15 at w014 by 1037, being served. w020 paused at 10:20.
 * - A kiosk rating of 4; and a ticket and a rating of the day before, which must not count.
 */
async function buildDay(): Promise<void> {
  const { rows } = await f.db.pool.query<{ id: number; number: string }>('SELECT id, number FROM staff');
  for (const r of rows) staffId[r.number] = r.id;

  const a1 = await ticket({ area: 'tax', number: 'A001', issued: '09:00' });
  await event(a1, 'called', '09:10', 'tax', { counter: 'w014', staff: '1037' });
  await event(a1, 'done', '09:20', 'tax', { counter: 'w014', staff: '1037' });
  await rating({ ticket: a1, counter: 'w014', staff: '1037', level: 5 });

  const a2 = await ticket({ area: 'tax', number: 'A002', issued: '09:05', state: 'noShow' });
  await event(a2, 'called', '09:20', 'tax', { counter: 'w014', staff: '1037' });
  await event(a2, 'recalled', '09:22', 'tax', { counter: 'w014', staff: '1037' });
  await event(a2, 'noShow', '09:25', 'tax', { counter: 'w014', staff: '1037' });

  const c1 = await ticket({ area: 'social', number: 'C001', issued: '09:02' });
  await event(c1, 'called', '09:03', 'social', { counter: 'w001', staff: '1038' });
  await event(c1, 'done', '09:15', 'social', { counter: 'w001', staff: '1038' });
  await rating({
    ticket: c1,
    counter: 'w001',
    staff: '1038',
    level: 1,
    reasons: ['notSolved', 'waitTooLong'],
  });

  const a3 = await ticket({ area: 'tax', number: 'A003', issued: '09:06' });
  await f.db.pool.query(`UPDATE tickets SET queue_area_id = 'social' WHERE id = $1`, [a3]);
  await event(a3, 'called', '09:25', 'tax', { counter: 'w001', staff: '1038' });
  await event(a3, 'transferred', '09:30', 'social', { counter: 'w001', staff: '1038', detail: 'tax→social' });
  await event(a3, 'called', '09:40', 'social', { counter: 'w016' });
  await event(a3, 'done', '09:46', 'social', { counter: 'w016' });
  await rating({ ticket: a3, counter: 'w016', level: 2, reasons: ['waitTooLong', 'staffAttitude'] });

  await ticket({ area: 'social', number: 'C002', issued: '10:00', state: 'waiting' });
  await ticket({ area: 'estate', number: 'B001', issued: '09:30', state: 'waiting', priority: true });
  const a4 = await ticket({ area: 'tax', number: 'A004', issued: '10:10', state: 'called', counter: 'w014' });
  await event(a4, 'called', '10:15', 'tax', { counter: 'w014', staff: '1037' });
  await rating({ source: 'kiosk', level: 4 });

  const old = await ticket({ area: 'tax', number: 'A001', issued: '09:00', date: '2026-11-29' });
  await event(old, 'called', '09:01', 'tax', { counter: 'w014', staff: '1037', date: '2026-11-29' });
  await event(old, 'done', '09:30', 'tax', { counter: 'w014', staff: '1037', date: '2026-11-29' });
  await rating({
    ticket: old,
    counter: 'w014',
    staff: '1037',
    level: 1,
    reasons: ['other'],
    date: '2026-11-29',
  });

  await f.db.pool.query(
    `INSERT INTO counter_staff (counter_id, staff_id, since) VALUES ('w001', $1, $3), ('w014', $2, $3)`,
    [staffId['1038'], staffId['1037'], L('08:55')],
  );
  await f.db.pool.query(`UPDATE counters SET paused = true WHERE id = 'w020'`);
  await f.db.pool.query(`INSERT INTO counter_events (counter_id, at, event) VALUES ('w020', $1, 'paused')`, [
    L('10:20'),
  ]);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, { clock });
  await buildDay();
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

const R = (levels: number[], bad: number, badReasons: Record<string, number> = {}) => ({
  levels,
  bad,
  badReasons,
});

describe('the daily report (日通报)', () => {
  it('counts every figure of a constructed day from the event log and the ratings', async () => {
    const token = await f.login('8001');
    const r = await f.call('GET', `/api/supervisor/report/${DAY}`, { token });
    expect(r.status).toBe(200);
    expect(r.body.businessDate).toBe(DAY);
    expect(r.body.totals).toEqual({
      issued: 7,
      served: 3,
      noShow: 1,
      // First calls: A001 600 s, A002 900, A003 1140, A004 300, C001 60.
      avgWaitSeconds: 600,
      longestWaitSeconds: 1140,
      // Done: A001 600 s, C001 720, A003 360 (from its latest call).
      avgServiceSeconds: 560,
      ratings: R([1, 1, 0, 0, 1], 2, { waitTooLong: 2, staffAttitude: 1, notSolved: 1 }),
      kioskRatings: R([0, 0, 0, 1, 0], 0),
    });
    const area = (id: string) => r.body.areas.find((a: { areaId: string }) => a.areaId === id);
    expect(r.body.areas).toHaveLength(9);
    expect(area('tax')).toEqual({
      areaId: 'tax',
      name: { zh: '办税服务', en: 'Tax' },
      issued: 4,
      served: 1,
      noShow: 1,
      avgWaitSeconds: 735,
      longestWaitSeconds: 1140,
      avgServiceSeconds: 600,
    });
    expect(area('social')).toMatchObject({
      issued: 2,
      served: 2,
      noShow: 0,
      avgWaitSeconds: 60,
      longestWaitSeconds: 60,
      avgServiceSeconds: 540,
    });
    expect(area('estate')).toMatchObject({
      issued: 1,
      served: 0,
      noShow: 0,
      avgWaitSeconds: null,
      longestWaitSeconds: null,
      avgServiceSeconds: null,
    });
    expect(area('police')).toMatchObject({ issued: 0, served: 0, avgWaitSeconds: null });
    expect(r.body.windows).toEqual([
      {
        counterId: 'w001',
        name: '1号综合窗口',
        served: 1,
        noShow: 0,
        avgServiceSeconds: 720,
        ratings: R([1, 0, 0, 0, 0], 1, { notSolved: 1, waitTooLong: 1 }),
      },
      {
        counterId: 'w014',
        name: '14号窗口',
        served: 1,
        noShow: 1,
        avgServiceSeconds: 600,
        ratings: R([0, 0, 0, 0, 1], 0),
      },
      {
        counterId: 'w016',
        name: '16号窗口',
        served: 1,
        noShow: 0,
        avgServiceSeconds: 360,
        ratings: R([0, 1, 0, 0, 0], 1, { waitTooLong: 1, staffAttitude: 1 }),
      },
    ]);
    expect(r.body.people).toEqual([
      {
        staffId: staffId['1037'],
        number: '1037',
        name: '李敏',
        served: 1,
        noShow: 1,
        avgServiceSeconds: 600,
        ratings: R([0, 0, 0, 0, 1], 0),
      },
      {
        staffId: staffId['1038'],
        number: '1038',
        name: '王芳',
        served: 1,
        noShow: 0,
        avgServiceSeconds: 720,
        ratings: R([1, 0, 0, 0, 0], 1, { notSolved: 1, waitTooLong: 1 }),
      },
      {
        staffId: null,
        number: null,
        name: null,
        served: 1,
        noShow: 0,
        avgServiceSeconds: 360,
        ratings: R([0, 1, 0, 0, 0], 1, { waitTooLong: 1, staffAttitude: 1 }),
      },
    ]);
  });

  it('the day before is a report of its own', async () => {
    const token = await f.login('8001');
    const r = await f.call('GET', '/api/supervisor/report/2026-11-29', { token });
    expect(r.body.totals).toMatchObject({
      issued: 1,
      served: 1,
      avgWaitSeconds: 60,
      avgServiceSeconds: 1740,
      ratings: R([1, 0, 0, 0, 0], 1, { other: 1 }),
    });
    const empty = await f.call('GET', '/api/supervisor/report/2026-01-01', { token });
    expect(empty.body.totals).toMatchObject({ issued: 0, served: 0, avgWaitSeconds: null });
    expect(empty.body.windows).toEqual([]);
  });

  it('as CSV: UTF-8 with a BOM, one header row, a row per hall, area, window and person', async () => {
    const token = await f.login('8001');
    const r = await f.call('GET', `/api/supervisor/report/${DAY}.csv`, { token });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toContain(`filename="hall-report-${DAY}.csv"`);
    const text = r.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '类别,编号,名称,取号,办结,未到,平均等候(分钟),最长等候(分钟),平均办理(分钟),非常满意,满意,基本满意,不满意,非常不满意,差评,差评原因',
    );
    // 2 hall lines + 9 areas + 3 windows + 3 people.
    expect(lines).toHaveLength(1 + 2 + 9 + 3 + 3);
    expect(lines[1]).toBe(
      `全厅,${DAY},区政务服务中心,7,3,1,10.0,19.0,9.3,1,0,0,1,1,2,等候时间太长×2；问题没有解决×1；服务态度不好×1`,
    );
    expect(lines[2]).toBe(`自助终端评价,${DAY},,,,,,,,0,1,0,0,0,0,`);
    expect(lines).toContain('区域,tax,办税服务,4,1,1,12.3,19.0,10.0,,,,,,,');
    expect(lines).toContain('窗口,w014,14号窗口,,1,1,,,10.0,1,0,0,0,0,0,');
    expect(lines).toContain('人员,1038,王芳,,1,0,,,12.0,0,0,0,0,1,1,问题没有解决×1；等候时间太长×1');
    expect(lines).toContain('人员,,未登记人员,,1,0,,,6.0,0,0,0,1,0,1,服务态度不好×1；等候时间太长×1');
    const en = await f.call('GET', `/api/supervisor/report/${DAY}.csv?lang=en`, { token });
    expect((en.body as string).split('\r\n')[0]).toContain('section,id,name,issued,served,no-show');
    expect(en.body as string).toContain('area,tax,Tax,4,1,1');
  });

  it('CSV fields: commas, quotes and line breaks quoted; formula starts defused', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('refuses a date that is not a calendar day', async () => {
    const token = await f.login('8001');
    for (const bad of ['2026-02-30', '2026-11-31.csv', 'today', '2026-11-30.xlsx', '..%2F..%2Fetc'])
      expect((await f.call('GET', `/api/supervisor/report/${bad}`, { token })).status).toBe(400);
  });
});

describe('the daily report of a day run through the store', () => {
  it('reads the store’s own event log: issue, call, transfer, no-show, done', async () => {
    const store = f.hall.services.store;
    const day = '2026-12-01';
    const at = (hhmm: string) => L(hhmm, day).getTime();
    let key = 0;
    const issue = async (areaId: string, hhmm: string) => {
      const r = await store.issue({
        areaId,
        kioskId: 'kiosk-1',
        idempotencyKey: `store-day-${++key}`,
        now: at(hhmm),
      });
      if (!r.ok) throw new Error(r.reason);
      return r.ticket;
    };
    // Traffic window w021: H001 (taken 08:30) called 09:00, done 09:04 by the next call, which takes
    // H002 (08:40), a no-show at 09:10; H003 (08:50) called 09:12 and transferred to police at 09:13,
    // where window w029 calls it at 09:20 and finishes it at 09:30.
    await issue('traffic', '08:30');
    await issue('traffic', '08:40');
    await issue('traffic', '08:50');
    const traffic = 'w021';
    const police = 'w029';
    expect((await store.callNext({ counterId: traffic, now: at('09:00') }))?.number).toBe('H001');
    expect((await store.callNext({ counterId: traffic, now: at('09:04') }))?.number).toBe('H002');
    await store.finish({ counterId: traffic, now: at('09:10'), outcome: 'noShow' });
    expect((await store.callNext({ counterId: traffic, now: at('09:12') }))?.number).toBe('H003');
    await store.transfer({ counterId: traffic, now: at('09:13'), toAreaId: 'police' });
    expect((await store.callNext({ counterId: police, now: at('09:20') }))?.number).toBe('H003');
    await store.finish({ counterId: police, now: at('09:30'), outcome: 'done' });

    const token = await f.login('8001');
    const r = await f.call('GET', `/api/supervisor/report/${day}`, { token });
    expect(r.body.totals).toMatchObject({
      issued: 3,
      served: 2,
      noShow: 1,
      // First calls: H001 30 min, H002 24 min, H003 22 min.
      avgWaitSeconds: Math.round(((30 + 24 + 22) * 60) / 3),
      longestWaitSeconds: 30 * 60,
      // H001 4 min at w021, H003 10 min at w029.
      avgServiceSeconds: 7 * 60,
    });
    const area = (id: string) => r.body.areas.find((a: { areaId: string }) => a.areaId === id);
    expect(area('traffic')).toMatchObject({ issued: 3, served: 1, noShow: 1, longestWaitSeconds: 1800 });
    expect(area('police')).toMatchObject({ issued: 0, served: 1, noShow: 0, avgServiceSeconds: 600 });
    expect(
      r.body.windows.map(
        (w: { counterId: string; served: number; noShow: number; avgServiceSeconds: number }) => [
          w.counterId,
          w.served,
          w.noShow,
          w.avgServiceSeconds,
        ],
      ),
    ).toEqual([
      [traffic, 1, 1, 240],
      [police, 1, 0, 600],
    ]);
  });
});

describe('the supervisors overview', () => {
  it('shows who waits and how long, the windows at work or paused, and today per person', async () => {
    const token = await f.login('8001');
    const r = await f.call('GET', '/api/supervisor/overview', { token });
    expect(r.status).toBe(200);
    expect(r.body.businessDate).toBe(DAY);
    const area = (id: string) => r.body.areas.find((a: { areaId: string }) => a.areaId === id);
    expect(area('tax')).toEqual({ areaId: 'tax', waiting: 0, priorityWaiting: 0, longestWaitSeconds: null });
    expect(area('social')).toEqual({
      areaId: 'social',
      waiting: 1,
      priorityWaiting: 0,
      longestWaitSeconds: 1800,
    });
    expect(area('estate')).toEqual({
      areaId: 'estate',
      waiting: 1,
      priorityWaiting: 1,
      longestWaitSeconds: 3600,
    });
    expect(r.body.windows).toEqual([
      {
        counterId: 'w001',
        name: '1号综合窗口',
        paused: false,
        pausedSince: null,
        staff: { number: '1038', name: '王芳' },
        current: null,
        served: 1,
        noShow: 0,
        avgServiceSeconds: 720,
      },
      {
        counterId: 'w014',
        name: '14号窗口',
        paused: false,
        pausedSince: null,
        staff: { number: '1037', name: '李敏' },
        current: 'A004',
        served: 1,
        noShow: 1,
        avgServiceSeconds: 600,
      },
      expect.objectContaining({ counterId: 'w016', staff: null, served: 1 }),
      expect.objectContaining({ counterId: 'w020', paused: true, pausedSince: L('10:20').toISOString() }),
    ]);
    expect(r.body.idleWindows).toBe(186);
    expect(r.body.people.map((p: { number: string | null }) => p.number)).toEqual(['1037', '1038', null]);
    expect(r.body.totals.served).toBe(3);
  });

  it('streams the live feed to a supervisor (the page refetches on each event)', async () => {
    const token = await f.login('8001');
    const url = new URL('/api/supervisor/events', f.url);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        url,
        {
          ca: f.ca,
          headers: { authorization: `Bearer ${token}`, host: url.host },
        },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (/event: ticket\ndata: .*"event":"issued"/.test(text)) {
              req.destroy();
              resolve(text);
            }
          });
          void f.hall.services.store.issue({
            areaId: 'hr',
            kioskId: 'kiosk-1',
            idempotencyKey: 'sse-test-key',
            now: clock.now(),
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toMatch(/"areaId":"hr"/);
  });

  it('a counter account gets 403 on every supervisor route; nobody signed in gets 401', async () => {
    const counter = await f.login('1037');
    for (const path of [
      '/api/supervisor/overview',
      `/api/supervisor/report/${DAY}`,
      `/api/supervisor/report/${DAY}.csv`,
      '/api/supervisor/events',
    ])
      expect((await f.call('GET', path, { token: counter })).status).toBe(403);
    expect(
      (await f.call('POST', '/api/supervisor/help/1/acknowledge', { token: counter, body: {} })).status,
    ).toBe(403);
    expect((await f.call('GET', '/api/supervisor/overview')).status).toBe(401);
    const kiosk = await f.enrol({ id: 'kiosk-role', kind: 'kiosk' });
    expect((await f.call('GET', '/api/supervisor/overview', { token: kiosk })).status).toBe(403);
    // An admin includes the supervisor.
    expect((await f.call('GET', '/api/supervisor/overview', { token: await f.login('9001') })).status).toBe(
      200,
    );
  });
});

describe('帮办 (assisted service)', () => {
  it('a kiosk calls, a second press gives the same call, a supervisor acknowledges, the kiosk sees it', async () => {
    const kiosk = await f.enrol({ id: 'kiosk-7', kind: 'kiosk', location: '24小时自助区' });
    const other = await f.enrol({ id: 'kiosk-8', kind: 'kiosk', location: '1F entrance' });
    const first = await f.call('POST', '/api/kiosk/help', { token: kiosk, body: {} });
    expect(first.status).toBe(200);
    const again = await Promise.all([
      f.call('POST', '/api/kiosk/help', { token: kiosk, body: {} }),
      f.call('POST', '/api/kiosk/help', { token: kiosk, body: {} }),
    ]);
    expect(again.map((a) => [a.status, a.body.id])).toEqual([
      [200, first.body.id],
      [200, first.body.id],
    ]);
    const id = first.body.id as number;
    expect((await f.call('GET', `/api/kiosk/help/${id}`, { token: kiosk })).body).toEqual({
      state: 'waiting',
    });
    // Another kiosk's call is not there for it.
    expect((await f.call('GET', `/api/kiosk/help/${id}`, { token: other })).status).toBe(404);
    expect((await f.call('GET', '/api/kiosk/help/abc', { token: kiosk })).status).toBe(404);

    const supervisor = await f.login('8001');
    const overview = await f.call('GET', '/api/supervisor/overview', { token: supervisor });
    expect(overview.body.help).toEqual([
      { id, deviceId: 'kiosk-7', location: '24小时自助区', requestedAt: new Date(clock.now()).toISOString() },
    ]);
    await clock.advance(45_000);
    const ack = await f.call('POST', `/api/supervisor/help/${id}/acknowledge`, {
      token: supervisor,
      body: {},
    });
    expect(ack.status).toBe(200);
    const at = new Date(clock.now()).toISOString();
    expect(ack.body).toEqual({ id, acknowledgedAt: at, acknowledgedBy: '8001', already: false });
    const twice = await f.call('POST', `/api/supervisor/help/${id}/acknowledge`, {
      token: await f.login('9001'),
      body: {},
    });
    expect(twice.body).toEqual({ id, acknowledgedAt: at, acknowledgedBy: '8001', already: true });
    expect((await f.call('GET', `/api/kiosk/help/${id}`, { token: kiosk })).body).toEqual({
      state: 'acknowledged',
      acknowledgedAt: at,
    });
    expect((await f.call('GET', '/api/supervisor/overview', { token: supervisor })).body.help).toEqual([]);
    expect(
      (await f.call('POST', '/api/supervisor/help/99999/acknowledge', { token: supervisor, body: {} }))
        .status,
    ).toBe(404);

    // Once acknowledged, the next press is a new call.
    const next = await f.call('POST', '/api/kiosk/help', { token: kiosk, body: {} });
    expect(next.status).toBe(200);
    expect(next.body.id).not.toBe(id);

    const { rows } = await f.db.pool.query<{ actor: string; action: string; detail: string }>(
      `SELECT actor, action, detail FROM audit WHERE action LIKE 'help%' ORDER BY id`,
    );
    expect(rows).toEqual([
      { actor: 'device:kiosk-7', action: 'helpRequested', detail: `call ${id}` },
      { actor: 'staff#8001', action: 'helpAcknowledged', detail: `call ${id}` },
      { actor: 'device:kiosk-7', action: 'helpRequested', detail: `call ${next.body.id}` },
    ]);
  });

  it('only kiosks ask for help, with an empty JSON body', async () => {
    const display = await f.enrol({ id: 'display-1', kind: 'display' });
    expect((await f.call('POST', '/api/kiosk/help', { token: display, body: {} })).status).toBe(403);
    expect((await f.call('POST', '/api/kiosk/help', { token: await f.login('8001'), body: {} })).status).toBe(
      403,
    );
    const kiosk = await f.enrol({ id: 'kiosk-9', kind: 'kiosk' });
    expect(
      (await f.call('POST', '/api/kiosk/help', { token: kiosk, body: { location: 'elsewhere' } })).status,
    ).toBe(400);
    expect(
      (
        await f.call('POST', '/api/kiosk/help', {
          token: kiosk,
          raw: 'nope',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });
});
