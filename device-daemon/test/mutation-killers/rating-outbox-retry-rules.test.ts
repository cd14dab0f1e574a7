// The 好差评 outbox's rules, on a fake sender and a manual clock (fast enough to run against every
// mutant): what counts as delivered, rejected or worth another try; the back-off between tries; the
// same idempotency key in header and body on every try; and a round that runs until nothing is due.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { silentLogger } from '../../src/log.ts';
import {
  LEVEL_NAMES,
  RatingOutbox,
  backOffMs,
  httpRatingSender,
  type DeliveryResult,
  type RatingSender,
} from '../../src/ratings/rating-outbox.ts';
import { OutboundError, type OutboundRequest, type OutboundResponse } from '../../src/net/outbound.ts';
import type { OutboxRow } from '../../src/ratings/rating-store.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';

const row: OutboxRow = {
  ratingId: 7,
  idempotencyKey: 'key-0123456789',
  attempts: 2,
  kind: 'ticket',
  ref: '42',
  areaId: 'tax',
  level: 2,
  reasons: ['waitTooLong'],
  comment: 'slow',
  createdAt: '2026-03-02T02:00:00.000Z',
};

/** A fetch that answers with `status` (or throws `error`) and records what it was asked. */
function fakeSend(answer: { status: number } | { error: Error }) {
  const calls: { url: string; req: OutboundRequest }[] = [];
  const send = async (url: URL, req: OutboundRequest): Promise<OutboundResponse> => {
    calls.push({ url: url.toString(), req });
    if ('error' in answer) throw answer.error;
    return { status: answer.status, body: Buffer.from(answer.status === 204 ? '' : '{}') };
  };
  return { calls, send };
}

const send = (answer: { status: number } | { error: Error }) => {
  const f = fakeSend(answer);
  const sender = httpRatingSender({
    url: 'http://127.0.0.1:9/evaluations',
    timeoutMs: 500,
    hallName: '测试中心',
    send: f.send,
  });
  return { result: sender(row), calls: f.calls };
};

describe('what an answer from the provincial system means', () => {
  it('2xx and 409 are delivered', async () => {
    for (const status of [200, 201, 204, 409])
      expect(await send({ status }).result, String(status)).toEqual({ kind: 'delivered' });
  });

  it('400 and 422 are a rejection, kept for a technician', async () => {
    expect(await send({ status: 400 }).result).toEqual({ kind: 'rejected', reason: 'HTTP 400' });
    expect(await send({ status: 422 }).result).toEqual({ kind: 'rejected', reason: 'HTTP 422' });
  });

  it('any other status, no network or a time-out is tried again', async () => {
    for (const status of [301, 404, 408, 429, 500, 503])
      expect(await send({ status }).result).toEqual({ kind: 'retry', reason: `HTTP ${status}` });
    expect(
      await send({ error: new OutboundError('network', 'http://127.0.0.1:9/evaluations: ECONNREFUSED') })
        .result,
    ).toEqual({ kind: 'retry', reason: 'http://127.0.0.1:9/evaluations: ECONNREFUSED' });
    expect(await send({ error: new OutboundError('timeout', 'no answer') }).result).toEqual({
      kind: 'retry',
      reason: 'time-out',
    });
    // Anything else (a bug, a TypeError) is retried too, and says only where it went.
    expect(await send({ error: new TypeError('fetch failed: secret detail') }).result).toEqual({
      kind: 'retry',
      reason: 'http://127.0.0.1:9/evaluations: request failed',
    });
  });

  it('posts JSON with the rating, its level name and its idempotency key in header and body', async () => {
    const { result, calls } = send({ status: 201 });
    await result;
    expect(calls).toHaveLength(1);
    const { url, req } = calls[0]!;
    expect(url).toBe('http://127.0.0.1:9/evaluations');
    expect(req.method).toBe('POST');
    expect(req.headers).toEqual({ 'content-type': 'application/json', 'idempotency-key': 'key-0123456789' });
    expect(req.timeoutMs).toBe(500);
    expect(JSON.parse(String(req.body))).toEqual({
      idempotencyKey: 'key-0123456789',
      ratingId: 7,
      hall: '测试中心',
      channel: 'kiosk',
      serviceEvent: { kind: 'ticket', ref: '42' },
      areaId: 'tax',
      level: 2,
      levelName: '不满意',
      reasons: ['waitTooLong'],
      comment: 'slow',
      ratedAt: '2026-03-02T02:00:00.000Z',
    });
  });

  it('names the five levels as the provincial system expects', () => {
    expect(LEVEL_NAMES.slice(1)).toEqual(['非常不满意', '不满意', '基本满意', '满意', '非常满意']);
  });
});

