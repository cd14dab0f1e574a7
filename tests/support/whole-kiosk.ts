import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';
import { hhmm, localMoment } from '@hall-kiosk/shared';
import { bookingDigest } from '../../device-daemon/src/appointments/booking.ts';
import { DEFAULT_AREAS } from '../../device-daemon/src/config/areas.ts';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { startEmulatedDaemon, tempDir, type DaemonProcess } from './harness.ts';

/** Local date and time in the hall, `offset` minutes from now. */
export function hallTime(offsetMinutes = 0): { date: string; time: string } {
  const here = localMoment(Date.now() + offsetMinutes * 60_000, 'Asia/Shanghai');
  return { date: here.date, time: hhmm(here.minutes) };
}

/**
 * A daemon with every screen reachable: emulated card reader, printer and QR scanner; bookings (the
 * elder's due now as QR-NOW, the resident's from yesterday as QR-OLD); a never-open area (法律援助与公证,
 * for the closed screen); the staff PIN 246810; and no per-person ticket limit (walks reuse one card).
 */
export async function startWholeKiosk(prefix: string): Promise<DaemonProcess> {
  const dir = tempDir(prefix);
  const key = `${prefix}-digest-key`;
  const digest = (id: string, date: string) =>
    bookingDigest(key, date, SAMPLE_CARDS.find((c) => c.id === id)!.idNumber);
  const [today, yesterday] = [hallTime(), hallTime(-24 * 60)];
  writeFileSync(
    join(dir, 'bookings.json'),
    JSON.stringify({
      bookings: [
        {
          id: 'now',
          code: 'QR-NOW',
          areaId: 'socialSecurity',
          ...today,
          idDigest: digest('elderResident', today.date),
        },
        {
          id: 'old',
          code: 'QR-OLD',
          areaId: 'socialSecurity',
          ...yesterday,
          idDigest: digest('resident', yesterday.date),
        },
      ],
    }),
  );
  return startEmulatedDaemon(prefix, {
    dir,
    scanner: true,
    config: {
      areas: DEFAULT_AREAS.map((a) => (a.id === 'legalNotary' ? { ...a, hours: {} } : a)),
      appointments: { source: { file: join(dir, 'bookings.json') }, digestKey: key },
      staff: { pinHash: await hashPin('246810', { N: 1 << 12 }) },
      // The not-printed screens are walked too: this kiosk keeps issuing with the number on screen.
      queue: { maxTicketsPerIdentity: 0, whenTicketPrinterDown: 'numberOnScreen' },
    },
  });
}

/** Drives an emulator inside the daemon (its control API). */
export async function control(
  daemon: DaemonProcess,
  device: string,
  action: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(`${daemon.url}emulator/api/emulators/${device}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(action),
  });
  if (!res.ok) throw new Error(`control ${device} ${String(action.action)}: ${await res.text()}`);
}
