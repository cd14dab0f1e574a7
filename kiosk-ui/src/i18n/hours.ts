import { localMoment, minutesOf } from '@hall-kiosk/shared/browser';
import type { WeeklyHours } from '@hall-kiosk/shared';

/** The hall's opening ranges today in its time zone, and whether it is open now. */
export function hallHoursToday(
  hours: WeeklyHours,
  now: number,
  timeZone: string,
): { ranges: string[]; openNow: boolean } {
  const here = localMoment(now, timeZone);
  const ranges = hours[here.weekday] ?? [];
  return {
    ranges: ranges.map((r) => r.replace('-', '–')),
    openNow: ranges.some(
      (r) => here.minutes >= minutesOf(r.slice(0, 5)) && here.minutes < minutesOf(r.slice(6, 11)),
    ),
  };
}
