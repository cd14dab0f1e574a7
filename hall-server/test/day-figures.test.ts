// The daily report's fold (reports/day-figures.ts) on its own: the edges the day built in
// supervisor.test.ts does not reach.
import { describe, expect, it } from 'vitest';
import { foldDay, type DayEvent } from '../src/reports/day-figures.ts';

const m = (minutes: number) => Date.UTC(2026, 10, 30, 1, 0) + minutes * 60_000;
const ev = (ticketId: number, event: DayEvent['event'], at: number, o: Partial<DayEvent> = {}): DayEvent => ({
  ticketId,
  event,
  areaId: 'tax',
  counterId: event === 'issued' ? null : 'w014',
  staffId: event === 'issued' ? null : 7,
  at: m(at),
  issuedAt: m(0),
  ...o,
});

describe('foldDay', () => {
  it('a done without a call in the log counts as served but has no service time', () => {
    const f = foldDay([ev(1, 'issued', 0), ev(1, 'done', 5)], []);
    expect(f.hall).toMatchObject({ served: 1, serviceCount: 0, waitCount: 0, longestWait: null });
  });

  it('service time runs from the latest call, wait to the first; recalls change neither', () => {
    const f = foldDay(
      [
        ev(1, 'issued', 0),
        ev(1, 'called', 4),
        ev(1, 'recalled', 6),
        ev(1, 'transferred', 7, { areaId: 'social' }),
        ev(1, 'called', 10, { areaId: 'social', counterId: 'w016', staffId: 8 }),
        ev(1, 'recalled', 11, { areaId: 'social', counterId: 'w016', staffId: 8 }),
        ev(1, 'done', 13, { areaId: 'social', counterId: 'w016', staffId: 8 }),
      ],
      [],
    );
    expect(f.byArea.get('tax')).toMatchObject({ waitSum: 240, waitCount: 1, served: 0 });
    expect(f.byArea.get('social')).toMatchObject({ waitCount: 0, served: 1, serviceSum: 180 });
    expect(f.byWindow.get('w016')).toMatchObject({ served: 1, serviceSum: 180 });
    expect(f.byWindow.has('w014')).toBe(false);
    expect(f.byStaff.get(8)).toMatchObject({ served: 1 });
    expect(f.byStaff.has(7)).toBe(false);
  });

  it('a call logged before the ticket’s time (a clock set back) waits 0, never less', () => {
    const f = foldDay([ev(1, 'issued', 0), ev(1, 'called', -2)], []);
    expect(f.hall).toMatchObject({ waitSum: 0, longestWait: 0 });
  });

  it('ratings: a reason given twice in one rating counts once; reasons only for 差评; nonsense levels ignored', () => {
    const f = foldDay(
      [],
      [
        { source: 'pad', counterId: 'w014', staffId: 7, level: 1, reasons: ['waitTooLong', 'waitTooLong'] },
        { source: 'pad', counterId: 'w014', staffId: 7, level: 4, reasons: ['staffAttitude'] },
        { source: 'pad', counterId: 'w014', staffId: 7, level: 9, reasons: [] },
        { source: 'kiosk', counterId: null, staffId: null, level: 2, reasons: ['systemFault'] },
      ],
    );
    expect(f.hall.ratings).toEqual({ levels: [1, 0, 0, 1, 0], bad: 1, badReasons: { waitTooLong: 1 } });
    expect(f.byStaff.get(7)!.ratings).toEqual(f.hall.ratings);
    expect(f.kioskRatings).toEqual({ levels: [0, 1, 0, 0, 0], bad: 1, badReasons: { systemFault: 1 } });
  });

  it('counts a matter by the matter of the done or no-show, not the one the ticket was issued with', () => {
    const f = foldDay(
      [
        ev(1, 'issued', 0, { matterId: 'SW-001' }),
        ev(1, 'called', 2),
        // Changed at the window before done: the matter handled is SW-002.
        ev(1, 'done', 6, { matterId: 'SW-002' }),
        ev(2, 'issued', 0, { matterId: 'SW-001' }),
        ev(2, 'called', 3),
        ev(2, 'noShow', 4, { matterId: 'SW-001' }),
        ev(3, 'issued', 0),
        ev(3, 'called', 5),
        ev(3, 'done', 7, { matterId: null }),
      ],
      [
        {
          source: 'pad',
          counterId: 'w014',
          staffId: 7,
          level: 2,
          reasons: ['notSolved'],
          matterId: 'SW-002',
        },
        { source: 'pad', counterId: 'w014', staffId: 7, level: 5, reasons: [], matterId: null },
        { source: 'kiosk', counterId: null, staffId: null, level: 1, reasons: ['other'], matterId: 'SW-001' },
      ],
    );
    expect([...f.byMatter.keys()].sort()).toEqual(['SW-001', 'SW-002']);
    expect(f.byMatter.get('SW-002')).toMatchObject({
      served: 1,
      noShow: 0,
      serviceSum: 240,
      serviceCount: 1,
    });
    expect(f.byMatter.get('SW-002')!.ratings).toEqual({
      levels: [0, 1, 0, 0, 0],
      bad: 1,
      badReasons: { notSolved: 1 },
    });
    // Issued with SW-001 but not shown up; a kiosk's own rating counts for no matter.
    expect(f.byMatter.get('SW-001')).toMatchObject({ served: 0, noShow: 1, issued: 0 });
    expect(f.byMatter.get('SW-001')!.ratings.levels).toEqual([0, 0, 0, 0, 0]);
    expect(f.hall).toMatchObject({ served: 2, noShow: 1 });
  });
});
