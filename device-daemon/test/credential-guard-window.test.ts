// Wrong PINs count within a window of one lock period after the last one: typos spread over weeks of
// uptime never add up to a lock, and neither sources that guessed and went away nor sessions nobody
// ended are remembered for good.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { CredentialGuard, type GuardAuditEvent } from '../src/auth/credential-guard.ts';

const RIGHT = '246810';
const WRONG = '000000';

function guard(globalMaxFailures?: number) {
  const clock = new ManualClock();
  const audit: GuardAuditEvent[] = [];
  const g = new CredentialGuard('hash', clock, {
    maxFailures: 3,
    lockMs: 10_000,
    sessionMs: 60_000,
    ...(globalMaxFailures === undefined ? {} : { globalMaxFailures }),
    onAudit: (e) => audit.push(e),
    verify: async (pin) => pin === RIGHT,
  });
  return { g, clock, audit };
}

describe("a source's wrong PINs", () => {
  it('still count a moment before a lock period has passed since the last one', async () => {
    const { g, clock } = guard();
    await g.login(WRONG, 'a');
    await clock.advance(9_000);
    await g.login(WRONG, 'a');
    await clock.advance(9_999);
    // The first is 18,999 ms old, but the window runs from the last.
    expect(await g.login(WRONG, 'a')).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 10 });
  });

  it('are forgotten a lock period after the last one', async () => {
    const { g, clock } = guard();
    await g.login(WRONG, 'a');
    await g.login(WRONG, 'a');
    await clock.advance(10_000);
    expect(await g.login(WRONG, 'a')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 2 });
  });
});

describe('typos spread over a long uptime', () => {
  it('never lock everybody out, however many add up', async () => {
    // Hall-wide: ten times three. One typo an hour from the staff, each followed by the right PIN.
    const { g, clock, audit } = guard();
    for (let hour = 0; hour < 100; hour++) {
      expect(await g.login(WRONG, `counter-${hour % 4}`)).toMatchObject({ reason: 'wrongPin' });
      expect(await g.login(RIGHT, `counter-${hour % 4}`)).toMatchObject({ ok: true });
      await clock.advance(3_600_000);
    }
    expect(audit.filter((e) => e.kind === 'lockedOut')).toEqual([]);
  });

  it('within one window still lock everybody out, as a spread-out guess does', async () => {
    const { g, clock } = guard();
    for (let i = 0; i < 30; i++) {
      await g.login(WRONG, `10.0.0.${i}`);
      await clock.advance(300);
    }
    expect(await g.login(RIGHT, '10.0.1.1')).toMatchObject({ ok: false, reason: 'locked' });
  });
});

describe('what the guard keeps', () => {
  it('forgets sources that guessed once and went away, once their window is over', async () => {
    const { g, clock } = guard(100_000);
    for (let i = 0; i < 1_000; i++) await g.login(WRONG, `10.0.${i >> 8}.${i & 255}`);
    // 1,000 sources and the hall-wide count.
    expect(g.trackedSources).toBe(1_001);
    await clock.advance(10_000);
    await g.login(WRONG, '10.9.9.9');
    // The newcomer and the hall-wide count.
    expect(g.trackedSources).toBe(2);
  });

  it('keeps a locked source until its lock ends, even when others come and go', async () => {
    const { g, clock } = guard(100_000);
    for (let i = 0; i < 3; i++) await g.login(WRONG, 'locked');
    await clock.advance(9_999);
    await g.login(WRONG, 'newcomer');
    expect(g.retryAfterSeconds('locked')).toBe(1);
    await clock.advance(1);
    expect(await g.login(RIGHT, 'locked')).toMatchObject({ ok: true });
  });

  it('forgets sessions nobody ended once they have expired', async () => {
    const { g, clock } = guard();
    const first = g.issue();
    for (let i = 0; i < 99; i++) g.issue();
    expect(g.sessionCount).toBe(100);
    await clock.advance(30_000);
    // Used, so extended: kept when the others expire.
    expect(g.check(first.token)).toBe(true);
    await clock.advance(30_000);
    const last = g.issue();
    expect(g.sessionCount).toBe(2);
    expect(g.check(first.token)).toBe(true);
    expect(g.check(last.token)).toBe(true);
  });
});
