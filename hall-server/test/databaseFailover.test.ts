// The hall server and its database: a primary with a synchronous streaming replica. When the primary
// stops the hall says it cannot write (readiness false), and once the standby is promoted it moves
// there by itself: everything acknowledged before is there, numbering goes on, the live feed follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startReplica, type PgCluster, type PgReplica } from '../../tests/support/postgres.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import type { HallEvent } from '../src/store.ts';

let primary: PgCluster;
let replica: PgReplica;
let f: HallFixture;

beforeAll(async () => {
  // Synchronous replication: a commit returns only once the standby has it, so a failover loses
  // nothing that was acknowledged.
  primary = await startPostgres({ settings: { synchronous_standby_names: "'*'" } });
  replica = await startReplica(primary);
  f = await startHallFixture(primary, { standbys: [replica] });
}, 120_000);
afterAll(async () => {
  await f?.close().catch(() => undefined);
  await replica?.stop();
  await primary?.stop();
});

const T = Date.parse('2026-11-30T02:00:00Z');

describe('failover to a standby', () => {
  it('readiness is false while nothing can write, then the hall moves to the promoted standby', async () => {
    const store = f.hall.services.store;
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await store.issue({
        areaId: 'tax',
        kioskId: 'kiosk-1',
        idempotencyKey: `before-${i}-key`,
        now: T + i,
      });
      if (!r.ok) throw new Error('refused');
      numbers.push(r.ticket.number);
    }
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
    const seen: HallEvent[] = [];
    f.hall.services.live.on('event', (e) => seen.push(e));

    await primary.stop();
    await expect.poll(async () => (await f.call('GET', '/api/health')).status, { timeout: 15_000 }).toBe(503);
    const down = await f.call('GET', '/api/health');
    expect(down.body.problem).toMatch(/no database server takes writes/);

    await replica.promote();
    await expect.poll(async () => (await f.call('GET', '/api/health')).status, { timeout: 20_000 }).toBe(200);
    expect(f.hall.services.database.current).toContain(`:${replica.port}/`);

    // A retry of an acknowledged request gets the same ticket from the new primary; numbering goes on.
    const again = await store.issue({
      areaId: 'tax',
      kioskId: 'kiosk-1',
      idempotencyKey: 'before-4-key',
      now: T + 4,
    });
    expect(again.ok && again.ticket.number).toBe('A005');
    const next = await store.issue({
      areaId: 'tax',
      kioskId: 'kiosk-1',
      idempotencyKey: 'after-0-key',
      now: T + 10,
    });
    expect(next.ok && next.ticket.number).toBe('A006');
    // The live feed reconnected its LISTEN to the new primary (or read the log on its poll).
    await expect.poll(() => seen.some((e) => e.event === 'issued'), { timeout: 10_000 }).toBe(true);
  }, 90_000);
});
