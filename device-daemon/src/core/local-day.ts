import { hhmm, localMoment } from '@hall-kiosk/shared';

/** The calendar day, in the hall's time zone, that a moment belongs to: numbering restarts each day. */
export function businessDate(ms: number, timeZone: string): string {
  return localMoment(ms, timeZone).date;
}

/** `2026-11-26 09:03` in the hall's time zone, as printed on tickets and slips. */
export function localDateTime(ms: number, timeZone: string): string {
  const m = localMoment(ms, timeZone);
  return `${m.date} ${hhmm(m.minutes)}`;
}
