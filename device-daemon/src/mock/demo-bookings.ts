import { writeFileSync } from 'node:fs';
import { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';
import { hhmm, localMoment } from '@hall-kiosk/shared';
import { bookingDigest, type Booking } from '../appointments/booking.ts';

/**
 * Bookings for the demo, made for "today" when the demo starts, one per fictional sample card so
 * every answer can be tried: the elder's booking is due in 10 minutes (check-in works), the
 * resident's in 3 hours (too early), the Hong Kong resident's was 2 hours ago (too late). Each also
 * has a QR code (DEMO-BOOKING-n) for the scanner emulator.
 */
export function demoBookings(now: number, timeZone: string, digestKey: string): Booking[] {
  const here = localMoment(now, timeZone);
  const plan: [string, string, number][] = [
    ['elderResident', 'socialSecurity', 10],
    ['resident', 'realEstate', 180],
    ['hkResident', 'publicSecurity', -120],
  ];
  return plan.map(([cardId, areaId, offset], i) => {
    const card = SAMPLE_CARDS.find((c) => c.id === cardId)!;
    return {
      id: `demo-${i + 1}`,
      code: `DEMO-BOOKING-${i + 1}`,
      areaId,
      date: here.date,
      time: hhmm(Math.max(0, Math.min(23 * 60 + 59, here.minutes + offset))),
      idDigest: bookingDigest(digestKey, here.date, card.idNumber),
      matter: { zh: '演示预约事项', en: 'Demo appointment' },
    };
  });
}

export function writeDemoBookings(file: string, now: number, timeZone: string, digestKey: string): void {
  writeFileSync(file, `${JSON.stringify({ bookings: demoBookings(now, timeZone, digestKey) }, null, 2)}\n`);
}
