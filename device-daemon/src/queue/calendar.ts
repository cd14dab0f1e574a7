import {
  hhmm,
  localMoment,
  minutesOf,
  type Availability,
  type LocalMoment,
  weekdayOfUtc,
  type Weekday,
  type WeeklyHours,
} from '@hall-kiosk/shared';

/**
 * The hall's calendar: public holidays (closed all day in every area that has opening hours) and the
 * make-up working days of China's holiday shifts (调休), which keep Monday's hours whatever weekday
 * they fall on.
 */
export type HallCalendar = {
  timeZone: string;
  holidays: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
};

/** `date` plus `days` calendar days (YYYY-MM-DD arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return weekdayOfUtc(new Date(Date.UTC(y, m - 1, d)));
}

/** The opening ranges of one local date, in minutes of the day, sorted. */
export function openingsOn(
  hours: WeeklyHours,
  date: string,
  calendar: HallCalendar,
): { from: number; to: number }[] {
  if (calendar.holidays.has(date)) return [];
  const day = calendar.makeUpWorkdays.has(date) ? 'mon' : weekdayOf(date);
  return (hours[day] ?? [])
    .map((r) => ({ from: minutesOf(r.slice(0, 5)), to: minutesOf(r.slice(6, 11)) }))
    .sort((a, b) => a.from - b.from);
}

/** How far ahead the next opening is looked for. */
const LOOK_AHEAD_DAYS = 14;

function nextOpening(hours: WeeklyHours, from: LocalMoment, calendar: HallCalendar): string | null {
  for (let i = 0; i <= LOOK_AHEAD_DAYS; i++) {
    const date = addDays(from.date, i);
    for (const r of openingsOn(hours, date, calendar)) {
      if (i > 0 || r.from > from.minutes) return `${date} ${hhmm(r.from)}`;
    }
  }
  return null;
}

/**
 * Whether an area issues tickets at `now`. Areas without hours are open around the clock (and on
 * holidays); a reached daily cap closes an area until its next opening on a later day.
 */
export function availability(
  hours: WeeklyHours | undefined,
  now: number,
  calendar: HallCalendar,
  capReached: boolean,
): Availability {
  const here = localMoment(now, calendar.timeZone);
  if (!hours) {
    if (!capReached) return { open: true, closesAt: null };
    return { open: false, reason: 'capReached', opensAt: `${addDays(here.date, 1)} 00:00` };
  }
  const current = openingsOn(hours, here.date, calendar).find(
    (r) => here.minutes >= r.from && here.minutes < r.to,
  );
  if (current && !capReached) return { open: true, closesAt: hhmm(current.to) };
  if (capReached) {
    return {
      open: false,
      reason: 'capReached',
      opensAt: nextOpening(hours, { ...here, date: addDays(here.date, 1), minutes: -1 }, calendar),
    };
  }
  return {
    open: false,
    reason: calendar.holidays.has(here.date) ? 'holiday' : 'outsideHours',
    opensAt: nextOpening(hours, here, calendar),
  };
}
