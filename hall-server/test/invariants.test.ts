// The queue's invariants recomputed from the event log (src/reports/invariants.ts), on a real
// PostgreSQL: a day of online and offline tickets, calls, a transfer, a recall, a no-show and a rating
// passes every check; then each kind of damage, made in a transaction that is rolled back, is found
// by the check named for it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_BIN } from '../../tests/support/harness.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { checkHallInvariants, formatInvariantReport, INVARIANTS } from '../src/reports/invariants.ts';
import { PgRatings } from '../src/ratings/hall-ratings.ts';
import type { PgHallStore } from '../src/store.ts';
import { seedHallConfig } from './hall-fixture.ts';
import { AREAS, freshDatabase, hallStore, SHANGHAI, startTestCluster, type TestDb } from './support.ts';

let cluster: PgCluster;
let db: TestDb;
let store: PgHallStore;

// 10:00 in Shanghai on 2026-11-30.
const T0 = Date.parse('2026-11-30T02:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const DAY = '2026-11-30';
const ids: Record<string, number> = {};

beforeAll(async () => {
  cluster = await startTestCluster();
  db = await freshDatabase(cluster);
  store = hallStore(db.pool);
  await store.configure({
    areas: AREAS,
    counters: [
      { id: 'w001', name: '1号综合窗口', areaIds: ['tax', 'social'] },
      { id: 'w014', name: '14号窗口', areaIds: ['tax'] },
      { id: 'w016', name: '16号窗口', areaIds: ['social'] },
    ],
  });
  await db.pool.query(`INSERT INTO devices (id, kind, offline_series) VALUES ('kiosk-2', 'kiosk', 3)`);
  for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
    const r = await store.issue({
      areaId: 'tax',
      kioskId: 'kiosk-1',
      idempotencyKey: `key-${name}-0001`,
      now: at(i + 1),
    });
    if (!r.ok) throw new Error(r.reason);
    ids[name] = r.ticket.id;
  }
  const late = await store.acceptOffline({
    kioskId: 'kiosk-2',
    idempotencyKey: 'offline-0001',
    areaId: 'tax',
    number: 'AK3-001',
    businessDate: DAY,
    issuedAtKiosk: at(1) + 30_000,
    clockOffsetMs: 40,
    priorityReason: null,
    now: at(5),
  });
  ids['offline'] = late.ticket.id;
  // a: called at w014 and done there, then rated by its pad.
  expect((await store.callNext({ counterId: 'w014', now: at(10) }))?.id).toBe(ids['a']);
  await store.finish({ counterId: 'w014', outcome: 'done', now: at(11) });
  await new PgRatings(db.pool, SHANGHAI).addPad({
    deviceId: 'pad-w014',
    counterId: 'w014',
    ticketId: ids['a']!,
    level: 5,
    reasons: [],
    idempotencyKey: 'pad-rating-0001',
    now: at(12),
  });
  // The offline ticket (issued at minute 1.5) is next: sent to social, called there, no-show.
  expect((await store.callNext({ counterId: 'w014', now: at(13) }))?.id).toBe(ids['offline']);
  await store.transfer({ counterId: 'w014', toAreaId: 'social', now: at(14) });
  expect((await store.callNext({ counterId: 'w016', now: at(15) }))?.id).toBe(ids['offline']);
  await store.finish({ counterId: 'w016', outcome: 'noShow', now: at(16) });
  // b: called at the comprehensive window, recalled, done; c called and left current; d waits.
  expect((await store.callNext({ counterId: 'w001', now: at(17) }))?.id).toBe(ids['b']);
  await store.recall({ counterId: 'w001', now: at(18) });
  await store.finish({ counterId: 'w001', outcome: 'done', now: at(19) });
  expect((await store.callNext({ counterId: 'w014', now: at(20) }))?.id).toBe(ids['c']);
}, 90_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

/** The checks that fail after `damage`, run in a transaction rolled back after. */
async function failingAfter(damage: (c: pg.PoolClient) => Promise<unknown>): Promise<string[]> {
  return failingAfterOn(DAY, damage);
}

async function failingAfterOn(
  businessDate: string,
  damage: (c: pg.PoolClient) => Promise<unknown>,
): Promise<string[]> {
  const c = await db.pool.connect();
  try {
    await c.query('BEGIN');
    await damage(c);
    const report = await checkHallInvariants(c, { businessDate });
    return report.checks.filter((x) => x.violations > 0).map((x) => x.name);
  } finally {
    await c.query('ROLLBACK');
    c.release();
  }
}

const event = (c: pg.PoolClient, ticket: string, name: string, counter: string | null = null) =>
  c.query(
    `INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id)
     SELECT id, $3, $2, queue_area_id, business_date, priority, $4 FROM tickets WHERE id = $1`,
    [ids[ticket], name, new Date(at(30)), counter],
  );

describe('the invariants recomputed from the event log', () => {
  it('hold for a day of online and offline tickets, calls, a transfer, a recall, a no-show and a rating', async () => {
    const report = await checkHallInvariants(db.pool, { businessDate: DAY });
    expect(report.checks.map((c) => c.name)).toEqual(INVARIANTS.map((i) => i.name));
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
    expect(report).toMatchObject({ businessDate: DAY, tickets: 5, violations: 0 });
    // issued ×5, called ×5, transferred, noShow, recalled, done ×2
    expect(report.events).toBe(15);
    expect(formatInvariantReport(report)).toMatch(/every invariant holds$/);
    // Every day at once, and a day with nothing, hold too.
    expect((await checkHallInvariants(db.pool)).violations).toBe(0);
    expect(await checkHallInvariants(db.pool, { businessDate: '2026-11-29' })).toMatchObject({
      tickets: 0,
      violations: 0,
    });
  });

  it('refuse a malformed day', async () => {
    await expect(checkHallInvariants(db.pool, { businessDate: "2026-11-30' OR 1=1" })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
  });

  it('find a ticket called a second time with no transfer between', async () => {
    const failing = await failingAfter((c) => event(c, 'b', 'called', 'w014'));
    expect(failing).toContain('calledTwice');
    expect(failing).toContain('transitions');
  });

  it('find an event the state machine does not allow (a recall after done)', async () => {
    expect(await failingAfter((c) => event(c, 'a', 'recalled', 'w014'))).toEqual(['transitions']);
  });

  it('find a ticket whose row is not the fold of its events', async () => {
    const c = await failingAfter((x) =>
      x.query(`UPDATE tickets SET state = 'waiting' WHERE id = $1`, [ids['a']]),
    );
    expect(c).toEqual(['stateFold']);
    // The queue a transferred ticket was sent to, lost from its row.
    expect(
      await failingAfter((x) =>
        x.query(`UPDATE tickets SET queue_area_id = 'tax' WHERE id = $1`, [ids['offline']]),
      ),
    ).toEqual(['stateFold']);
  });

  it('find a second issued event', async () => {
    expect(await failingAfter((c) => event(c, 'd', 'issued'))).toContain('issuedOnce');
  });

  it('find a number on two tickets of a day', async () => {
    const failing = await failingAfter(async (c) => {
      await c.query('ALTER TABLE tickets DROP CONSTRAINT tickets_business_date_number_key');
      await c.query(`UPDATE tickets SET number = 'A001' WHERE id = $1`, [ids['b']]);
    });
    expect(failing).toContain('numbersUnique');
    expect(failing).toContain('onlineNumbersGapless');
  });

  it("find a gap in an area's online numbers, and counters that disagree with the log", async () => {
    const gap = await failingAfter((c) =>
      c.query(`UPDATE tickets SET seq = 9, number = 'A009' WHERE id = $1`, [ids['d']]),
    );
    expect(gap).toEqual(['onlineNumbersGapless']);
    const counter = await failingAfter((c) =>
      c.query(`UPDATE area_day_numbers SET offline_count = offline_count + 1 WHERE area_id = 'tax'`),
    );
    expect(counter).toEqual(['dayCounts']);
  });

  it('find an offline ticket without its marks, or of another series', async () => {
    expect(
      await failingAfter((c) =>
        c.query('UPDATE tickets SET received_at = NULL WHERE id = $1', [ids['offline']]),
      ),
    ).toEqual(['offlineTickets']);
    expect(
      await failingAfter((c) => c.query(`UPDATE devices SET offline_series = 4 WHERE id = 'kiosk-2'`)),
    ).toEqual(['offlineTickets']);
  });

  it('find a ticket joined twice (the first answer of two keys)', async () => {
    const failing = await failingAfter((c) =>
      c.query(
        `INSERT INTO idempotency_keys (kiosk_id, key, request_hash, ticket_id, created_at)
         VALUES ('kiosk-2', 'offline-0002', 'x', $1, now())`,
        [ids['offline']],
      ),
    );
    expect(failing).toEqual(['joinedOnce']);
  });

  it('find a rating of a ticket not finished as done there, and a second rating of one', async () => {
    const rate = (c: pg.PoolClient, ticket: string, key: string) =>
      c.query(
        `INSERT INTO ratings (source, device_id, idempotency_key, ticket_id, counter_id, business_date, level, rated_at)
         VALUES ('pad', 'pad-w016', $2, $1, 'w016', $3, 3, now())`,
        [ids[ticket], key, DAY],
      );
    expect(await failingAfter((c) => rate(c, 'offline', 'pad-rating-0002'))).toEqual(['ratings']);
    expect(
      await failingAfter(async (c) => {
        await c.query('DROP INDEX ratings_one_per_ticket');
        await c.query(
          `INSERT INTO ratings (source, device_id, idempotency_key, ticket_id, counter_id, business_date, level, rated_at)
           VALUES ('pad', 'pad-w014', 'pad-rating-0003', $1, 'w014', $2, 4, now())`,
          [ids['a'], DAY],
        );
      }),
    ).toEqual(['ratings']);
  });
});

describe('across midnight, and an unanswered online request', () => {
  // 2026-12-01 in Shanghai, minutes from 23:00; 00:00 of the 2nd is minute 60.
  const night = (minutes: number) => Date.parse('2026-12-01T15:00:00Z') + minutes * 60_000;

  it('hold when an offline ticket takes the place of its unanswered online one, or names the one called meanwhile, and when a call, a recall and a rating come after midnight', async () => {
    await db.pool.query(`INSERT INTO devices (id, kind, offline_series) VALUES ('kiosk-5', 'kiosk', 5)`);
    const online = async (key: string, minute: number) => {
      const r = await store.issue({
        areaId: 'social',
        kioskId: 'kiosk-5',
        idempotencyKey: key,
        now: night(minute),
      });
      if (!r.ok) throw new Error(r.reason);
      return r.ticket;
    };
    const offline = (key: string, number: string, issuedMinute: number, minute: number) =>
      store.acceptOffline({
        kioskId: 'kiosk-5',
        idempotencyKey: key,
        areaId: 'social',
        number,
        businessDate: '2026-12-01',
        issuedAtKiosk: night(issuedMinute),
        clockOffsetMs: 0,
        priorityReason: null,
        now: night(minute),
      });
    // 23:50: the hall issues C001, its answer is lost; the kiosk prints CK5-001 under the same key.
    const x = await online('unanswered-0001', 50);
    expect((await offline('unanswered-0001', 'CK5-001', 50, 52)).ticket).toMatchObject({
      id: x.id,
      number: 'CK5-001',
    });
    // 23:53: C002, answer lost too, and called before the kiosk's CK5-002 arrives: that one joins anew.
    const y = await online('unanswered-0002', 53);
    expect((await store.callNext({ counterId: 'w016', now: night(54) }))?.id).toBe(x.id);
    await store.finish({ counterId: 'w016', outcome: 'done', now: night(54.5) });
    expect((await store.callNext({ counterId: 'w016', now: night(55) }))?.id).toBe(y.id);
    const z = (await offline('unanswered-0002', 'CK5-002', 53, 56)).ticket;
    expect(z.id).not.toBe(y.id);
    // 23:58: C003; after midnight it is called, recalled, done and rated.
    const w = await online('midnight-0001', 58);
    await store.finish({ counterId: 'w016', outcome: 'noShow', now: night(61) });
    expect((await store.callNext({ counterId: 'w016', now: night(62) }))?.id).toBe(z.id);
    await store.finish({ counterId: 'w016', outcome: 'done', now: night(63) });
    expect((await store.callNext({ counterId: 'w016', now: night(64) }))?.id).toBe(w.id);
    await store.recall({ counterId: 'w016', now: night(65) });
    await store.finish({ counterId: 'w016', outcome: 'done', now: night(66) });
    await new PgRatings(db.pool, SHANGHAI).addPad({
      deviceId: 'pad-w016',
      counterId: 'w016',
      ticketId: w.id,
      level: 4,
      reasons: [],
      idempotencyKey: 'pad-rating-0101',
      now: night(67),
    });
    for (const businessDate of ['2026-12-01', '2026-12-02', undefined]) {
      const report = await checkHallInvariants(db.pool, businessDate ? { businessDate } : {});
      expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
    }
    // The call and the recall after midnight are events of the day they happened (shown with its calls).
    const calls = await db.pool.query(
      `SELECT event, business_date FROM ticket_events WHERE ticket_id = $1 AND event IN ('called', 'recalled') ORDER BY id`,
      [w.id],
    );
    expect(calls.rows).toEqual([
      { event: 'called', business_date: '2026-12-02' },
      { event: 'recalled', business_date: '2026-12-02' },
    ]);
    // The key of the unanswered C002 went to the offline ticket, which names it.
    const named = await db.pool.query<{ detail: string }>(
      `SELECT detail FROM ticket_events WHERE ticket_id = $1 AND event = 'issued'`,
      [z.id],
    );
    expect(named.rows[0]!.detail).toContain(`#${y.id} (C002)`);
    // A second ticket of the day before's unanswered request without that mark is found.
    expect(
      await failingAfterOn('2026-12-01', (c) =>
        c.query(
          `UPDATE ticket_events SET detail = 'late from offline kiosk' WHERE ticket_id = $1 AND event = 'issued'`,
          [z.id],
        ),
      ),
    ).toEqual(['joinedOnce']);
  });
});

describe('kiosk hall check', () => {
  it('prints every check, and exits 1 naming the broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-check-'));
    try {
      const configFile = join(dir, 'hall.json');
      writeFileSync(configFile, JSON.stringify(seedHallConfig(db, dir)));
      const check = (...args: string[]) =>
        spawnSync(process.execPath, [KIOSK_BIN, 'hall', 'check', '--config', configFile, ...args], {
          encoding: 'utf8',
          timeout: 60_000,
        });
      const ok = check('--date', DAY);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(`${DAY}: 5 tickets, 15 events`);
      expect(ok.stdout.match(/^ok {3}\w+:/gm)).toHaveLength(INVARIANTS.length);
      expect(check('--date', 'yesterday').status).toBe(2);
      const bad = await db.pool.query<{ id: string }>(
        `INSERT INTO ticket_events (ticket_id, at, event, area_id, business_date, priority, counter_id)
         SELECT id, now(), 'called', queue_area_id, business_date, priority, 'w014' FROM tickets WHERE id = $1
         RETURNING id`,
        [ids['b']],
      );
      try {
        const broken = check();
        expect(broken.status).toBe(1);
        expect(broken.stdout).toMatch(/^FAIL calledTwice: /m);
        expect(broken.stdout).toContain(`ticket ${ids['b']} called by w001`);
      } finally {
        await db.pool.query('DELETE FROM ticket_events WHERE id = $1', [bad.rows[0]!.id]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
