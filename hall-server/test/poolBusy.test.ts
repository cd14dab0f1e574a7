// When every database connection is in use for longer than a request may wait, the request is answered
// 503 "busy" (its sender retries with its idempotency key) instead of waiting without end: after a
// restart, senders that time out and send again would otherwise queue work behind the pool that
// nobody waits for any more. A request that waits less than that is served as before.
import type pg from 'pg';
import { systemClock } from '@hall-kiosk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../device-daemon/src/log.ts';
import { UNAVAILABLE_LOG_MS } from '../src/http/server.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { STAFF, startHallFixture, type HallFixture } from './hall-fixture.ts';

const WAIT_MS = 400;
let cluster: PgCluster;
let f: HallFixture;
/** What the hall logged, a line each; and how far its clock is ahead of this machine's. */
const logged: { msg: string; alsoAnswered503?: number }[] = [];
let ahead = 0;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, {
    acquireTimeoutMs: WAIT_MS,
    clock: { ...systemClock, now: () => Date.now() + ahead },
    log: createLogger({
      level: 'warn',
      destination: { write: (line: string) => void logged.push(JSON.parse(line)) },
    }),
  });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

/** Takes every connection of the hall's pool (20 in the seed configuration). */
const holdAll = async (): Promise<pg.PoolClient[]> =>
  Promise.all(
    Array.from({ length: f.hall.services.config.database.poolSize }, () => f.hall.services.pool.connect()),
  );

const signIn = () =>
  f.call('POST', '/api/staff/login', { body: { number: '1037', pin: STAFF['1037']!.pin } });

describe('a hall whose database connections are all in use', () => {
  it('answers 503 "busy" once a request has waited its limit, and serves it again when one is free', async () => {
    const held = await holdAll();
    try {
      const started = performance.now();
      const r = await signIn();
      const waited = performance.now() - started;
      expect(r.status).toBe(503);
      expect(r.body).toEqual({
        error: 'the hall server is busy; try again in a moment',
        code: 'unavailable',
      });
      expect(r.headers['retry-after']).toBe('1');
      expect(waited).toBeGreaterThanOrEqual(WAIT_MS - 50);
      expect(waited).toBeLessThan(WAIT_MS + 5000);
    } finally {
      held.forEach((c) => c.release());
    }
    expect((await signIn()).status).toBe(200);
  });

  it('logs the first 503 of a run, then one line a window with how many more there were', async () => {
    const unavailable = () => logged.filter((l) => l.msg === 'hall server: unavailable');
    ahead += UNAVAILABLE_LOG_MS; // past the window of the first test's 503
    const before = unavailable().length;
    const held = await holdAll();
    try {
      const statuses = await Promise.all([signIn(), signIn(), signIn()]);
      expect(statuses.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(unavailable()).toHaveLength(before + 1);
      ahead += UNAVAILABLE_LOG_MS;
      expect((await signIn()).status).toBe(503);
    } finally {
      held.forEach((c) => c.release());
    }
    // One line for the window that ended, counting the two it did not log.
    expect(
      unavailable()
        .slice(before)
        .map((l) => l.alsoAnswered503),
    ).toEqual([undefined, 2]);
  });

  it('serves a request that waits less than its limit', async () => {
    const held = await holdAll();
    const answer = signIn();
    setTimeout(() => held.pop()!.release(), WAIT_MS / 4);
    try {
      expect((await answer).status).toBe(200);
    } finally {
      held.forEach((c) => c.release());
    }
  });
});
