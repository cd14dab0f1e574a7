// The hall store against a real PostgreSQL (a throw-away cluster started by tests/support/postgres.ts).
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextToCall } from '../../device-daemon/src/queue/call-order.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { LATEST_MIGRATION, MIGRATIONS, migrate } from '../src/migrations.ts';
import { HallStoreError, PgHallStore, type HallIssueRequest } from '../src/store.ts';
import { AREAS, emptyDatabase, freshDatabase, hallStore, startTestCluster, type TestDb } from './support.ts';

let cluster: PgCluster;
let db: TestDb;
let store: PgHallStore;

// 10:00 in Shanghai (UTC+8) on 2026-11-30.
const T0 = Date.parse('2026-11-30T02:00:00Z');
const min = (n: number) => T0 + n * 60_000;

let keys = 0;
const req = (over: Partial<HallIssueRequest> = {}): HallIssueRequest => ({
  areaId: 'tax',
  kioskId: 'kiosk-1',
  idempotencyKey: `key-${String(++keys).padStart(6, '0')}`,
  now: min(keys),
  ...over,
});

async function issued(over: Partial<HallIssueRequest> = {}) {
  const r = await store.issue(req(over));
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.ticket;
}

async function events(ticketId: number): Promise<string[]> {
  const { rows } = await db.pool.query<{ event: string }>(
    'SELECT event FROM ticket_events WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
  return rows.map((r) => r.event);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  db = await freshDatabase(cluster);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});
beforeEach(async () => {
  await emptyDatabase(db.pool);
  store = hallStore(db.pool);
  await store.configure({
    areas: AREAS,
    counters: [
      { id: 'w001', name: '1号综合窗口', areaIds: ['tax', 'social', 'estate'] },
      { id: 'w014', name: '14号窗口', areaIds: ['tax'] },
      { id: 'w015', name: '15号窗口', areaIds: ['tax'] },
      { id: 'w016', name: '16号窗口', areaIds: ['social'] },
    ],
  });
});

describe('migrations', () => {
  it('apply once, record their versions and refuse a database newer than the code', async () => {
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    await db.pool.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    await expect(migrate(db.pool)).rejects.toThrow(/999/);
  });

  it('a failing migration leaves nothing behind', async () => {
    const broken = [
      ...MIGRATIONS,
      { version: LATEST_MIGRATION + 1, name: 'broken', sql: 'CREATE TABLE x (a int); SELECT 1/0;' },
    ];
    await expect(migrate(db.pool, broken)).rejects.toThrow(/division by zero/);
    const { rows } = await db.pool.query(
      `SELECT to_regclass('x') AS t, max(version) AS v FROM schema_migrations`,
    );
    expect(rows[0]).toEqual({ t: null, v: LATEST_MIGRATION });
  });

  it('refuses a list with two migrations of one version (a merge mistake) before touching the database', async () => {
    const twice = [...MIGRATIONS, { version: 1, name: 'again', sql: 'CREATE TABLE y (a int)' }];
    await expect(migrate(db.pool, twice)).rejects.toThrow(/version 1 .*twice/);
    const { rows } = await db.pool.query(`SELECT to_regclass('y') AS t`);
    expect(rows[0].t).toBeNull();
  });
});

