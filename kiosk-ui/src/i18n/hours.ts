import { minutesOf, type LocalMoment } from '@hall-kiosk/shared/browser';
import type { WeeklyHours } from '@hall-kiosk/shared';

/** The hall's opening ranges on the day of `here` (the hall's local moment), and whether it is open then. */
export function hallHoursToday(
  hours: WeeklyHours,
  here: LocalMoment,
): { ranges: string[]; openNow: boolean } {
  const ranges = hours[here.weekday] ?? [];
  return {
    ranges: ranges.map((r) => r.replace('-', '–')),
    openNow: ranges.some(
      (r) => here.minutes >= minutesOf(r.slice(0, 5)) && here.minutes < minutesOf(r.slice(6, 11)),
    ),
  };
}
