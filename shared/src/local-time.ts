import type { Weekday } from './queue.ts';
import { WEEKDAYS } from './vocabulary.ts';

/**
 * Local time in the hall's time zone, for the daemon (opening hours, business days, check-in windows)
 * and the UI (the attract screen's hours) alike.
 */
export type LocalMoment = { date: string; weekday: Weekday; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date, weekday and minute of the day of a moment in a time zone. */
export function localMoment(ms: number, timeZone: string): LocalMoment {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: get('weekday').toLowerCase() as Weekday,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The weekday of a Date's UTC calendar day (getUTCDay counts from Sunday; the week here from Monday). */
export function weekdayOfUtc(t: Date): Weekday {
  return WEEKDAYS[(t.getUTCDay() + 6) % 7]!;
}

/**
 * How far a time zone is ahead of UTC at a moment, in whole minutes (480 for Asia/Shanghai). The
 * daemon tells the kiosk page, which then reckons the hall's local time with `momentAt`.
 */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const here = localMoment(ms, timeZone);
  const [y, m, d] = here.date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + here.minutes * 60_000;
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * The local moment at a known offset from UTC, by arithmetic alone: the kiosk page's way, because a
 * page's first Intl object loads the browser's date and number data, about 12 ms of CPU on the way
 * to the attract screen (docs/performance.md). Equal to `localMoment` at the zone's offset then.
 */
export function momentAt(ms: number, offsetMinutes: number): LocalMoment {
  const t = new Date(ms + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`,
    weekday: weekdayOfUtc(t),
    minutes: t.getUTCHours() * 60 + t.getUTCMinutes(),
  };
}

/** Minutes since midnight of an `HH:mm` time (`24:00` → 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** `HH:mm` of a minute of the day. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