describe('issuing', () => {
  it('numbers each area per business day from 001, with an issued event carrying the kiosk', async () => {
    const a1 = await issued();
    const a2 = await issued({ kioskId: 'kiosk-2' });
    const c1 = await issued({ areaId: 'social' });
    expect([a1.number, a2.number, c1.number]).toEqual(['A001', 'A002', 'C001']);
    expect(a1.businessDate).toBe('2026-11-30');
    expect(a2.peopleAhead).toBe(1);
    expect(await events(a2.id)).toEqual(['issued']);
    const { rows } = await db.pool.query('SELECT kiosk_id FROM ticket_events WHERE ticket_id = $1', [a2.id]);
    expect(rows[0].kiosk_id).toBe('kiosk-2');
    expect(await store.ticketsToday('tax', min(10))).toBe(2);
    expect(await store.waitingCount('tax', min(10))).toBe(2);
  });

  it('a retry with the same key returns the same ticket and never a second number', async () => {
    const first = req();
    const a = await store.issue(first);
    const again = await store.issue({ ...first, now: first.now + 5_000 });
    expect(a.ok && again.ok).toBe(true);
    if (!a.ok || !again.ok) return;
    expect(again.ticket.id).toBe(a.ticket.id);
    expect(again.ticket.number).toBe('A001');
    expect(again.replayed).toBe(true);
    expect(a.replayed).toBe(false);
    expect((await issued()).number).toBe('A002');
    expect(await events(a.ticket.id)).toEqual(['issued']);
  });

  it('the same key sent twice at once (a retry racing the original) gives one ticket', async () => {
    const r = req();
    const results = await Promise.all([store.issue(r), store.issue(r), store.issue(r)]);
    const ids = new Set(results.map((x) => (x.ok ? x.ticket.id : -1)));
    expect(ids.size).toBe(1);
    expect(results.filter((x) => x.ok && !x.replayed)).toHaveLength(1);
    expect(await store.ticketsToday('tax', r.now)).toBe(1);
  });

  it('a key reused for a different request is refused; keys are per kiosk', async () => {
    const r = req();
    await store.issue(r);
    await expect(store.issue({ ...r, areaId: 'social' })).rejects.toMatchObject({
      code: 'idempotencyConflict',
    });
    const other = await store.issue({ ...r, kioskId: 'kiosk-2' });
    expect(other.ok && other.ticket.number).toBe('A002');
  });

  it('rejects bad input with typed errors and takes no number', async () => {
    await expect(store.issue(req({ idempotencyKey: 'short' }))).rejects.toBeInstanceOf(HallStoreError);
    await expect(store.issue(req({ kioskId: 'bad kiosk' }))).rejects.toMatchObject({ code: 'badRequest' });
    await expect(store.issue(req({ areaId: 'nowhere' }))).rejects.toMatchObject({ code: 'unknownArea' });
    await expect(store.issue(req({ now: Number.NaN }))).rejects.toMatchObject({ code: 'badRequest' });
    await expect(store.issue(req({ dailyCap: -1 }))).rejects.toMatchObject({ code: 'badRequest' });
    expect((await issued()).number).toBe('A001');
  });

  it('the daily cap holds hall-wide under concurrent issuers, and a refusal leaves no gap', async () => {
    const wide = new pg.Pool({ ...db.connection, max: 8 });
    try {
      const s = hallStore(wide);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => s.issue(req({ kioskId: `kiosk-${i % 8}`, dailyCap: 20 }))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(20);
      expect(results.filter((r) => !r.ok && r.reason === 'capReached')).toHaveLength(20);
      const numbers = results.flatMap((r) => (r.ok ? [r.ticket.number] : [])).sort();
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
      const { rows } = await wide.query(`SELECT last_seq FROM area_day_numbers WHERE area_id = 'tax'`);
      expect(rows[0].last_seq).toBe(20);
      // A refused request stored no key: nothing half-done is left behind.
      const keysLeft = await wide.query('SELECT count(*)::int AS n FROM idempotency_keys');
      expect(keysLeft.rows[0].n).toBe(20);
    } finally {
      await wide.end();
    }
  });

  it('the identity limit holds hall-wide (other kiosks, concurrently), without a gap', async () => {
    const wide = new pg.Pool({ ...db.connection, max: 6 });
    try {
      const s = hallStore(wide);
      const identity = { digest: 'd1', maxPerArea: 2 };
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => s.issue(req({ kioskId: `kiosk-${i}`, identity }))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(2);
      expect(results.filter((r) => !r.ok && r.reason === 'identityLimit')).toHaveLength(4);
      expect((await issued({ identity: { digest: 'd2', maxPerArea: 2 } })).number).toBe('A003');
      expect(await store.forgetDigestsBefore('2026-12-01')).toBe(3);
    } finally {
      await wide.end();
    }
  });

  it('a booking checks in once; checking in again (another kiosk, another key) reprints the same ticket', async () => {
    const t = await issued({ appointmentId: 'bk-1', priorityReason: 'appointment' });
    const again = await store.issue(
      req({ appointmentId: 'bk-1', priorityReason: 'appointment', kioskId: 'kiosk-9' }),
    );
    expect(again).toMatchObject({
      ok: true,
      reprint: true,
      replayed: false,
      ticket: { id: t.id, number: 'A001' },
    });
    expect(await events(t.id)).toEqual(['issued', 'reprinted']);
    expect(await store.ticketOrigin(t.id)).toEqual({ areaId: 'tax', appointment: true });
    expect(await store.ticketOrigin(999_999)).toBeNull();
    expect(await store.ticketOrigin(-1)).toBeNull();
  });

  it('numbering restarts at midnight in Asia/Shanghai, not at midnight UTC', async () => {
    const beforeMidnight = Date.parse('2026-11-30T15:59:59Z'); // 23:59:59 in Shanghai
    const afterMidnight = Date.parse('2026-11-30T16:00:00Z'); // 00:00 on 12-01 in Shanghai
    const a = await issued({ now: beforeMidnight - 60_000 });
    const b = await issued({ now: beforeMidnight });
    const c = await issued({ now: afterMidnight });
    expect([a, b, c].map((t) => [t.number, t.businessDate])).toEqual([
      ['A001', '2026-11-30'],
      ['A002', '2026-11-30'],
      ['A001', '2026-12-01'],
    ]);
    expect(await store.waitingCount('tax', beforeMidnight)).toBe(2);
    // Yesterday's waiting tickets are still in the queue today, ahead of today's (docs/queue.md#midnight) …
    expect(await store.waitingCount('tax', afterMidnight)).toBe(3);
    expect(c.peopleAhead).toBe(2);
    const calls = [];
    for (let i = 1; i <= 4; i++)
      calls.push(await store.callNext({ counterId: 'w014', now: afterMidnight + i * 1000 }));
    expect(calls.map((t) => t && [t.number, t.businessDate])).toEqual([
      ['A001', '2026-11-30'],
      ['A002', '2026-11-30'],
      ['A001', '2026-12-01'],
      null,
    ]);
  });

  it('a ticket not called by the end of the day after its own waits in no queue', async () => {
    const day1 = Date.parse('2026-11-29T12:00:00+08:00');
    const first = await issued({ now: day1 });
    const second = await issued({ now: day1 + 1000 });
    expect([first.businessDate, second.businessDate]).toEqual(['2026-11-29', '2026-11-29']);
    // The next day both are still in the queue, and the first is called …
    expect(await store.waitingCount('tax', day1 + 86_400_000)).toBe(2);
    expect((await store.callNext({ counterId: 'w014', now: day1 + 86_400_000 }))?.id).toBe(first.id);
    // … the day after that, the other is in no queue: it stays a waiting ticket of its own day.
    const later = day1 + 2 * 86_400_000;
    expect(await store.waitingCount('tax', later)).toBe(0);
    expect(await store.waiting(['tax'], later)).toEqual([]);
    expect(await store.callNext({ counterId: 'w014', now: later })).toBeNull();
    const { rows } = await db.pool.query('SELECT state FROM tickets WHERE id = $1', [second.id]);
    expect(rows).toEqual([{ state: 'waiting' }]);
  });
});

