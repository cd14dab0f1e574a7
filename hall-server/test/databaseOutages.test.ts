// The hall server when its PostgreSQL fails under load: a crash and restart of the server, and its
// connections killed in the middle of transactions. Eight kiosks keep issuing, each retrying a
// failed request with the same idempotency key (as the kiosk daemon does): afterwards every request
// has exactly one ticket, every area's numbers are 1…n without a gap, and readiness said "not ready"
// while nothing could write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster);
}, 60_000);
afterAll(async () => {
  await f?.close().catch(() => undefined);
  await cluster?.stop();
});

const T = Date.parse('2026-11-30T02:00:00Z');
const AREAS = ['tax', 'estate', 'social'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Eight kiosks issuing until `stop()`; a failed request is retried with its key until it is answered. */
function kiosks() {
  let running = true;
  let n = 0;
  const answered = new Map<string, string>();
  let failures = 0;
  const loops = Array.from({ length: 8 }, async (_, k) => {
    while (running) {
      const key = `k${k}-req-${++n}`;
      const areaId = AREAS[n % AREAS.length]!;
      for (;;) {
        try {
          const r = await f.hall.services.store.issue({
            kioskId: `kiosk-${k}`,
            idempotencyKey: key,
            areaId,
            now: T + n,
          });
          if (!r.ok) throw new Error(`refused ${r.reason}`);
          const before = answered.get(key);
          if (before && before !== r.ticket.number)
            throw new Error(`${key} got ${before} then ${r.ticket.number}`);
          answered.set(key, r.ticket.number);
          break;
        } catch (e) {
          if (/refused|got/.test(String(e))) throw e;
          failures++;
          await sleep(100);
        }
      }
    }
  });
  return {
    answered,
    failures: () => failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function checkInvariants(answered: Map<string, string>) {
  const { rows: tickets } = await f.db.pool.query<{ area_id: string; seq: number; number: string }>(
    'SELECT area_id, seq, number FROM tickets ORDER BY area_id, seq',
  );
  const byArea = new Map<string, number[]>();
  for (const t of tickets) byArea.set(t.area_id, [...(byArea.get(t.area_id) ?? []), t.seq]);
  for (const [area, seqs] of byArea) expect(seqs, area).toEqual(seqs.map((_, i) => i + 1));
  // Every answered request has its ticket, and nothing else was stored.
  expect(new Set(tickets.map((t) => t.number))).toEqual(new Set(answered.values()));
  expect(tickets.length).toBe(answered.size);
  const { rows } = await f.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys');
  expect(rows[0]!.n).toBe(answered.size);
}

describe('the database fails under load', () => {
  it('a crash and restart of PostgreSQL: readiness false meanwhile, nothing acknowledged lost, no number twice', async () => {
    const load = kiosks();
    await sleep(800);
    await cluster.halt('immediate');
    await expect.poll(async () => (await f.call('GET', '/api/health')).status, { timeout: 10_000 }).toBe(503);
    await sleep(1000);
    await cluster.resume();
    await expect.poll(async () => (await f.call('GET', '/api/health')).status, { timeout: 20_000 }).toBe(200);
    await sleep(800);
    await load.stop();
    expect(load.failures()).toBeGreaterThan(0);
    expect(load.answered.size).toBeGreaterThan(20);
    await checkInvariants(load.answered);
  }, 60_000);

  it('connections killed in the middle of transactions, ten times: every request one ticket, no gap', async () => {
    await f.db.pool.query('TRUNCATE tickets, ticket_events, idempotency_keys, area_day_numbers CASCADE');
    const load = kiosks();
    for (let i = 0; i < 10; i++) {
      await sleep(150);
      await f.db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'hall-server' AND pid <> pg_backend_pid()`,
      );
    }
    await sleep(500);
    await load.stop();
    expect(load.failures()).toBeGreaterThan(0);
    await checkInvariants(load.answered);
  }, 60_000);
});
