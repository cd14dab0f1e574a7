import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { hashPin, verifyPin } from '../src/auth/pin-hash.ts';
import { hashPinCommand } from '../src/cli/hash-pin.ts';
import { CredentialGuard, type GuardAuditEvent, type GuardOptions } from '../src/auth/credential-guard.ts';

// A cheap cost keeps the tests fast; the format and comparison are the same.
const cheap = { N: 1 << 10 };

describe('PIN hashes', () => {
  it('verifies the PIN it was made from and nothing else; salts differ', async () => {
    const a = await hashPin('246810', cheap);
    const b = await hashPin('246810', cheap);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('246810');
    expect(await verifyPin('246810', a)).toBe(true);
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
      expect(await verifyPin('246810', bad)).toBe(false);
  });
});

describe('credential guard', () => {
  async function guard() {
    const clock = new ManualClock();
    return {
      clock,
      g: new CredentialGuard(await hashPin('24681010', cheap), clock, {
        maxFailures: 5,
        lockMs: 300_000,
        sessionMs: 60_000,
      }),
    };
  }
  it('locks entry after five wrong PINs, even for the right one, until the lock ends', async () => {
    const { g, clock } = await guard();
    for (let i = 4; i >= 1; i--)
      expect(await g.login('000000')).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: i });
    expect(await g.login('000000')).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 300 });
    expect(await g.login('24681010')).toMatchObject({ ok: false, reason: 'locked' });
    await clock.advance(300_000);
    expect(await g.login('24681010')).toMatchObject({ ok: true });
  });
  it('a right PIN resets the count of wrong ones', async () => {
    const { g } = await guard();
    for (let i = 0; i < 4; i++) await g.login('000000');
    expect((await g.login('24681010')).ok).toBe(true);
    expect(await g.login('000000')).toMatchObject({ reason: 'wrongPin', attemptsLeft: 4 });
  });
  it('tokens expire after inactivity, are extended by use, and end at logout', async () => {
    const { g, clock } = await guard();
    const r = await g.login('24681010');
    if (!r.ok) throw new Error('login failed');
    await clock.advance(50_000);
    expect(g.check(r.token)).toBe(true);
    await clock.advance(50_000);
    expect(g.check(r.token)).toBe(true);
    await clock.advance(60_001);
    expect(g.check(r.token)).toBe(false);
    const r2 = await g.login('24681010');
    if (!r2.ok) throw new Error('login failed');
    g.logout(r2.token);
    expect(g.check(r2.token)).toBe(false);
    expect(g.check('made-up')).toBe(false);
    expect(g.check(null)).toBe(false);
  });
});

describe('credential guard under a burst (lock-outs hold under concurrency)', () => {
  /** A guard whose PIN check takes 50 ms of (manual) time and counts how often it ran. */
  function countingGuard(extra: Partial<GuardOptions> = {}) {
    const clock = new ManualClock();
    const audit: GuardAuditEvent[] = [];
    let evaluations = 0;
    const g = new CredentialGuard('hash-of-24681010', clock, {
      maxFailures: 5,
      lockMs: 300_000,
      sessionMs: 60_000,
      onAudit: (e) => audit.push(e),
      verify: async (pin) => {
        evaluations++;
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 50));
        return pin === '24681010';
      },
      ...extra,
    });
    return { g, clock, audit, evaluations: () => evaluations };
  }

  it('1,000 wrong PINs and the right one sent at once from one place: 5 are checked, none gets in', async () => {
    const { g, clock, evaluations } = countingGuard();
    const burst = [
      ...Array.from({ length: 1000 }, () => g.login('000000', '10.0.0.7')),
      g.login('24681010', '10.0.0.7'),
    ];
    await clock.advance(100);
    const results = await Promise.all(burst);
    expect(evaluations()).toBe(5);
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    expect(g.retryAfterSeconds('10.0.0.7')).toBe(300);
  });

  it('1,000 guesses from 1,000 places at once: at most the global threshold is ever checked', async () => {
    const { g, clock, evaluations } = countingGuard({ globalMaxFailures: 50 });
    const burst = Array.from({ length: 1000 }, (_, i) => g.login('000000', `10.0.${i >> 8}.${i & 255}`));
    await clock.advance(100);
    await Promise.all(burst);
    expect(evaluations()).toBe(50);
    // Everybody waits for the global lock now, the right PIN included.
    expect(await g.login('24681010', '192.168.9.9')).toMatchObject({
      ok: false,
      reason: 'locked',
      retryAfterSeconds: 300,
    });
  });

  it('a lock-out is per source: guessing from one machine does not keep the counter staff out', async () => {
    const { g, clock } = countingGuard();
    for (let i = 0; i < 5; i++) {
      const p = g.login('000000', 'attacker');
      await clock.advance(50);
      await p;
    }
    const attacker = g.login('24681010', 'attacker');
    const staff = g.login('24681010', 'window-37');
    await clock.advance(50);
    expect(await attacker).toMatchObject({ ok: false, reason: 'locked' });
    expect(await staff).toMatchObject({ ok: true });
  });

  it('after the lock ends the count starts again: one wrong PIN is not a new lock-out', async () => {
    const { g, clock } = countingGuard();
    for (let i = 0; i < 5; i++) {
      const p = g.login('000000', 'a');
      await clock.advance(50);
      await p;
    }
    await clock.advance(300_000);
    const p = g.login('000000', 'a');
    await clock.advance(50);
    expect(await p).toEqual({ ok: false, reason: 'wrongPin', attemptsLeft: 4 });
  });

  it('audits each checked failure, one row per lock, and what was refused while locked — not a row per request', async () => {
    const { g, clock, audit } = countingGuard();
    for (let i = 0; i < 5; i++) {
      const p = g.login('000000', 'a');
      await clock.advance(50);
      await p;
    }
    for (let i = 0; i < 100; i++) await g.login('000000', 'a');
    await clock.advance(300_000);
    const p = g.login('24681010', 'a');
    await clock.advance(50);
    await p;
    expect(audit.map((e) => e.kind)).toEqual([
      'loginFailed',
      'loginFailed',
      'loginFailed',
      'loginFailed',
      'lockedOut',
      'lockEnded',
      'loggedIn',
    ]);
    expect(audit.find((e) => e.kind === 'lockEnded')).toMatchObject({ source: 'a', refusedWhileLocked: 100 });
  });

  it('refuses PINs shorter than six digits without checking them', async () => {
    const { g, evaluations } = countingGuard();
    expect(await g.login('2468', 'a')).toEqual({ ok: false, reason: 'tooShort', minLength: 6 });
    expect(await g.login(1234, 'a')).toMatchObject({ ok: false, reason: 'wrongPin' });
    expect(evaluations()).toBe(0);
  });
});

describe('kiosk hash-pin', () => {
  it('refuses a PIN shorter than six digits (the sign-in would refuse it) and hashes one of six', async () => {
    const out: string[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    try {
      expect(await hashPinCommand([], () => '2468\n')).toBe(1);
      expect(await hashPinCommand([], () => '12345\n')).toBe(1);
      expect(await hashPinCommand([], () => '24681a\n')).toBe(1);
      expect(out).toEqual([]);
      expect(await hashPinCommand([], () => '246810\n')).toBe(0);
      expect(await verifyPin('246810', out[0]!)).toBe(true);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
  });
});
