// The hall calendar at its edges: date arithmetic across months and years, each weekday's own hours,
// ranges given out of order, the minute an area closes, a cap reached with or without hours, and the
// next opening found exactly a fortnight ahead but not beyond.
import { describe, expect, it } from 'vitest';
import { addDays, availability, openingsOn, type HallCalendar } from '../../src/queue/calendar.ts';

const cal = (over: Partial<HallCalendar> = {}): HallCalendar => ({
  timeZone: 'Asia/Shanghai',
  holidays: new Set(),
  makeUpWorkdays: new Set(),
  ...over,
});
/** A Shanghai local time as a moment. */
const sh = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

describe('dates', () => {
  it('adds days across months, years and leap days, and goes back too', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-02', 0)).toBe('2026-03-02');
  });
});

describe('opening ranges of a day', () => {
  it('uses each weekday’s own hours (2026-03-02 is a Monday)', () => {
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const hours = Object.fromEntries(days.map((d, i) => [d, [`0${i + 1}:00-0${i + 1}:30`]]));
    for (let i = 0; i < 7; i++) {
      expect(openingsOn(hours, addDays('2026-03-02', i), cal()), days[i]).toEqual([
        { from: (i + 1) * 60, to: (i + 1) * 60 + 30 },
      ]);
    }
  });

  it('sorts ranges given out of order, and reads both ends to the minute', () => {
    expect(openingsOn({ mon: ['13:45-17:05', '08:15-11:55'] }, '2026-03-02', cal())).toEqual([
      { from: 8 * 60 + 15, to: 11 * 60 + 55 },
      { from: 13 * 60 + 45, to: 17 * 60 + 5 },
    ]);
  });

  it('a holiday has none; a day without hours has none; a make-up day has Monday’s', () => {
    const hours = { mon: ['08:30-12:00'] };
    expect(openingsOn(hours, '2026-03-02', cal({ holidays: new Set(['2026-03-02']) }))).toEqual([]);
    expect(openingsOn(hours, '2026-03-03', cal())).toEqual([]);
    expect(openingsOn(hours, '2026-03-07', cal({ makeUpWorkdays: new Set(['2026-03-07']) }))).toEqual([
      { from: 510, to: 720 },
    ]);
  });
});

describe('availability', () => {
  const hours = { mon: ['08:30-12:00', '13:30-17:30'], tue: ['08:30-12:00'] };

  it('is open up to the last minute before closing, and says when it closes', () => {
    expect(availability(hours, sh('2026-03-02 11:59'), cal(), false)).toEqual({
      open: true,
      closesAt: '12:00',
    });
    expect(availability(hours, sh('2026-03-02 17:29'), cal(), false)).toEqual({
      open: true,
      closesAt: '17:30',
    });
    expect(availability(hours, sh('2026-03-02 17:30'), cal(), false)).toEqual({
      open: false,
      reason: 'outsideHours',
      opensAt: '2026-03-03 08:30',
    });
  });

  it('before the first opening of the day, opens later that day', () => {
    expect(availability(hours, sh('2026-03-02 08:29'), cal(), false)).toEqual({
      open: false,
      reason: 'outsideHours',
      opensAt: '2026-03-02 08:30',
    });
  });

  it('a holiday says so, and names the next opening after it', () => {
    expect(
      availability(hours, sh('2026-03-02 09:00'), cal({ holidays: new Set(['2026-03-02']) }), false),
    ).toEqual({
      open: false,
      reason: 'holiday',
      opensAt: '2026-03-03 08:30',
    });
  });

  it('a cap reached during opening hours closes until the next day that opens, at its first range', () => {
    expect(availability(hours, sh('2026-03-02 09:00'), cal(), true)).toEqual({
      open: false,
      reason: 'capReached',
      opensAt: '2026-03-03 08:30',
    });
    // Opening at midnight the next day counts.
    expect(
      availability({ mon: ['00:00-06:00'], tue: ['00:00-06:00'] }, sh('2026-03-02 01:00'), cal(), true),
    ).toEqual({
      open: false,
      reason: 'capReached',
      opensAt: '2026-03-03 00:00',
    });
  });

  it('without hours: open around the clock until the cap, then closed until midnight', () => {
    expect(
      availability(undefined, sh('2026-03-02 03:00'), cal({ holidays: new Set(['2026-03-02']) }), false),
    ).toEqual({
      open: true,
      closesAt: null,
    });
    expect(availability(undefined, sh('2026-03-02 15:00'), cal(), true)).toEqual({
      open: false,
      reason: 'capReached',
      opensAt: '2026-03-03 00:00',
    });
  });

  it('finds an opening exactly 14 days ahead, and none further', () => {
    const mondays = { mon: ['08:30-12:00'] };
    const monday = sh('2026-03-02 13:00');
    expect(availability(mondays, monday, cal({ holidays: new Set(['2026-03-09']) }), false)).toMatchObject({
      opensAt: '2026-03-16 08:30',
    });
    expect(
      availability(mondays, monday, cal({ holidays: new Set(['2026-03-09', '2026-03-16']) }), false),
    ).toMatchObject({ opensAt: null });
  });
});
