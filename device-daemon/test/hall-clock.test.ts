import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { silentLogger } from '../src/log.ts';
import { HallClockSkew } from '../src/hall-link/hall-clock.ts';

const T0 = Date.parse('2026-12-01T02:00:00.000Z');
/** The hall's clock is a minute ahead of the kiosk's in every test here. */
const AHEAD = 60_000;

/** A reading taken `hallAfterMs` into a round trip of `rttMs` that left at `sentAt`. */
const sample = (sentAt: number, rttMs: number, hallAfterMs: number, errorMs?: number) => ({
  sentAt,
  receivedAt: sentAt + rttMs,
  hallMs: sentAt + hallAfterMs + AHEAD,
  ...(errorMs === undefined ? {} : { errorMs }),
});

const skew = () => new HallClockSkew({ clock: new ManualClock(T0), log: silentLogger });

// The shortest round trip, nonsense readings and the warnings: hall-server/test/kioskClockSkew.test.ts.
describe("the kiosk's clock against the hall's", () => {
  it("weighs a Date header's whole second against a millisecond reading's round trip", () => {
    const s = skew();
    // A Date header over 10 ms: off by up to 505 ms. A body's `now` over 400 ms: off by up to 200 ms.
    s.observe({ ...sample(T0, 10, 5, 500), hallMs: T0 + 5 + AHEAD - 300 });
    expect(s.report()!.uncertaintyMs).toBe(505);
    s.observe(sample(T0 + 100, 400, 200));
    expect(s.report()).toMatchObject({ offsetMs: AHEAD, uncertaintyMs: 200 });
    // A body's `now` over 1.2 s (off by up to 600 ms) loses to the Date header.
    const t = skew();
    t.observe({ ...sample(T0, 10, 5, 500), hallMs: T0 + 5 + AHEAD - 300 });
    t.observe(sample(T0 + 100, 1200, 600));
    expect(t.report()).toMatchObject({ offsetMs: AHEAD - 300, uncertaintyMs: 505 });
  });

  it('forgets a sample eight answers later, so a clock set since shows', () => {
    const s = skew();
    s.observe(sample(T0, 2, 1));
    // The kiosk's clock is set 5 s back: later samples say the hall is 5 s further ahead.
    for (let i = 1; i <= 7; i++)
      s.observe({ ...sample(T0 + i * 1000, 50, 25), hallMs: T0 + i * 1000 + 25 + AHEAD + 5000 });
    expect(s.report()!.offsetMs).toBe(AHEAD);
    s.observe({ ...sample(T0 + 8000, 50, 25), hallMs: T0 + 8000 + 25 + AHEAD + 5000 });
    expect(s.report()).toMatchObject({ offsetMs: AHEAD + 5000, uncertaintyMs: 25 });
  });
});
