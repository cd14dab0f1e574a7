import { describe, expect, it } from 'vitest';
import { localMoment } from '@hall-kiosk/shared';
import { availability, type HallCalendar } from '../src/queue/calendar.ts';
import { describeCallOrder, nextToCall, type WaitingTicket } from '../src/queue/call-order.ts';
import { estimateWaitMinutes } from '../src/queue/wait-estimate.ts';

const cal = (over: Partial<HallCalendar> = {}): HallCalendar => ({
  timeZone: 'Asia/Shanghai',
  holidays: new Set(),
  makeUpWorkdays: new Set(),
  ...over,
});
/** A Shanghai local time as a moment: `2026-03-02 09:30` (a Monday). */
const sh = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const weekdays = {
  mon: ['08:30-12:00', '13:30-17:30'],
  tue: ['08:30-12:00', '13:30-17:30'],
  wed: ['08:30-12:00', '13:30-17:30'],
  thu: ['08:30-12:00', '13:30-17:30'],
  fri: ['08:30-12:00', '13:30-17:30'],
};

describe('opening hours', () => {
  it('knows the local weekday and minute in the hall time zone', () => {
    expect(localMoment(sh('2026-03-02 00:05'), 'Asia/Shanghai')).toEqual({
      date: '2026-03-02',
      weekday: 'mon',
      minutes: 5,
    });
  });

  it('is open inside a range and says when it closes', () => {
    expect(availability(weekdays, sh('2026-03-02 09:30'), cal(), false)).toEqual({
      open: true,
      closesAt: '12:00',
    });
    expect(availability(weekdays, sh('2026-03-02 08:30'), cal(), false)).toEqual({
      open: true,
      closesAt: '12:00',
    });
  });

  it('is closed over lunch and reopens the same afternoon', () => {
    expect(availability(weekdays, sh('2026-03-02 12:00'), cal(), false)).toEqual({
      open: false,
      reason: 'outsideHours',
      opensAt: '2026-03-02 13:30',
    });
  });

  it('after Friday closing, opens next on Monday', () => {
    expect(availability(weekdays, sh('2026-03-06 18:00'), cal(), false)).toEqual({
      open: false,
      reason: 'outsideHours',
      opensAt: '2026-03-09 08:30',
    });
  });

  it('is closed on a holiday, with the reason, and skips it for the next opening', () => {
    const holidays = cal({ holidays: new Set(['2026-03-02', '2026-03-03']) });
    expect(availability(weekdays, sh('2026-03-02 10:00'), holidays, false)).toEqual({
      open: false,
      reason: 'holiday',
      opensAt: '2026-03-04 08:30',
    });
  });

  it('opens on a make-up working day (调休) with Monday hours, though it is a Saturday', () => {
    expect(availability(weekdays, sh('2026-03-07 09:00'), cal(), false).open).toBe(false);
    const shifted = cal({ makeUpWorkdays: new Set(['2026-03-07']) });
    expect(availability(weekdays, sh('2026-03-07 09:00'), shifted, false)).toEqual({
      open: true,
      closesAt: '12:00',
    });
  });

  it('areas without hours are open around the clock, holidays included', () => {
    expect(
      availability(undefined, sh('2026-03-02 03:00'), cal({ holidays: new Set(['2026-03-02']) }), false),
    ).toEqual({
      open: true,
      closesAt: null,
    });
  });

  it('a reached cap closes until the next day that opens', () => {
    expect(availability(weekdays, sh('2026-03-06 10:00'), cal(), true)).toEqual({
      open: false,
      reason: 'capReached',
      opensAt: '2026-03-09 08:30',
    });
    expect(availability(undefined, sh('2026-03-06 10:00'), cal(), true)).toEqual({
      open: false,
      reason: 'capReached',
      opensAt: '2026-03-07 00:00',
    });
  });

  it('says null when nothing opens within a fortnight', () => {
    expect(availability({}, sh('2026-03-06 10:00'), cal(), false)).toEqual({
      open: false,
      reason: 'outsideHours',
      opensAt: null,
    });
  });
});

describe('call order (绿色通道 balanced against waiting)', () => {
  const t = (id: number, priority: boolean, minute: number): WaitingTicket => ({
    id,
    priority,
    queuedAt: minute * 60_000,
  });
  const rule = { priorityPerRegular: 2 };

  it('calls the oldest priority ticket first, ahead of older regular ones', () => {
    expect(nextToCall([t(1, false, 0), t(2, false, 1), t(3, true, 5)], 0, rule)?.id).toBe(3);
  });

  it('after N priority calls in a row, the oldest regular ticket goes next', () => {
    const waiting = [t(1, false, 0), t(4, true, 6), t(5, true, 7)];
    expect(nextToCall(waiting, 1, rule)?.id).toBe(4);
    expect(nextToCall(waiting, 2, rule)?.id).toBe(1);
  });

  it('keeps calling priority tickets when no regular ticket waits, and regular ones when no priority waits', () => {
    expect(nextToCall([t(4, true, 6), t(5, true, 7)], 9, rule)?.id).toBe(4);
    expect(nextToCall([t(2, false, 3), t(1, false, 0)], 0, rule)?.id).toBe(1);
  });

  it('with priority turned off, is first come, first served', () => {
    expect(nextToCall([t(1, false, 0), t(3, true, 5)], 0, { priorityPerRegular: 0 })?.id).toBe(1);
  });

  it('returns null when nobody waits', () => {
    expect(nextToCall([], 0, rule)).toBeNull();
  });

  it('states the rule in one sentence in both languages', () => {
    expect(describeCallOrder(rule).zh).toContain('每连续叫 2 个绿色通道号后，叫 1 个普通号');
    expect(describeCallOrder(rule).en).toMatch(/after every 2 priority numbers in a row, one regular number/);
    expect(describeCallOrder({ priorityPerRegular: 0 }).en).toMatch(/in the order they were taken/);
  });
});

describe('wait estimate', () => {
  const rule = { sample: 10, minSample: 3 };

  it('says nothing (null) with too little history', () => {
    expect(estimateWaitMinutes(5, [300, 300], 1, rule)).toBeNull();
  });

  it('is people ahead × mean recent service time ÷ counters, rounded up to a minute', () => {
    expect(estimateWaitMinutes(4, [300, 240, 360], 1, rule)).toBe(20);
    expect(estimateWaitMinutes(4, [300, 240, 360], 2, rule)).toBe(10);
    expect(estimateWaitMinutes(1, [61, 61, 61], 1, rule)).toBe(2);
  });

  it('uses only the most recent `sample` service times', () => {
    expect(estimateWaitMinutes(1, [60, 60, 60, 6000], 1, { sample: 3, minSample: 3 })).toBe(1);
  });

  it('is zero for the person at the head of the queue, and treats no active counter as one', () => {
    expect(estimateWaitMinutes(0, [300, 300, 300], 1, rule)).toBe(0);
    expect(estimateWaitMinutes(2, [300, 300, 300], 0, rule)).toBe(10);
  });
});
