// The credential guard at its edges: a session ends at the exact millisecond it expires; a PIN of 64
// characters is allowed, one of 65 is refused without being checked or counted, as are a PIN shorter
// than six digits and one that is not text (each proven with a stored hash that would match it if it
// were checked).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { CredentialGuard } from '../../src/auth/credential-guard.ts';
import { hashPin } from '../../src/auth/pin-hash.ts';

const options = { maxFailures: 5, lockMs: 300_000, sessionMs: 60_000 };

async function guardFor(pin: string) {
  const clock = new ManualClock();
  return { clock, g: new CredentialGuard(await hashPin(pin, { N: 1 << 10 }), clock, options) };
}

describe('PIN length and type', () => {
  it('accepts a right PIN of 64 characters', async () => {
    const { g } = await guardFor('7'.repeat(64));
    expect(await g.login('7'.repeat(64))).toMatchObject({ ok: true });
  });

  it('refuses a PIN of 65 characters even when it is the right one', async () => {
    const { g } = await guardFor('7'.repeat(65));
    expect(await g.login('7'.repeat(65))).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 5 });
  });

  it('refuses an empty PIN and one of five digits even when the stored hash is of that PIN', async () => {
    expect(await (await guardFor('')).g.login('')).toEqual({ ok: false, reason: 'tooShort', minLength: 6 });
    expect(await (await guardFor('24681')).g.login('24681')).toEqual({
      ok: false,
      reason: 'tooShort',
      minLength: 6,
    });
    expect(await (await guardFor('246810')).g.login('246810')).toMatchObject({ ok: true });
  });

  it('refuses a number where a PIN string belongs, even when its digits are the PIN', async () => {
    const { g } = await guardFor('246810');
    expect(await g.login(246810 as unknown as string)).toEqual({
      ok: false,
      reason: 'wrongPin',
      attemptsLeft: 5,
    });
  });
});

describe('session expiry', () => {
  it('a token is valid one millisecond before it expires and invalid at that millisecond', async () => {
    const { g, clock } = await guardFor('246810');
    const r = await g.login('246810');
    if (!r.ok) throw new Error('login failed');
    expect(r.expiresAt).toBe(clock.now() + 60_000);
    await clock.advance(59_999);
    expect(g.check(r.token)).toBe(true); // extended to now + 60 s
    await clock.advance(60_000);
    expect(g.check(r.token)).toBe(false);
  });

  it('tokens are long and random', async () => {
    const { g } = await guardFor('246810');
    const a = g.issue().token;
    const b = g.issue().token;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
