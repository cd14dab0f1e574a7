// The hall's ratings outbox against a fake provincial 好差评 endpoint on loopback: every rating (a
// pad's and a kiosk's) is delivered once with the same key on every attempt, retried after a
// failure, and still delivered after the hall server restarts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { systemClock } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { parseHallConfig } from '../src/config.ts';
import { openHall } from '../src/hall.ts';
import { startTestCluster } from './support.ts';
import { seedHallConfig, startHallFixture, testCertificates, type HallFixture } from './hall-fixture.ts';

type Received = { key: string | undefined; body: Record<string, unknown>; status: number };

let cluster: PgCluster;
let f: HallFixture;
let province: Server;
let provinceUrl: string;
const received: Received[] = [];
/** Answers the province gives: a rating's first attempt fails (503); while `down`, every one does. */
let down = false;
const seenKeys = new Set<string>();

beforeAll(async () => {
  cluster = await startTestCluster();
  province = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = req.headers['idempotency-key'] as string | undefined;
      const first = key !== undefined && !seenKeys.has(key);
      if (key) seenKeys.add(key);
      const status = down || first ? 503 : 200;
      received.push({ key, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => province.listen(0, '127.0.0.1', r));
  provinceUrl = `http://127.0.0.1:${(province.address() as AddressInfo).port}/hcp/ratings`;
  f = await startHallFixture(cluster, {
    config: {
      ratings: { endpoint: { url: provinceUrl, timeoutMs: 2000 }, retry: { initialMs: 100, maxMs: 1000 } },
    },
  });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await new Promise((r) => province?.close(r));
  await cluster?.stop();
});

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const unsent = async () =>
  (await f.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ratings WHERE sent_at IS NULL'))
    .rows[0]!.n;

/** A ticket of area tax served and finished at window w014 by staff 1037; rated on w014's pad. */
async function padRating(pad: string, level: number): Promise<number> {
  const store = f.hall.services.store;
  const now = Date.now();
  await store.issue({ areaId: 'tax', kioskId: 'kiosk-1', idempotencyKey: `k-${randomUUID()}`, now });
  await store.callNext({ counterId: 'w014', now });
  const done = await store.finish({ counterId: 'w014', now, outcome: 'done' });
  await f.db.pool.query(
    `UPDATE ticket_events SET staff_id = (SELECT id FROM staff WHERE number = '1037') WHERE ticket_id = $1 AND event = 'done'`,
    [done!.id],
  );
  const r = await f.call('POST', '/api/pad/ratings', {
    token: pad,
    body: { ticketId: done!.id, level, reasons: [], idempotencyKey: `pad-${randomUUID()}` },
  });
  expect(r.status).toBe(201);
  return done!.id;
}

it('sends every rating once with one key per rating, after retrying a failure', async () => {
  const pad = await f.enrol({ id: 'pad-w014', kind: 'pad', counterId: 'w014' });
  const kiosk = await f.enrol({ id: 'kiosk-3', kind: 'kiosk' });
  const ticketId = await padRating(pad, 5);
  const kioskBody = {
    idempotencyKey: randomUUID(),
    ratingId: 3,
    hall: '区政务服务中心',
    channel: 'kiosk',
    serviceEvent: { kind: 'guide', ref: '17' },
    areaId: 'estate',
    level: 4,
    levelName: '满意',
    reasons: [],
    comment: null,
    ratedAt: new Date().toISOString(),
  };
  expect((await f.call('POST', '/api/kiosk/ratings', { token: kiosk, body: kioskBody })).status).toBe(201);

  await until('both are delivered', async () => (await unsent()) === 0);
  const delivered = received.filter((r) => r.status === 200);
  expect(delivered).toHaveLength(2);
  // Each was first refused (503), then sent again with the same key.
  for (const d of delivered)
    expect(received.filter((r) => r.key === d.key).map((r) => r.status)).toEqual([503, 200]);
  const fromKiosk = delivered.find((d) => d.body['channel'] === 'kiosk')!;
  expect(fromKiosk.key).toBe(kioskBody.idempotencyKey);
  expect(fromKiosk.body).toEqual(kioskBody);
  const fromPad = delivered.find((d) => d.body['channel'] === 'window')!;
  const { rows: t } = await f.db.pool.query('SELECT number, business_date FROM tickets WHERE id = $1', [
    ticketId,
  ]);
  expect(fromPad.body).toMatchObject({
    idempotencyKey: fromPad.key,
    hall: '区政务服务中心',
    serviceEvent: { kind: 'ticket', ref: String(ticketId), number: t[0].number },
    areaId: 'tax',
    counterId: 'w014',
    staffNumber: '1037',
    businessDate: t[0].business_date,
    level: 5,
    levelName: '非常满意',
  });
  expect(fromPad.key).toMatch(/^pad-w014:pad-/);
  const { rows } = await f.db.pool.query(
    'SELECT attempts, last_error, next_attempt_at FROM ratings ORDER BY id',
  );
  expect(rows).toEqual([
    { attempts: 2, last_error: null, next_attempt_at: null },
    { attempts: 2, last_error: null, next_attempt_at: null },
  ]);
});

it('keeps retrying through an outage and delivers after the hall server restarts', async () => {
  down = true;
  const pad = await f.enrol({ id: 'pad-w014', kind: 'pad', counterId: 'w014' });
  await padRating(pad, 1);
  await until('two attempts failed', async () => {
    const { rows } = await f.db.pool.query<{ attempts: number }>(
      'SELECT attempts FROM ratings WHERE sent_at IS NULL',
    );
    return (rows[0]?.attempts ?? 0) >= 2;
  });
  const { rows: failing } = await f.db.pool.query('SELECT last_error FROM ratings WHERE sent_at IS NULL');
  expect(failing[0].last_error).toBe('HTTP 503');
  await f.hall.close();
  const before = received.length;
  down = false;

  // The same hall.json and database, a new process.
  const dir = mkdtempSync(join(tmpdir(), 'hall-restart-'));
  try {
    const tls = testCertificates();
    writeFileSync(join(dir, 'server.pem'), tls.cert);
    writeFileSync(join(dir, 'server.key'), tls.key);
    writeFileSync(join(dir, 'ca.pem'), tls.caCert);
    const config = parseHallConfig(
      seedHallConfig(f.db, dir, {
        ratings: { endpoint: { url: provinceUrl, timeoutMs: 2000 }, retry: { initialMs: 100, maxMs: 1000 } },
      }),
      'restarted hall',
      dir,
    );
    const again = await openHall(config, { clock: systemClock, log: silentLogger, pagesRoot: null });
    try {
      await until('the pending one is delivered', async () => (await unsent()) === 0);
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const after = received.slice(before);
  expect(after.map((r) => r.status)).toEqual([200]);
  expect(after[0]!.body).toMatchObject({ level: 1, levelName: '非常不满意', staffNumber: '1037' });
  // Nothing delivered before was sent again.
  expect(received.filter((r) => r.status === 200)).toHaveLength(3);
});

it('refuses a province endpoint hall.json may not name: plain http off this machine, credentials in the URL', () => {
  const base = seedHallConfig(f.db, '/tmp');
  const parse = (url: string) =>
    parseHallConfig({ ...base, ratings: { endpoint: { url } } }, 'hall.json', '/tmp');
  expect(() => parse('http://hcp.example.gov.cn/ratings')).toThrow(/ratings\.endpoint\.url: must be https/);
  expect(() => parse('https://user:secret@hcp.example.gov.cn/ratings')).toThrow(/user name or password/);
  expect(() => parse('ftp://hcp.example.gov.cn/')).toThrow(/ratings\.endpoint\.url/);
  const ok = parse('https://hcp.example.gov.cn/ratings');
  expect(ok.ratings).toEqual({
    endpoint: { url: 'https://hcp.example.gov.cn/ratings', timeoutMs: 10_000 },
    retry: { initialMs: 2000, maxMs: 600_000 },
  });
  expect(parseHallConfig(base, 'hall.json', '/tmp').ratings).toBeUndefined();
});