describe('back-off between tries', () => {
  const b = { initialMs: 1000, maxMs: 60_000 };
  it('doubles from the initial wait and is capped', () => {
    expect([0, 1, 2, 3, 5].map((n) => backOffMs(n, b, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 32_000]);
    expect(backOffMs(6, b, () => 0.5)).toBe(60_000);
    expect(backOffMs(1000, b, () => 0.5)).toBe(60_000);
  });

  it('jitters by at most 20 % either way, and never above the cap', () => {
    expect(backOffMs(1, b, () => 0)).toBe(1600);
    expect(backOffMs(1, b, () => 1)).toBe(2400);
    expect(backOffMs(1, b, () => 0.25)).toBe(1800);
    expect(backOffMs(5, b, () => 1)).toBe(38_400);
    expect(backOffMs(6, b, () => 0)).toBe(51_200);
    expect(backOffMs(6, b, () => 1)).toBe(60_000);
  });

  it('keeps growing past 2^30 attempts without overflowing to Infinity', () => {
    expect(backOffMs(2000, { initialMs: 1, maxMs: Number.MAX_SAFE_INTEGER }, () => 0.5)).toBe(2 ** 30);
  });
});

describe('delivery rounds', () => {
  const START = Date.parse('2026-03-02T02:00:00Z');

  function rig(answers: DeliveryResult[] | ((r: OutboxRow) => DeliveryResult | Promise<DeliveryResult>)) {
    const clock = new ManualClock(START);
    const store = openSqliteStorage({ dataDir: null, timeZone: 'Asia/Shanghai' }).ratings;
    const sent: { ref: string; key: string; at: number }[] = [];
    const sender: RatingSender = async (r) => {
      sent.push({ ref: r.ref, key: r.idempotencyKey, at: clock.now() });
      if (typeof answers === 'function') return answers(r);
      const next = answers.shift();
      if (!next) throw new Error('no answer');
      return next;
    };
    const outbox = new RatingOutbox(store, sender, clock, silentLogger, { initialMs: 1000, maxMs: 8000 });
    const add = (ref: number) =>
      store.add({
        kind: 'ticket',
        ref: String(ref),
        areaId: 'tax',
        level: 5,
        reasons: [],
        comment: null,
        at: clock.now(),
      });
    return { clock, store, outbox, sent, add };
  }

  it('delivers what is due, oldest first, and then nothing more', async () => {
    const { store, outbox, sent, add, clock } = rig(() => ({ kind: 'delivered' }));
    await add(1);
    await add(2);
    outbox.start();
    await outbox.settled();
    expect(sent.map((s) => s.ref)).toEqual(['1', '2']);
    expect((await store.summary()).outbox).toMatchObject({ pending: 0, delivered: 2, rejected: 0 });
    await clock.advance(10 * 60_000);
    await outbox.settled();
    expect(sent).toHaveLength(2);
    outbox.stop();
  });

  it('a failed try waits its back-off, then tries again with the same key', async () => {
    const { store, outbox, sent, add, clock } = rig([
      { kind: 'retry', reason: 'HTTP 503' },
      { kind: 'retry', reason: 'HTTP 503' },
      { kind: 'delivered' },
    ]);
    await add(1);
    outbox.start();
    await outbox.settled();
    expect(sent).toHaveLength(1);
    // Back-off after the first failure: 1000 ms ± 20 %.
    await clock.advance(799);
    await outbox.settled();
    expect(sent).toHaveLength(1);
    await clock.advance(1201 + 2400);
    await outbox.settled();
    expect(sent).toHaveLength(3);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(800);
    expect(sent[1]!.at - sent[0]!.at).toBeLessThanOrEqual(1200);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(1600);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    expect((await store.summary()).outbox).toMatchObject({ pending: 0, delivered: 1 });
    outbox.stop();
  });

  it('a rejection is kept for a technician and never tried again', async () => {
    const { store, outbox, sent, add, clock } = rig(() => ({ kind: 'rejected', reason: 'HTTP 400' }));
    await add(1);
    outbox.start();
    await outbox.settled();
    await clock.advance(10 * 60_000);
    await outbox.settled();
    expect(sent).toHaveLength(1);
    expect((await store.summary()).outbox).toMatchObject({ pending: 0, delivered: 0, rejected: 1 });
    outbox.stop();
  });

  it('a sender that throws counts as a failed try, not a lost rating', async () => {
    const { store, outbox, sent, add, clock } = rig([]);
    await add(1);
    outbox.start();
    await outbox.settled();
    expect((await store.summary()).outbox).toMatchObject({ pending: 1, delivered: 0 });
    await clock.advance(1200);
    await outbox.settled();
    expect(sent).toHaveLength(2);
    outbox.stop();
  });

  it('a rating added during a round is delivered in that round', async () => {
    let added = false;
    const h = rig(async () => {
      if (!added) {
        added = true;
        await h.add(2);
        h.outbox.kick();
      }
      return { kind: 'delivered' };
    });
    await h.add(1);
    h.outbox.start();
    await h.outbox.settled();
    expect(h.sent.map((s) => s.ref)).toEqual(['1', '2']);
    expect(h.clock.pendingTimers).toBe(1);
    h.outbox.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('sleeps at most a minute when nothing is due, and not at all once stopped', async () => {
    const { outbox, sent, add, clock } = rig(() => ({ kind: 'delivered' }));
    outbox.start();
    await outbox.settled();
    await add(1); // added without a kick: found by the next round, a minute later at the latest
    await clock.advance(59_999);
    await outbox.settled();
    expect(sent).toHaveLength(0);
    await clock.advance(1);
    await outbox.settled();
    expect(sent).toHaveLength(1);
    outbox.stop();
    await add(2);
    outbox.kick();
    await clock.advance(120_000);
    await outbox.settled();
    expect(sent).toHaveLength(1);
  });
});
