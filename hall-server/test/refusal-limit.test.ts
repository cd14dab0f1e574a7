import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { RefusalLimit, type RefusalAuditEvent } from '../src/auth/refusal-limit.ts';

const OPTIONS = { maxRefusals: 3, lockMs: 60_000, globalMaxRefusals: 5 };

function limit() {
  const clock = new ManualClock();
  const events: RefusalAuditEvent[] = [];
  return { clock, events, l: new RefusalLimit(clock, OPTIONS, (e) => events.push(e)) };
}

describe('RefusalLimit', () => {
  it('counts refusals to a lock, turns the source away unchecked until it ends, then says how many', async () => {
    const { clock, events, l } = limit();
    expect(l.blocked('a')).toBe(0);
    expect(l.refused('a')).toBe(0);
    expect(l.refused('a')).toBe(0);
    expect(l.refused('a')).toBe(60);
    expect(events.map((e) => e.kind)).toEqual(['refused', 'refused', 'locked']);
    expect(events[1]).toMatchObject({ source: 'a', leftBeforeLock: 1 });
    await clock.advance(30_000);
    expect(l.blocked('a')).toBe(30);
    expect(l.blocked('a')).toBe(30);
    // Another source is not locked out.
    expect(l.blocked('b')).toBe(0);
    await clock.advance(30_000);
    expect(l.blocked('a')).toBe(0);
    expect(events.at(-1)).toEqual({ kind: 'lockEnded', source: 'a', scope: 'source', refusedWhileLocked: 2 });
  });

  it('refusals that finish after the lock (checks in flight) are counted there, not written', () => {
    const { events, l } = limit();
    for (let i = 0; i < 3; i++) l.blocked('a');
    // Five checks were let through at once; all five come back refused.
    const waits = [1, 2, 3, 4, 5].map(() => l.refused('a'));
    expect(waits.map((w) => w > 0)).toEqual([false, false, true, true, true]);
    expect(events.filter((e) => e.source === 'a').map((e) => e.kind)).toEqual([
      'refused',
      'refused',
      'locked',
    ]);
  });

  it('locks every source once refusals from all of them reach the hall-wide limit', () => {
    const { events, l } = limit();
    for (const s of ['a', 'b', 'c', 'd']) l.refused(s);
    expect(l.blocked('e')).toBe(0);
    expect(l.refused('e')).toBe(60);
    expect(events.at(-1)).toMatchObject({ kind: 'locked', scope: 'global' });
    expect(l.blocked('f')).toBe(60);
  });

  it('forgets refusals older than the lock period, and a source that succeeds', async () => {
    const { clock, l } = limit();
    l.refused('a');
    l.refused('a');
    await clock.advance(60_000);
    expect(l.refused('a')).toBe(0);
    expect(l.refused('a')).toBe(0);
    l.succeeded('a');
    expect(l.refused('a')).toBe(0);
    expect(l.refused('a')).toBe(0);
    expect(l.refused('a')).toBe(60);
  });

  it('remembers no source once its refusals have run out, however many came', async () => {
    const { clock, l } = limit();
    for (let i = 0; i < 1000; i++) {
      l.blocked(`10.0.${i >> 8}.${i & 255}`);
      l.refused(`10.0.${i >> 8}.${i & 255}`);
    }
    expect(l.trackedSources).toBeGreaterThan(0);
    await clock.advance(60_000);
    for (let i = 0; i < 1000; i++) l.blocked(`10.0.${i >> 8}.${i & 255}`);
    expect(l.trackedSources).toBe(0);
  });

  it('forgets sources that never come back once a new one is refused after their period', async () => {
    const { clock, l } = limit();
    for (let i = 0; i < 4; i++) l.refused(`10.0.0.${i}`);
    expect(l.trackedSources).toBe(5);
    await clock.advance(60_000);
    l.refused('10.0.1.1');
    // The new source and the hall-wide count, nothing of the four before.
    expect(l.trackedSources).toBe(2);
  });
});
