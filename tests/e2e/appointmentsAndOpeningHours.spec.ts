import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';
import { bookingDigest } from '../../device-daemon/src/appointments/booking.ts';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';
import { hallTime } from '../support/whole-kiosk.ts';

const KEY = 'e2e-digest-key';
const card = (id: string) => SAMPLE_CARDS.find((c) => c.id === id)!.idNumber;

// Check-in and opening hours on real parts: card reader, printer and QR scanner emulators each in
// their own process on a pseudo-terminal, the daemon opening them with the native serial binding.
test.describe('appointments, the QR scanner and opening hours', () => {
  let dir: string;
  let reader: EmulatorProcess;
  let printer: EmulatorProcess;
  let scanner: EmulatorProcess;
  let daemon: DaemonProcess;

  test.beforeAll(async () => {
    dir = tempDir('appointments');
    const now = hallTime();
    // Yesterday's booking: past its window whatever the time of day.
    const yesterday = hallTime(-24 * 60);
    writeFileSync(
      join(dir, 'bookings.json'),
      JSON.stringify({
        bookings: [
          {
            id: 'b1',
            code: 'QR-ELDER-NOW',
            areaId: 'socialSecurity',
            ...now,
            idDigest: bookingDigest(KEY, now.date, card('elderResident')),
          },
          {
            id: 'b2',
            code: 'QR-LATE',
            areaId: 'socialSecurity',
            ...yesterday,
            idDigest: bookingDigest(KEY, yesterday.date, card('hkResident')),
          },
        ],
      }),
    );
    reader = await startEmulator({ device: 'idCardReader', hostPath: join(dir, 'ttyIdCard') });
    printer = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    scanner = await startEmulator({ device: 'scanner', hostPath: join(dir, 'ttyScanner') });
    daemon = await startDaemon({
      dir,
      config: {
        queue: { holidays: [now.date] },
        areas: [
          {
            id: 'tax',
            prefix: 'A',
            name: { zh: '办税服务', en: 'Tax Services' },
            hours: {
              mon: ['00:00-24:00'],
              tue: ['00:00-24:00'],
              wed: ['00:00-24:00'],
              thu: ['00:00-24:00'],
              fri: ['00:00-24:00'],
              sat: ['00:00-24:00'],
              sun: ['00:00-24:00'],
            },
          },
          { id: 'socialSecurity', prefix: 'C', name: { zh: '社保服务', en: 'Social Security' } },
        ],
        appointments: { source: { file: join(dir, 'bookings.json') }, digestKey: KEY },
        devices: {
          idCardReader: { connection: { serial: reader.hostPath } },
          ticketPrinter: { connection: { serial: printer.hostPath } },
          scanner: { connection: { serial: scanner.hostPath } },
        },
      },
    });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
  });

  test.afterAll(async () => {
    await daemon?.stop();
    await Promise.all([reader?.stop(), printer?.stop(), scanner?.stop()]);
  });

  async function toCheckIn(page: Page) {
    await page.goto(daemon.url);
    await page.getByTestId('start').click();
    await page.getByTestId('home-check-in').click();
    await expect(page.getByTestId('scan-hint')).toBeVisible();
  }

  test('checks in with the ID card, then a second check-in by QR code reprints the same number', async ({
    page,
  }) => {
    await toCheckIn(page);
    await reader.control({ action: 'placeCard', card: 'elderResident' });
    await expect(page.getByTestId('check-in-ticket')).toBeVisible({ timeout: 10_000 });
    const number = (await page.getByTestId('ticket-number').textContent())!;
    expect(number).toBe('C001');
    await expect(page.getByTestId('booking')).toContainText('社保服务');
    await page.screenshot({ path: screenshotPath('check-in-ticket-zh') });
    await expect
      .poll(async () => (await printer.receipts()).at(-1)?.text ?? '')
      .toContain('预约 Appointment');
    await reader.control({ action: 'removeCard' });
    await page.getByTestId('finish').click();

    await toCheckIn(page);
    await scanner.control({ action: 'scan', code: 'QR-ELDER-NOW' });
    await expect(page.getByTestId('reprint')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('ticket-number')).toHaveText(number);
    await page.getByTestId('finish').click();
  });

  test('a booking past its window says so and offers the alternatives', async ({ page }) => {
    await toCheckIn(page);
    await scanner.control({ action: 'scan', code: 'QR-LATE' });
    await expect(page.getByTestId('check-in-tooLate')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('check-in-tooLate')).toContainText('直接取普通号');
    await page.screenshot({ path: screenshotPath('check-in-too-late-zh') });
  });

  test('a closed area says why and what is open instead; a declared disability gives priority', async ({
    page,
  }) => {
    await page.goto(daemon.url);
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await expect(page.getByTestId('area-tax-meta')).toHaveText('今天是节假日，暂停办理');
    await page.getByTestId('area-tax').click();
    await expect(page.getByTestId('closed-reason')).toHaveText('今天是节假日，暂停办理');
    await expect(page.getByTestId('opens-at')).toContainText('00:00');
    await expect(page.getByTestId('area-closed')).toContainText('在线办理');
    await page.screenshot({ path: screenshotPath('area-closed-zh') });
    await page.getByTestId('back-to-areas').click();
    await page.getByTestId('area-socialSecurity').click();
    await expect(page.getByTestId('call-order')).toContainText('每连续叫 2 个绿色通道号后');
    await page.getByTestId('priority-disability').click();
    await expect(page.getByTestId('priority-badge')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('wait-estimate')).toHaveText('等候时间暂无法估计');
    await expect
      .poll(async () => (await printer.receipts()).at(-1)?.text ?? '')
      .toContain('绿色通道 Priority');
  });
});
