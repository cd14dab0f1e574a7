import { createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import { AreaId, LocalizedText, hhmm, minutesOf } from '@hall-kiosk/shared';

/**
 * One booking (预约) as the booking system exports it. It never carries the ID number: `idDigest` is
 * HMAC-SHA256 of the number under a key the hall shares with the booking system (hex), so the kiosk
 * can match a card it reads without anyone storing the number.
 */
export const Booking = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  /** What the booking's QR code says. */
  code: z.string().check(z.minLength(4), z.maxLength(256)),
  areaId: AreaId,
  /** Local date and start time of the slot, in the hall's time zone. */
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')),
  time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')),
  idDigest: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (HMAC-SHA256)')),
  matter: z.optional(LocalizedText),
});
export type Booking = z.infer<typeof Booking>;

export const BookingFile = z.strictObject({ bookings: z.array(Booking) });

/**
 * The digest a booking carries for an ID number: HMAC-SHA256(key, "YYYY-MM-DD|ID NUMBER"), bound to
 * the booking's date, so the same person's digests on different days cannot be linked (the digest is
 * no lasting pseudonym in the booking system's logs or the kiosk's requests).
 */
export function bookingDigest(key: string, date: string, idNumber: string): string {
  return createHmac('sha256', key).update(`${date}|${idNumber.toUpperCase()}`, 'utf8').digest('hex');
}

export type CheckInWindow = { beforeMinutes: number; afterMinutes: number };

export type WindowVerdict =
  { verdict: 'open' } | { verdict: 'tooEarly'; opensAt: string } | { verdict: 'tooLate' };

/**
 * Whether a booking can be checked in at a local date and minute of the day: from `beforeMinutes`
 * before its time until `afterMinutes` after it. `opensAt` is local `YYYY-MM-DD HH:mm`. Pure.
 */
export function checkInVerdict(
  booking: Pick<Booking, 'date' | 'time'>,
  today: string,
  minuteOfDay: number,
  window: CheckInWindow,
): WindowVerdict {
  const start = minutesOf(booking.time);
  const opens = start - window.beforeMinutes;
  const openLabel = () => `${booking.date} ${hhmm(Math.max(0, opens))}`;
  if (booking.date > today) return { verdict: 'tooEarly', opensAt: openLabel() };
  if (booking.date < today) return { verdict: 'tooLate' };
  if (minuteOfDay < opens) return { verdict: 'tooEarly', opensAt: openLabel() };
  if (minuteOfDay > start + window.afterMinutes) return { verdict: 'tooLate' };
  return { verdict: 'open' };
}

/** Of one person's bookings, the one to check in now: an open one, else the next, else the latest. */
export function chooseBooking<B extends Pick<Booking, 'date' | 'time'>>(
  bookings: readonly B[],
  today: string,
  minuteOfDay: number,
  window: CheckInWindow,
): { booking: B; verdict: WindowVerdict } | null {
  const judged = [...bookings]
    .sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`))
    .map((booking) => ({ booking, verdict: checkInVerdict(booking, today, minuteOfDay, window) }));
  return (
    judged.find((j) => j.verdict.verdict === 'open') ??
    judged.find((j) => j.verdict.verdict === 'tooEarly') ??
    judged.at(-1) ??
    null
  );
}
