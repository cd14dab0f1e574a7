// The credential guard's bookkeeping per source and hall-wide: the global lock's audit events name it as
// such, a lock ends exactly at its millisecond, sources with nothing to remember are forgotten, the
// global threshold defaults to ten times the per-source one, and a login without a source is "local".
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { CredentialGuard, type GuardAuditEvent, type GuardOptions } from '../../src/auth/credential-guard.ts';

function guard(extra: Partial<GuardOptions> = {}) {
  const clock = new ManualClock();
  const audit: GuardAuditEvent[] = [];
  const g = new CredentialGuard('hash', clock, {
    maxFailures: 2,
    lockMs: 10_000,
    sessionMs: 60_000,
    onAudit: (e) => audit.push(e),
    verify: async (pin) => pin === '246810',
    ...extra,
  });
  return { g, clock, audit };
}

describe('the hall-wide lock', () => {
  it('comes after ten times the per-source threshold by default, and its events say "all sources"', async () => {
    const { g, audit } = guard();
    for (let i = 0; i < 19; i++) await g.login('000000', `10.0.0.${i}`);
    expect(audit.some((e) => e.kind === 'lockedOut' && e.scope === 'global')).toBe(false);
    await g.login('000000', '10.0.0.19');
    expect(audit.filter((e) => e.kind === 'lockedOut' && e.scope === 'global')).toEqual([
      { kind: 'lockedOut', source: 'all sources', scope: 'global', untilMs: expect.any(Number) },
    ]);
    expect(audit.filter((e) => e.kind === 'lockedOut' && e.scope === 'source')).toHaveLength(0);
    expect(await g.login('246810', '192.168.1.1')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('ends at its millisecond and reports what it refused, as all sources', async () => {
    const { g, clock, audit } = guard({ globalMaxFailures: 2 });
    await g.login('000000', 'a');
    await g.login('000000', 'b');
    expect(g.retryAfterSeconds('c')).toBe(10);
    await g.login('246810', 'c');
    await clock.advance(9_999);
    expect(g.retryAfterSeconds('c')).toBe(1);
    expect(await g.login('246810', 'c')).toMatchObject({ ok: false, reason: 'locked', retryAfterSeconds: 1 });
    await clock.advance(1);
    expect(g.retryAfterSeconds('c')).toBe(0);
    expect(await g.login('246810', 'c')).toMatchObject({ ok: true });
    expect(audit.find((e) => e.kind === 'lockEnded' && e.scope === 'global')).toEqual({
      kind: 'lockEnded',
      source: 'all sources',
      scope: 'global',
      refusedWhileLocked: 2,
    });
  });

  it('a source lock ends with its own address and scope', async () => {
    const { g, clock, audit } = guard();
    await g.login('000000', 'kiosk-7');
    await g.login('000000', 'kiosk-7');
    expect(audit.at(-1)).toEqual({
      kind: 'lockedOut',
      source: 'kiosk-7',
      scope: 'source',
      untilMs: clock.now() + 10_000,
    });
    await clock.advance(10_000);
    await g.login('000000', 'kiosk-7');
    expect(audit.find((e) => e.kind === 'lockEnded')).toEqual({
      kind: 'lockEnded',
      source: 'kiosk-7',
      scope: 'source',
      refusedWhileLocked: 0,
    });
  });
});

describe('what the guard remembers', () => {
  it('nothing for a right PIN, a refused short PIN or a stranger refused during a lock', async () => {
    const { g } = guard({ globalMaxFailures: 1 });
    expect(await g.login('246810', 'a')).toMatchObject({ ok: true });
    expect(g.trackedSources).toBe(0);
    expect(await g.login('123', 'b')).toMatchObject({ reason: 'tooShort' });
    expect(g.trackedSources).toBe(0);
    await g.login('000000', 'c');
    // c failed once (remembered), and the hall-wide count is remembered too.
    expect(g.trackedSources).toBe(2);
    expect(await g.login('246810', 'd')).toMatchObject({ reason: 'locked' });
    expect(g.trackedSources).toBe(2);
  });

  it('forgets a source once its lock has ended and it signs in', async () => {
    const { g, clock } = guard({ globalMaxFailures: 100 });
    await g.login('000000', 'a');
    await g.login('000000', 'a');
    expect(g.trackedSources).toBe(2);
    await clock.advance(9_999);
    await g.login('000000', 'b');
    await clock.advance(1);
    expect(await g.login('246810', 'a')).toMatchObject({ ok: true });
    // The hall-wide count remains: b's wrong PIN is a millisecond old.
    expect(g.trackedSources).toBe(2);
    await clock.advance(9_999);
    expect(await g.login('246810', 'a')).toMatchObject({ ok: true });
    expect(g.trackedSources).toBe(0);
  });

  it('a login without a source counts as "local"', async () => {
    const { g } = guard();
    await g.login('000000');
    await g.login('000000');
    expect(g.retryAfterSeconds('local')).toBe(10);
    expect(g.retryAfterSeconds('elsewhere')).toBe(0);
  });
});
