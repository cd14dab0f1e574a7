// After a lock-out ends, the count of wrong PINs starts again from zero: one more wrong PIN is one of
// five, not a sixth that locks again at once.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { CredentialGuard } from '../../src/auth/credential-guard.ts';
import { hashPin } from '../../src/auth/pin-hash.ts';

const options = { maxFailures: 5, lockMs: 300_000, sessionMs: 60_000 };

async function guard() {
  const clock = new ManualClock();
  return { clock, g: new CredentialGuard(await hashPin('246810', { N: 1 << 10 }), clock, options) };
}

describe('the lock-out', () => {
  it('gives five fresh attempts once it has ended', async () => {
    const { g, clock } = await guard();
    for (let i = 0; i < 5; i++) await g.login('000000');
    await clock.advance(300_000);
    expect(await g.login('000000')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 4 });
    for (let i = 3; i >= 1; i--)
      expect(await g.login('000000')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: i });
    expect(await g.login('000000')).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 300 });
  });

  it('still holds one millisecond before it ends, counting down the seconds left', async () => {
    const { g, clock } = await guard();
    for (let i = 0; i < 5; i++) await g.login('000000');
    await clock.advance(299_999);
    expect(await g.login('246810')).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 1 });
    await clock.advance(1);
    expect(await g.login('246810')).toMatchObject({ ok: true });
  });

  it('refuses an empty PIN, an absurdly long one and a number without checking or counting them', async () => {
    const { g } = await guard();
    expect(await g.login('')).toEqual({ ok: false, reason: 'tooShort', minLength: 6 });
    expect(await g.login('2'.repeat(65))).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 5 });
    expect(await g.login(42 as unknown as string)).toEqual({
      ok: false,
      reason: 'wrongPin',
      attemptsLeft: 5,
    });
    expect(await g.login('000000')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 4 });
  });
});
