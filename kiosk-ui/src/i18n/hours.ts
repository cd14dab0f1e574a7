import { WEEKDAYS, type Weekday, type WeeklyHours } from '@hall-kiosk/shared';

/** The hall's opening ranges today in its time zone, and whether it is open now. */
export function hallHoursToday(
  hours: WeeklyHours,
  now: number,
  timeZone: string,
): { ranges: string[]; openNow: boolean } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').toLowerCase() as Weekday;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  const ranges = WEEKDAYS.includes(day) ? (hours[day] ?? []) : [];
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return {
    ranges: ranges.map((r) => r.replace('-', '–')),
    openNow: ranges.some((r) => minutes >= toMin(r.slice(0, 5)) && minutes < toMin(r.slice(6, 11))),
  };
}
