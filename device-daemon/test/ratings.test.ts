import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { openDatabase, type Db } from '../src/storage/sqlite/database.ts';
import { SqlitePrintJournal } from '../src/storage/sqlite/print-journal.ts';
import { SqliteQueueStore } from '../src/storage/sqlite/queue-store.ts';
import { SqliteRatingStore } from '../src/storage/sqlite/rating-store.ts';
import {
  RatingOutbox,
  backOffMs,
  httpRatingSender,
  type RatingSender,
} from '../src/ratings/rating-outbox.ts';
import { OutboundUrlError } from '../src/net/outbound.ts';
import { readOutboundAuth } from '../src/net/outbound-auth.ts';
import { RatingService } from '../src/ratings/rating-service.ts';
import { silentLogger } from '../src/log.ts';

const endpoints: EvaluationEndpoint[] = [];
const outboxes: RatingOutbox[] = [];
afterEach(async () => {
  outboxes.splice(0).forEach((o) => o.stop());
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function endpoint() {
  const e = new EvaluationEndpoint();
  endpoints.push(e);
  await e.listen();
  return e;
}

function kiosk(db: Db, url: string, clock: ManualClock) {
  const store = new SqliteRatingStore(db);
  const outbox = new RatingOutbox(
    store,
    httpRatingSender({ url: `${url}/evaluations`, timeoutMs: 300, hallName: '测试中心' }),
    clock,
    silentLogger,
    { initialMs: 1000, maxMs: 60_000 },
  );
  outboxes.push(outbox);
  return { store, outbox };
}

const rating = (ref: number, clock: ManualClock) => ({
  kind: 'ticket' as const,
  ref: String(ref),
  areaId: 'tax',
  level: 5,
  reasons: [],
  comment: null,
  at: clock.now(),
});

describe('rating outbox', () => {
  it('retries with doubling back-off through a long outage, then delivers each rating exactly once', async () => {
    const e = await endpoint();
    e.setMode({ mode: 'down' });
    const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
    const { store, outbox } = kiosk(openDatabase(':memory:'), e.url, clock);
    for (let i = 1; i <= 5; i++) await store.add(rating(i, clock));
    outbox.start();
    await outbox.settled();
    expect(e.requests).toBe(5);
    // Eight hours down: attempts keep coming, ever further apart (capped at a minute).
    for (let i = 0; i < 8 * 60; i++) {
      await clock.advance(60_000);
      await outbox.settled();
    }
    expect((await store.summary()).outbox.pending).toBe(5);
    const attempts = e.requests;
    expect(attempts).toBeGreaterThan(5 * 100);
    expect(attempts).toBeLessThan(5 * 8 * 60 + 50);
    e.setMode({ mode: 'ok' });
    await clock.advance(61_000);
    await outbox.settled();
    expect((await store.summary()).outbox.delivered).toBe(5);
    expect(e.received.size).toBe(5);
    expect(e.duplicates).toBe(0);
    expect((e.received.values().next().value!.body as { levelName: string }).levelName).toBe('非常满意');
  });

  it('survives restarts: ratings accepted before are delivered by the next run, nothing twice', async () => {
    const e = await endpoint();
    e.setMode({ mode: 'down' });
    const file = join(mkdtempSync(join(tmpdir(), 'ratings-')), 'kiosk.db');
    const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
    const first = kiosk(openDatabase(file), e.url, clock);
    await first.store.add(rating(1, clock));
    await first.store.add(rating(2, clock));
    first.outbox.start();
    await first.outbox.settled();
    expect(e.requests).toBe(2);
    first.outbox.stop(); // the daemon stops (or dies)
    e.setMode({ mode: 'ok' });
    const second = kiosk(openDatabase(file), e.url, clock);
    await second.store.add(rating(3, clock));
    await clock.advance(5_000);
    second.outbox.start();
    await expect.poll(async () => (await second.store.summary()).outbox.delivered).toBe(3);
    expect(e.received.size).toBe(3);
    expect(e.duplicates).toBe(0);
  });

  it('a lost reply makes the kiosk resend with the same key: the system counts the rating once', async () => {
    const e = await endpoint();
    e.setMode({ mode: 'lostReply' });
    const clock = new ManualClock();
    const { store, outbox } = kiosk(openDatabase(':memory:'), e.url, clock);
    await store.add(rating(1, clock));
    outbox.start();
    await outbox.settled();
    expect(e.requests).toBe(1);
    e.setMode({ mode: 'ok' });
    await clock.advance(5_000);
    await outbox.settled();
    expect((await store.summary()).outbox.delivered).toBe(1);
    expect(e.requests).toBe(2);
    expect(e.received.size).toBe(1);
    expect(e.duplicates).toBe(1);
  });

  it('a slow system times out and is retried; a rejection is kept for a technician, not retried', async () => {
    const e = await endpoint();
    e.setMode({ mode: 'slow', ms: 1000 });
    const clock = new ManualClock();
    const { store, outbox } = kiosk(openDatabase(':memory:'), e.url, clock);
    await store.add(rating(1, clock));
    outbox.start();
    await outbox.settled();
    expect(e.requests).toBe(1);
    expect((await store.summary()).outbox.pending).toBe(1);
    e.setMode({ mode: 'reject' });
    await clock.advance(5_000);
    await outbox.settled();
    expect((await store.summary()).outbox.rejected).toBe(1);
    await clock.advance(3_600_000);
    await outbox.settled();
    expect(e.requests).toBe(2);
  });

  it('back-off doubles from the initial wait, is capped, and jitters by at most 20 %', () => {
    const b = { initialMs: 1000, maxMs: 60_000 };
    expect([0, 1, 2, 3].map((n) => backOffMs(n, b, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backOffMs(40, b, () => 0.5)).toBe(60_000);
    expect(backOffMs(0, b, () => 0)).toBe(800);
    expect(backOffMs(0, b, () => 1)).toBe(1200);
  });
});

describe('rating service (一次一评)', () => {
  function rig() {
    const db = openDatabase(':memory:');
    db.prepare(
      `INSERT INTO tickets (id, area_id, queue_area_id, business_date, seq, number, issued_at, queued_at) VALUES (7, 'tax', 'tax', '2026-03-02', 1, 'A001', 'x', 'x')`,
    ).run();
    const store = new SqliteRatingStore(db);
    const service = new RatingService({
      queue: new SqliteQueueStore(db, 'Asia/Shanghai'),
      journal: new SqlitePrintJournal(db, () => 0),
      store,
      outbox: null,
      guideViewArea: async (id) => (id === 3 ? 'realEstate' : undefined),
      clock: new ManualClock(),
      log: silentLogger,
    });
    return { db, store, service };
  }

  it('records one rating per service event, with its area and no identity', async () => {
    const { db, service, store } = rig();
    expect(await service.submit({ event: { kind: 'ticket', ref: '7' }, level: 4 })).toEqual({
      result: 'recorded',
      reference: 'R000001',
    });
    expect(await service.submit({ event: { kind: 'ticket', ref: '7' }, level: 1 })).toEqual({
      result: 'alreadyRated',
    });
    expect((await service.submit({ event: { kind: 'guide', ref: '3' }, level: 5 })).result).toBe('recorded');
    expect(db.prepare('SELECT event_kind, area_id, level FROM ratings ORDER BY id').all()).toEqual([
      { event_kind: 'ticket', area_id: 'tax', level: 4 },
      { event_kind: 'guide', area_id: 'realEstate', level: 5 },
    ]);
    expect((await store.summary()).byLevel).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 });
    expect((await store.summary()).outbox.pending).toBe(2);
  });

  it('hides ID and phone numbers typed into a comment before it is stored (and so before it is sent)', async () => {
    const { db, service } = rig();
    await service.submit({
      event: { kind: 'ticket', ref: '7' },
      level: 1,
      comment: '等了两小时 请回电 138 0013 8000 身份证11010519491231002X 3号窗口',
    });
    const { comment } = db.prepare('SELECT comment FROM ratings').get() as { comment: string };
    expect(comment).toBe('等了两小时 请回电 [已隐去] 身份证[已隐去] 3号窗口');
    expect(comment).not.toMatch(/\d{7}/);
  });

  it('keeps reasons only for 不满意 and 非常不满意, and refuses events that do not exist', async () => {
    const { db, service } = rig();
    await service.submit({
      event: { kind: 'ticket', ref: '7' },
      level: 2,
      reasons: ['waitTooLong', 'waitTooLong'],
      comment: '  too slow ',
    });
    expect(db.prepare('SELECT reasons, comment FROM ratings').get()).toEqual({
      reasons: '["waitTooLong"]',
      comment: 'too slow',
    });
    await expect(service.submit({ event: { kind: 'ticket', ref: '8' }, level: 5 })).rejects.toThrow(
      /no ticket 8/,
    );
    await expect(service.submit({ event: { kind: 'checkIn', ref: '7' }, level: 5 })).rejects.toThrow(
      /no checkIn 7/,
    );
    await expect(service.submit({ event: { kind: 'guide', ref: '4' }, level: 5 })).rejects.toThrow(
      /no guide view/,
    );
    await expect(service.submit({ event: { kind: 'print', ref: '1' }, level: 5 })).rejects.toThrow(
      /no checklist print/,
    );
    await expect(service.submit({ event: { kind: 'ticket', ref: 'abc' }, level: 5 })).rejects.toThrow(
      /must be the id/,
    );
  });
});

describe('the 好差评 sender', () => {
  const row = {
    ratingId: 1,
    idempotencyKey: 'k-1',
    kind: 'ticket',
    ref: '7',
    areaId: 'tax',
    level: 5,
    reasons: [],
    comment: null,
    createdAt: '2026-03-02T02:00:00.000Z',
    attempts: 0,
  } as unknown as Parameters<RatingSender>[0];

  it('refuses user info in the URL and plain http beyond this machine before any attempt', () => {
    const make = (url: string) => () => httpRatingSender({ url, timeoutMs: 300, hallName: 'x' });
    expect(make('https://kiosk:s3cret@ratings.example/evaluations')).toThrow(OutboundUrlError);
    expect(make('https://kiosk:s3cret@ratings.example/evaluations')).not.toThrow(/s3cret/);
    expect(make('http://ratings.example/evaluations')).toThrow(/must be https/);
    expect(make('https://ratings.example/evaluations')).not.toThrow();
  });

  it('sends the header token; a failure keeps neither the query token nor anything else secret in last_error or the log', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = httpRatingSender({
        url: `http://127.0.0.1:${port}/evaluations`,
        timeoutMs: 1000,
        hallName: 'x',
        auth: { headerToken: { name: 'x-api-key', value: 'the-token' } },
      });
      expect(await ok(row)).toEqual({ kind: 'delivered' });
      expect(seen[0]!['x-api-key']).toBe('the-token');
    } finally {
      await new Promise((r) => server.close(r));
    }
    // The same port, now closed: the attempt fails; what is kept names the endpoint without its query.
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const db = openDatabase(':memory:');
    const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
    const store = new SqliteRatingStore(db);
    const outbox = new RatingOutbox(
      store,
      httpRatingSender({
        url: `http://127.0.0.1:${port}/evaluations?token=s3cret`,
        timeoutMs: 1000,
        hallName: 'x',
      }),
      clock,
      log,
      { initialMs: 1000, maxMs: 60_000 },
    );
    outboxes.push(outbox);
    await store.add(rating(1, clock));
    outbox.start();
    await outbox.settled();
    const { last_error } = db.prepare('SELECT last_error FROM rating_outbox').get() as { last_error: string };
    expect(last_error).toContain(`127.0.0.1:${port}/evaluations?…`);
    expect(last_error).not.toContain('s3cret');
    expect(lines.join('')).toContain('rating delivery failed');
    expect(lines.join('')).not.toContain('s3cret');
  });

  it('reads the client certificate files once, naming a missing file without its content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pem-'));
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    expect(
      readOutboundAuth({ clientCertificate: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') } }),
    ).toEqual({ tls: { cert: 'CERT', key: 'KEY' } });
    expect(() =>
      readOutboundAuth({
        clientCertificate: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'none.pem') },
      }),
    ).toThrow(/none\.pem: ENOENT/);
  });
});
