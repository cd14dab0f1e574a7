// `kiosk status` in hall mode: the link to the hall (online / suspect / offline since when, the offline
// tickets waiting to sync) and the kiosk's clock against the hall's, with the warning at 30 s or more.
import { describe, expect, it } from 'vitest';
import { clockOffsetParts, KioskStatus, type HallLinkStatus } from '@hall-kiosk/shared';
import { hallLinkLines, offsetWords } from '../src/cli/status.ts';

const base: HallLinkStatus = {
  state: 'online',
  since: null,
  offlinePending: 0,
  clockOffsetMs: 200,
  clockUncertaintyMs: 600,
  clockWarnMs: 30_000,
  timeZone: 'Asia/Shanghai',
};

describe('the hall link in kiosk status', () => {
  it('says online and in step when all is well', () => {
    expect(hallLinkLines(base)).toEqual([
      'hall link: online · 0 offline ticket(s) waiting to sync',
      'kiosk clock: in step with the hall’s (± 0.6 s)',
    ]);
  });

  it('says since when (by the hall’s clock, in its time zone) the link is offline or suspect', () => {
    // 06:03 UTC is 14:03 in Shanghai.
    const offline = hallLinkLines({
      ...base,
      state: 'offline',
      since: '2026-01-05T06:03:40.000Z',
      offlinePending: 7,
    });
    expect(offline[0]).toBe(
      'hall link: offline since 14:03 (tickets are issued offline) · 7 offline ticket(s) waiting to sync',
    );
    const suspect = hallLinkLines({ ...base, state: 'suspect', since: '2026-01-05T15:59:00.000Z' });
    expect(suspect[0]).toMatch(/^hall link: suspect since 23:59 \(a request got no answer in time;/);
  });

  it('gives the offset in words, slow or fast, and warns at 30 s or more', () => {
    const slow = hallLinkLines({ ...base, clockOffsetMs: 602_000, clockUncertaintyMs: 1200 });
    expect(slow[1]).toMatch(
      /^kiosk clock: 10 min 2 s slow against the hall’s \(± 1\.2 s\) — WARNING: 30 s or more off/,
    );
    const fast = hallLinkLines({ ...base, clockOffsetMs: -(86_400_000 + 5000) });
    expect(fast[1]).toMatch(/^kiosk clock: 1 d 0 h 0 min 5 s fast against the hall’s/);
    expect(hallLinkLines({ ...base, clockOffsetMs: 29_400 })[1]).toBe(
      'kiosk clock: 29 s slow against the hall’s (± 0.6 s)',
    );
    expect(hallLinkLines({ ...base, clockOffsetMs: -30_000 })[1]).toContain('WARNING');
    expect(hallLinkLines({ ...base, clockOffsetMs: null, clockUncertaintyMs: null })[1]).toBe(
      'kiosk clock: not measured against the hall’s yet',
    );
  });

  it('splits an offset into whole units (seconds rounded)', () => {
    expect(clockOffsetParts(602_400)).toEqual({ way: 'slow', days: 0, hours: 0, minutes: 10, seconds: 2 });
    expect(clockOffsetParts(-3_723_600)).toEqual({ way: 'fast', days: 0, hours: 1, minutes: 2, seconds: 4 });
    expect(clockOffsetParts(-400).way).toBe('same');
    expect(offsetWords(45_000)).toBe('45 s');
    expect(offsetWords(3_600_000)).toBe('1 h 0 min 0 s');
  });

  it('is part of the status on the wire, and optional (a kiosk not in hall mode has none)', () => {
    const status = {
      version: '1',
      uptimeSeconds: 3,
      hall: { zh: '中心', en: 'Centre' },
      devices: [],
      queue: [],
      ratings: {
        byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
        outbox: { pending: 0, delivered: 0, rejected: 0, oldestPendingAt: null },
      },
      printProblems: 0,
    };
    expect(KioskStatus.safeParse(status).success).toBe(true);
    expect(KioskStatus.safeParse({ ...status, hallLink: base }).success).toBe(true);
    expect(KioskStatus.safeParse({ ...status, hallLink: { ...base, state: 'down' } }).success).toBe(false);
  });
});
