// More of the 好差评 outbox's rules: the default back-off (2 s doubling, capped at 10 minutes), a round
// that delivers more than one batch, a kick that replaces the pending wake-up instead of adding one, a
// kick before start, a stop in the middle of a round, and what the technician's log says.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { createLogger, silentLogger, type Logger } from '../../src/log.ts';
import { RatingOutbox, type DeliveryResult, type RatingSender } from '../../src/ratings/rating-outbox.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';

const START = Date.parse('2026-03-02T02:00:00Z');

function rig(
  answer: (ref: string) => DeliveryResult | Promise<DeliveryResult>,
  options: { log?: Logger; backOff?: boolean } = {},
) {
  const clock = new ManualClock(START);
  const store = openSqliteStorage({ dataDir: null, timeZone: 'Asia/Shanghai' }).ratings;
  const sent: { ref: string; at: number }[] = [];
  const sender: RatingSender = async (r) => {
    sent.push({ ref: r.ref, at: clock.now() });
    return answer(r.ref);
  };
  const outbox =
    options.backOff === false
      ? new RatingOutbox(store, sender, clock, options.log ?? silentLogger)
      : new RatingOutbox(store, sender, clock, options.log ?? silentLogger, { initialMs: 1000, maxMs: 8000 });
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

describe('the default back-off', () => {
  it('starts at 2 s (±20 %) and doubles up to a cap of 10 minutes', async () => {
    const { outbox, sent, add, clock } = rig(() => ({ kind: 'retry', reason: 'HTTP 503' }), {
      backOff: false,
    });
    await add(1);
    outbox.start();
    await outbox.settled();
    for (let i = 0; i < 12; i++) {
      await clock.advance(60_000);
      await outbox.settled();
    }
    for (let i = 0; i < 30; i++) {
      await clock.advance(60_000);
      await outbox.settled();
    }
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(1600);
    expect(gaps[0]).toBeLessThanOrEqual(2400);
    expect(Math.max(...gaps)).toBe(600_000);
    expect(gaps.filter((g) => g === 600_000).length).toBeGreaterThanOrEqual(1);
    outbox.stop();
  });
});

describe('rounds', () => {
  it('delivers more than one batch (20) in one round, without waiting for a timer', async () => {
    const { outbox, sent, add } = rig(() => ({ kind: 'delivered' }));
    for (let i = 1; i <= 25; i++) add(i);
    outbox.start();
    await outbox.settled();
    expect(sent).toHaveLength(25);
  });

  it('a kick replaces the pending wake-up rather than adding another', async () => {
    const { outbox, add, clock } = rig(() => ({ kind: 'delivered' }));
    outbox.start();
    await outbox.settled();
    expect(clock.pendingTimers).toBe(1);
    await add(1);
    outbox.kick();
    await outbox.settled();
    expect(clock.pendingTimers).toBe(1);
    outbox.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a kick delivers at once, even before start', async () => {
    const { outbox, sent, add } = rig(() => ({ kind: 'delivered' }));
    await add(1);
    outbox.kick();
    await outbox.settled();
    expect(sent.map((s) => s.ref)).toEqual(['1']);
    outbox.stop();
  });

  it('a stop during a round sends nothing more and leaves no wake-up behind', async () => {
    let outboxRef: RatingOutbox | null = null;
    const h = rig(() => {
      outboxRef!.stop();
      return { kind: 'delivered' };
    });
    outboxRef = h.outbox;
    await h.add(1);
    await h.add(2);
    h.outbox.start();
    await h.outbox.settled();
    expect(h.sent.map((s) => s.ref)).toEqual(['1']);
    expect(h.clock.pendingTimers).toBe(0);
    expect((await h.store.summary()).outbox).toMatchObject({ pending: 1, delivered: 1 });
  });
});

describe('a stop during the last send of a round', () => {
  it('leaves no wake-up behind', async () => {
    let outboxRef: RatingOutbox | null = null;
    const h = rig(() => {
      outboxRef!.stop();
      return { kind: 'delivered' };
    });
    outboxRef = h.outbox;
    await h.add(1);
    h.outbox.start();
    await h.outbox.settled();
    expect(h.sent).toHaveLength(1);
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe('what the log says', () => {
  function recordingLogger() {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      destination: {
        write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>),
      } as never,
    });
    return { log, lines };
  }

  it('a failed try: the rating, the attempt number, the wait and the reason', async () => {
    const { log, lines } = recordingLogger();
    const { outbox, add } = rig(() => ({ kind: 'retry', reason: 'HTTP 503' }), { log });
    const id = add(1);
    outbox.start();
    await outbox.settled();
    outbox.stop();
    const line = lines.find((l) => l.msg === 'rating delivery failed; will retry');
    expect(line).toMatchObject({ rating: id, attempts: 1, reason: 'HTTP 503' });
    expect(line!.retryInMs).toBeGreaterThanOrEqual(800);
    expect(line!.retryInMs).toBeLessThanOrEqual(1200);
  });

  it('a rejection: a warning with the rating and the reason', async () => {
    const { log, lines } = recordingLogger();
    const { outbox, add } = rig(() => ({ kind: 'rejected', reason: 'HTTP 422' }), { log });
    const id = add(1);
    outbox.start();
    await outbox.settled();
    outbox.stop();
    expect(lines.find((l) => l.msg === 'rating rejected by the evaluation system')).toMatchObject({
      level: 40,
      rating: id,
      reason: 'HTTP 422',
    });
  });

  it('a sender that throws: a failed try whose reason names the error kind, never its message', async () => {
    const { log, lines } = recordingLogger();
    const { outbox, add } = rig(
      () => {
        // An unexpected error's message may carry what must not be logged (a URL with a password).
        throw new Error('socket hang up at https://kiosk:S3cret@eval.example/');
      },
      { log },
    );
    await add(1);
    outbox.start();
    await outbox.settled();
    outbox.stop();
    expect(lines.find((l) => l.msg === 'rating delivery failed; will retry')).toMatchObject({
      reason: 'delivery failed (Error)',
    });
    expect(JSON.stringify(lines)).not.toContain('S3cret');
  });
});