describe('calling', () => {
  it('follows the call order function: priority first, one regular after every two priority', async () => {
    const tickets = [];
    const reasons = [null, 'age', null, 'disability', 'age', null, 'age'] as const;
    for (const reason of reasons) tickets.push(await issued(reason ? { priorityReason: reason } : {}));
    // What the pure rule says, replayed step by step.
    let waiting = tickets.map((t) => ({ id: t.id, priority: t.priority, queuedAt: Date.parse(t.issuedAt) }));
    let streak = 0;
    const expected: number[] = [];
    while (waiting.length > 0) {
      const next = nextToCall(waiting, streak, { priorityPerRegular: 2 })!;
      expected.push(next.id);
      streak = next.priority ? streak + 1 : 0;
      waiting = waiting.filter((w) => w.id !== next.id);
    }
    const calledIds: number[] = [];
    for (let i = 0; i < tickets.length; i++) {
      const t = await store.callNext({ counterId: i % 2 ? 'w014' : 'w015', now: min(100 + i) });
      calledIds.push(t!.id);
      expect(t).toMatchObject({ state: 'called', counterId: i % 2 ? 'w014' : 'w015' });
    }
    expect(calledIds).toEqual(expected);
    expect(await store.callNext({ counterId: 'w014', now: min(200) })).toBeNull();
    // Calling next finished the previous ticket of that window as done.
    expect(await events(expected[0]!)).toEqual(['issued', 'called', 'done']);
  });

  it('a comprehensive window serves every area it is configured for, oldest first; others only theirs', async () => {
    const social = await issued({ areaId: 'social' });
    const tax = await issued({ areaId: 'tax' });
    const police = await issued({ areaId: 'police' });
    expect((await store.callNext({ counterId: 'w001', now: min(50) }))?.id).toBe(social.id);
    expect((await store.callNext({ counterId: 'w001', now: min(51) }))?.id).toBe(tax.id);
    // Police is no area of window 1.
    expect(await store.callNext({ counterId: 'w001', now: min(52) })).toBeNull();
    await expect(
      store.callNext({ counterId: 'w014', areaIds: ['police'], now: min(53) }),
    ).rejects.toMatchObject({
      code: 'areaNotServed',
    });
    await expect(store.callNext({ counterId: 'w999', now: min(53) })).rejects.toMatchObject({
      code: 'unknownCounter',
    });
    expect(await store.waiting(['police'], min(54))).toEqual([
      { areaId: 'police', number: police.number, priority: false, appointment: false },
    ]);
  });

  it('a paused window gets nobody, keeps its current ticket, and serves again after resuming', async () => {
    const first = await issued();
    const second = await issued();
    expect((await store.callNext({ counterId: 'w014', now: min(20) }))?.id).toBe(first.id);
    expect(await store.setPaused('w014', true, min(21))).toBe(true);
    expect(await store.setPaused('w014', true, min(21))).toBe(false);
    expect(await store.callNext({ counterId: 'w014', now: min(22) })).toBeNull();
    expect((await store.currentAt('w014'))?.id).toBe(first.id);
    expect(await store.waitingCount('tax', min(22))).toBe(1);
    // Another window of the area is not affected.
    expect((await store.callNext({ counterId: 'w015', now: min(23) }))?.id).toBe(second.id);
    await issued();
    expect(await store.setPaused('w014', false, min(24))).toBe(true);
    expect((await store.callNext({ counterId: 'w014', now: min(25) }))?.number).toBe('A003');
    const { rows } = await db.pool.query(
      `SELECT event FROM counter_events WHERE counter_id = 'w014' ORDER BY id`,
    );
    expect(rows.map((r) => r.event)).toEqual(['paused', 'resumed']);
  });

  it('a transfer across areas keeps the number and joins the other queue at the place of its arrival', async () => {
    const early = await issued({ areaId: 'tax', now: min(1) });
    const socialLater = await issued({ areaId: 'social', now: min(2) });
    await store.callNext({ counterId: 'w014', now: min(10) });
    const moved = await store.transfer({ counterId: 'w014', toAreaId: 'social', now: min(11) });
    expect(moved).toMatchObject({
      id: early.id,
      number: 'A001',
      areaId: 'social',
      state: 'waiting',
      counterId: null,
    });
    expect(await store.currentAt('w014')).toBeNull();
    // It arrived before C001, so the social window calls it first.
    expect((await store.callNext({ counterId: 'w016', now: min(12) }))?.id).toBe(early.id);
    expect((await store.callNext({ counterId: 'w016', now: min(13) }))?.id).toBe(socialLater.id);
    expect(await events(early.id)).toEqual(['issued', 'called', 'transferred', 'called', 'done']);
    const { rows } = await db.pool.query(`SELECT detail FROM ticket_events WHERE event = 'transferred'`);
    expect(rows[0].detail).toBe('tax→social');
    await expect(
      store.transfer({ counterId: 'w016', toAreaId: 'nowhere', now: min(14) }),
    ).rejects.toMatchObject({
      code: 'unknownArea',
    });
    expect(await store.ticketOrigin(early.id)).toEqual({ areaId: 'tax', appointment: false });
  });

  it('recall, no-show and done are events of the ticket; the display sees calls and recalls', async () => {
    const a = await issued();
    const b = await issued();
    await store.callNext({ counterId: 'w014', now: min(30) });
    expect((await store.recall({ counterId: 'w014', now: min(31) }))?.id).toBe(a.id);
    expect(await store.finish({ counterId: 'w014', outcome: 'noShow', now: min(32) })).toMatchObject({
      id: a.id,
      state: 'noShow',
    });
    expect(await store.finish({ counterId: 'w014', outcome: 'done', now: min(33) })).toBeNull();
    expect(await store.recall({ counterId: 'w014', now: min(33) })).toBeNull();
    await store.callNext({ counterId: 'w015', now: min(34) });
    expect(await events(a.id)).toEqual(['issued', 'called', 'recalled', 'noShow']);
    const calls = await store.recentCalls(min(35), 10);
    expect(calls.map((c) => [c.number, c.counterId])).toEqual([
      [b.number, 'w015'],
      [a.number, 'w014'],
      [a.number, 'w014'],
    ]);
  });

  it('the wait estimate uses the area’s service times and active windows (the pure rule)', async () => {
    for (let i = 0; i < 5; i++) await issued({ now: min(i) });
    // Three services of 4 minutes each at one window.
    await store.callNext({ counterId: 'w014', now: min(10) });
    await store.callNext({ counterId: 'w014', now: min(14) });
    await store.callNext({ counterId: 'w014', now: min(18) });
    await store.callNext({ counterId: 'w014', now: min(22) });
    expect(await store.estimateFor('tax', 3, min(23))).toBe(12);
    const t = await issued({ now: min(23) });
    expect(t.peopleAhead).toBe(1);
    expect(t.estimatedWaitMinutes).toBe(4);
    // The area screen's summary, in one query for every area, in the order asked: the same figures.
    await issued({ areaId: 'estate', now: min(24) });
    expect(await store.areaSummaries(['estate', 'tax', 'social'], min(25))).toEqual([
      { areaId: 'estate', waiting: 1, ticketsToday: 1, estimatedWaitMinutes: null },
      {
        areaId: 'tax',
        waiting: 2,
        ticketsToday: 6,
        estimatedWaitMinutes: await store.estimateFor('tax', 2, min(25)),
      },
      { areaId: 'social', waiting: 0, ticketsToday: 0, estimatedWaitMinutes: null },
    ]);
    expect(await store.estimateFor('tax', 2, min(25))).toBe(8);
  });

  it('the event log reads back from any id, in order (what a listener reads after reconnecting)', async () => {
    const t = await issued();
    await store.callNext({ counterId: 'w014', now: min(40) });
    await store.finish({ counterId: 'w014', outcome: 'done', now: min(41) });
    const all = await store.eventsSince(0);
    expect(all.map((e) => [e.event, e.ticketId, e.areaId, e.counterId])).toEqual([
      ['issued', t.id, 'tax', null],
      ['called', t.id, 'tax', 'w014'],
      ['done', t.id, 'tax', 'w014'],
    ]);
    expect((await store.eventsSince(all[0]!.id)).map((e) => e.event)).toEqual(['called', 'done']);
    expect(await store.eventsSince(all[2]!.id)).toEqual([]);
    await expect(store.eventsSince(-1)).rejects.toMatchObject({ code: 'badRequest' });
  });

  it('sends a NOTIFY hint with the event and ids (nothing personal) after commit', async () => {
    const listener = new pg.Client(db.connection);
    await listener.connect();
    try {
      const hints: string[] = [];
      listener.on('notification', (n) => hints.push(n.payload ?? ''));
      await listener.query('LISTEN hall_queue');
      const t = await issued();
      await store.callNext({ counterId: 'w014', now: min(40) });
      await expect.poll(() => hints.length).toBe(2);
      expect(hints).toEqual([`issued:${t.id}:tax`, `called:${t.id}:tax`]);
      // Without hints the store is silent (the event log is still written).
      const quiet = new PgHallStore(db.pool, { timeZone: 'Asia/Shanghai', hints: false });
      const q = await quiet.issue(req());
      expect(q.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(hints).toHaveLength(2);
      expect((await store.eventsSince(0)).at(-1)?.event).toBe('issued');
    } finally {
      await listener.end();
    }
  });
});

describe('the people at the windows', () => {
  async function person(number: string): Promise<number> {
    const { rows } = await db.pool.query<{ id: number }>(
      `INSERT INTO staff (number, name, role, pin_hash, created_at) VALUES ($1, $2, 'counter', 'x', now()) RETURNING id`,
      [number, `staff ${number}`],
    );
    return rows[0]!.id;
  }
  async function staffOfEvents(ticketId: number): Promise<[string, number | null][]> {
    const { rows } = await db.pool.query<{ event: string; staff_id: number | null }>(
      'SELECT event, staff_id FROM ticket_events WHERE ticket_id = $1 ORDER BY id',
      [ticketId],
    );
    return rows.map((r) => [r.event, r.staff_id]);
  }

  it('every event at a window records the person signed in there; one window per person', async () => {
    const li = await person('1037');
    const wang = await person('1038');
    expect(await store.openCounter({ counterId: 'w014', staffId: li, now: min(1) })).toEqual({
      movedFrom: null,
      replaced: null,
    });
    const a = await issued();
    const b = await issued();
    await store.callNext({ counterId: 'w014', now: min(10) });
    await store.recall({ counterId: 'w014', now: min(11) });
    await store.finish({ counterId: 'w014', outcome: 'noShow', now: min(12) });
    // Signing in at another window moves the person; nobody works at the first one any more.
    expect(await store.openCounter({ counterId: 'w015', staffId: li, now: min(13) })).toEqual({
      movedFrom: 'w014',
      replaced: null,
    });
    expect(await store.counterOf(li)).toBe('w015');
    expect((await store.counterState('w014', min(13))).staff).toBeNull();
    await store.callNext({ counterId: 'w015', now: min(14) });
    // Someone else signing in at a window takes it over; later events are theirs.
    expect(await store.openCounter({ counterId: 'w015', staffId: wang, now: min(15) })).toEqual({
      movedFrom: null,
      replaced: { id: li, number: '1037' },
    });
    await store.finish({ counterId: 'w015', outcome: 'done', now: min(16) });
    expect(await staffOfEvents(a.id)).toEqual([
      ['issued', null],
      ['called', li],
      ['recalled', li],
      ['noShow', li],
    ]);
    expect(await staffOfEvents(b.id)).toEqual([
      ['issued', null],
      ['called', li],
      ['done', wang],
    ]);
    // An action naming a person not signed in there is refused and changes nothing.
    const c = await issued();
    await expect(store.callNext({ counterId: 'w015', now: min(17), staffId: li })).rejects.toMatchObject({
      code: 'notAtCounter',
    });
    expect(await events(c.id)).toEqual(['issued']);
    expect(await store.closeCounter({ counterId: 'w015', now: min(18), staffId: li })).toBe(false);
    expect(await store.closeCounter({ counterId: 'w015', now: min(18), staffId: wang })).toBe(true);
    expect(await store.counterOf(wang)).toBeNull();
    await expect(store.openCounter({ counterId: 'w015', staffId: 999, now: min(19) })).rejects.toMatchObject({
      code: 'unknownStaff',
    });
    await expect(store.openCounter({ counterId: 'w999', staffId: li, now: min(19) })).rejects.toMatchObject({
      code: 'unknownCounter',
    });
  });

  it('a ticket sent to one window is called only there, ahead of nobody who arrived before it', async () => {
    const a1 = await issued({ now: min(1) });
    const a2 = await issued({ now: min(2) });
    const a3 = await issued({ now: min(3) });
    await store.callNext({ counterId: 'w014', now: min(10) });
    const sent = await store.transfer({ counterId: 'w014', toCounterId: 'w015', now: min(11) });
    expect(sent).toMatchObject({ id: a1.id, number: 'A001', areaId: 'tax', state: 'waiting' });
    // Other windows of the area (and the comprehensive one) skip it.
    expect((await store.callNext({ counterId: 'w014', now: min(12) }))?.id).toBe(a2.id);
    const state = await store.counterState('w015', min(12));
    expect(state.sentHere).toEqual([
      expect.objectContaining({ ticketId: a1.id, number: 'A001', areaId: 'tax', fromCounterId: 'w014' }),
    ]);
    expect(state.waiting.find((w) => w.areaId === 'tax')).toEqual({ areaId: 'tax', priority: 0, regular: 1 });
    expect((await store.callNext({ counterId: 'w001', now: min(13) }))?.id).toBe(a3.id);
    expect(await store.callNext({ counterId: 'w014', now: min(14) })).toBeNull();
    // The window it was sent to calls it (it arrived first), with where it came from.
    expect((await store.callNext({ counterId: 'w015', now: min(15) }))?.id).toBe(a1.id);
    const at15 = await store.counterState('w015', min(15));
    expect(at15.current).toMatchObject({
      number: 'A001',
      transferredFrom: { counterId: 'w014', areaId: 'tax' },
    });
    expect(at15.sentHere).toEqual([]);
    const { rows } = await db.pool.query(
      `SELECT to_counter_id, detail FROM ticket_events WHERE event = 'transferred'`,
    );
    expect(rows).toEqual([{ to_counter_id: 'w015', detail: 'tax→tax' }]);
    const feed = await store.eventsSince(0);
    expect(feed.find((e) => e.event === 'transferred')).toMatchObject({
      counterId: 'w014',
      toCounterId: 'w015',
    });
    await expect(
      store.transfer({ counterId: 'w015', toCounterId: 'w015', now: min(16) }),
    ).rejects.toMatchObject({ code: 'badRequest' });
    await expect(
      store.transfer({ counterId: 'w015', toCounterId: 'w404', now: min(16) }),
    ).rejects.toMatchObject({ code: 'unknownCounter' });
  });

  it('two windows sending each other their ticket at the same instant both succeed (no deadlock)', async () => {
    for (let round = 0; round < 3; round++) {
      await issued({ now: min(round * 10 + 1) });
      await issued({ now: min(round * 10 + 2) });
      await store.callNext({ counterId: 'w014', now: min(round * 10 + 3) });
      await store.callNext({ counterId: 'w015', now: min(round * 10 + 3) });
      const [toB, toA] = await Promise.all([
        store.transfer({ counterId: 'w014', toCounterId: 'w015', now: min(round * 10 + 4) }),
        store.transfer({ counterId: 'w015', toCounterId: 'w014', now: min(round * 10 + 4) }),
      ]);
      expect([toB?.state, toA?.state]).toEqual(['waiting', 'waiting']);
      // Each window then calls the ticket the other sent it.
      expect((await store.callNext({ counterId: 'w015', now: min(round * 10 + 5) }))?.id).toBe(toB!.id);
      expect((await store.callNext({ counterId: 'w014', now: min(round * 10 + 5) }))?.id).toBe(toA!.id);
      await store.finish({ counterId: 'w014', outcome: 'done', now: min(round * 10 + 6) });
      await store.finish({ counterId: 'w015', outcome: 'done', now: min(round * 10 + 6) });
    }
  });

  it('a sent ticket waits behind the window’s own queue when it arrived later', async () => {
    const early = await issued({ areaId: 'social', now: min(1) });
    const late = await issued({ areaId: 'tax', now: min(5) });
    await store.callNext({ counterId: 'w014', now: min(10) });
    await store.transfer({ counterId: 'w014', toCounterId: 'w016', now: min(11) });
    // w016 serves social: C001 arrived before the sent A001, so it comes first.
    expect((await store.callNext({ counterId: 'w016', now: min(12) }))?.id).toBe(early.id);
    expect((await store.callNext({ counterId: 'w016', now: min(13) }))?.id).toBe(late.id);
  });

  it('an action and its audit row are one transaction: both or neither', async () => {
    const a = await issued();
    const note = (action: string) => ({
      actor: 'staff#1037',
      source: '10.0.0.37',
      action,
      detail: (n: string | null) => `${n ?? 'nobody'} at w014`,
    });
    expect((await store.callNext({ counterId: 'w014', now: min(10), audit: note('called') }))?.id).toBe(a.id);
    await store.recall({ counterId: 'w014', now: min(11), audit: note('recalled') });
    await store.setPaused('w014', true, min(12), { audit: { ...note('paused'), detail: () => 'w014' } });
    // An audit row that cannot be written takes the action back with it.
    const failing = { ...note('done'), detail: () => 'x'.repeat(10) + '\u0000' };
    await expect(
      store.finish({ counterId: 'w014', outcome: 'done', now: min(13), audit: failing }),
    ).rejects.toThrow();
    expect((await store.currentAt('w014'))?.id).toBe(a.id);
    await store.finish({ counterId: 'w014', outcome: 'done', now: min(14), audit: note('done') });
    const { rows } = await db.pool.query('SELECT actor, source, action, detail FROM audit ORDER BY id');
    expect(rows).toEqual([
      { actor: 'staff#1037', source: '10.0.0.37', action: 'called', detail: 'A001 at w014' },
      { actor: 'staff#1037', source: '10.0.0.37', action: 'recalled', detail: 'A001 at w014' },
      { actor: 'staff#1037', source: '10.0.0.37', action: 'paused', detail: 'w014' },
      { actor: 'staff#1037', source: '10.0.0.37', action: 'done', detail: 'A001 at w014' },
    ]);
    expect(await events(a.id)).toEqual(['issued', 'called', 'recalled', 'done']);
  });

  it('the read model: current ticket with its priority reason, paused, waiting per area and class', async () => {
    const li = await person('1037');
    await store.openCounter({ counterId: 'w001', staffId: li, now: min(1) });
    await issued({ areaId: 'tax', now: min(1) });
    await issued({ areaId: 'tax', priorityReason: 'age', now: min(2) });
    await issued({ areaId: 'social', now: min(3) });
    await store.callNext({ counterId: 'w001', now: min(5) });
    await store.setPaused('w001', true, min(6));
    const s = await store.counterState('w001', min(6));
    expect(s.counter).toEqual({
      id: 'w001',
      name: '1号综合窗口',
      areaIds: ['estate', 'social', 'tax'],
      paused: true,
    });
    expect(s.staff).toMatchObject({ id: li, number: '1037', name: 'staff 1037' });
    expect(s.current).toMatchObject({
      number: 'A002',
      areaId: 'tax',
      priority: true,
      priorityReason: 'age',
      transferredFrom: null,
    });
    expect(s.waiting).toEqual([
      { areaId: 'estate', priority: 0, regular: 0 },
      { areaId: 'social', priority: 0, regular: 1 },
      { areaId: 'tax', priority: 0, regular: 1 },
    ]);
    await expect(store.counterState('w404', min(6))).rejects.toMatchObject({ code: 'unknownCounter' });
    await expect(store.counterState('bad id', min(6))).rejects.toMatchObject({ code: 'badRequest' });
  });

  it('the priority rule holds when every window of an area calls at the same instant', async () => {
    // Rule 2: with 6 priority and 3 regular tickets waiting and 9 windows calling at once, the calls
    // in log order never have more than two priority tickets in a row while a regular one waits.
    const counters = Array.from({ length: 9 }, (_, i) => ({
      id: `t${i}`,
      name: `t${i}`,
      areaIds: ['tax'],
    }));
    await store.configure({ areas: AREAS, counters });
    for (let i = 0; i < 9; i++)
      await issued({ now: min(i), ...(i % 3 === 2 ? {} : { priorityReason: 'age' }) });
    for (let round = 0; round < 3; round++) {
      await Promise.all(counters.map((c) => store.callNext({ counterId: c.id, now: min(20 + round) })));
    }
    const { rows } = await db.pool.query<{ priority: boolean }>(
      `SELECT priority FROM ticket_events WHERE event = 'called' ORDER BY id`,
    );
    expect(rows.map((r) => (r.priority ? 'P' : 'R')).join('')).toBe('PPRPPRPPR');
  });
});
