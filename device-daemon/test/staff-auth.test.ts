import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { hashPin, verifyPin } from '../src/auth/pin-hash.ts';
import { CredentialGuard } from '../src/auth/credential-guard.ts';

// A cheap cost keeps the tests fast; the format and comparison are the same.
const cheap = { N: 1 << 10 };

describe('PIN hashes', () => {
  it('verifies the PIN it was made from and nothing else; salts differ', async () => {
    const a = await hashPin('2468', cheap);
    const b = await hashPin('2468', cheap);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('2468');
    expect(await verifyPin('2468', a)).toBe(true);
    expect(await verifyPin('2469', a)).toBe(false);
  });
  it('never matches (nor throws on) a malformed or absurd hash', async () => {
    for (const bad of [
      '',
      'scrypt$',
      'bcrypt$1$2$3$4$5',
      'scrypt$99999999$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$1024$8$1$$',
    ])
      expect(await verifyPin('2468', bad)).toBe(false);
  });
});

describe('credential guard', () => {
  async function guard() {
    const clock = new ManualClock();
    return {
      clock,
      g: new CredentialGuard(await hashPin('2468', cheap), clock, {
        maxFailures: 5,
        lockMs: 300_000,
        sessionMs: 60_000,
      }),
    };
  }
  it('locks entry after five wrong PINs, even for the right one, until the lock ends', async () => {
    const { g, clock } = await guard();
    for (let i = 4; i >= 1; i--)
      expect(await g.login('0000')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: i });
    expect(await g.login('0000')).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 300 });
    expect(await g.login('2468')).toMatchObject({ ok: false, reason: 'locked' });
    await clock.advance(300_000);
    expect(await g.login('2468')).toMatchObject({ ok: true });
  });
  it('a right PIN resets the count of wrong ones', async () => {
    const { g } = await guard();
    for (let i = 0; i < 4; i++) await g.login('0000');
    expect((await g.login('2468')).ok).toBe(true);
    expect(await g.login('0000')).toMatchObject({ reason: 'wrongPin', attemptsLeft: 4 });
  });
  it('tokens expire after inactivity, are extended by use, and end at logout', async () => {
    const { g, clock } = await guard();
    const r = await g.login('2468');
    if (!r.ok) throw new Error('login failed');
    await clock.advance(50_000);
    expect(g.check(r.token)).toBe(true);
    await clock.advance(50_000);
    expect(g.check(r.token)).toBe(true);
    await clock.advance(60_001);
    expect(g.check(r.token)).toBe(false);
    const r2 = await g.login('2468');
    if (!r2.ok) throw new Error('login failed');
    g.logout(r2.token);
    expect(g.check(r2.token)).toBe(false);
    expect(g.check('made-up')).toBe(false);
    expect(g.check(null)).toBe(false);
  });
});
