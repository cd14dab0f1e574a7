import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';

/**
 * A kiosk whose ticket printer is not there when it boots: the page checks its devices first (the
 * self-test screen), then pauses taking tickets (暂停取号) and says what still works, with a line for
 * technicians; when the printer is plugged in, tickets come back by themselves. The printer is an
 * emulator in its own process on a pseudo-terminal, started only later in the test.
 */
test.describe('boot self-test and paused tickets', () => {
  let daemon: DaemonProcess;
  let printer: EmulatorProcess | undefined;
  let dir: string;

  test.beforeAll(async () => {
    dir = tempDir('boot');
    daemon = await startDaemon({
      dir,
      config: {
        // As a kiosk in a hall: the self-test is shown for at least 2 s at boot.
        ui: { selfTestMinSeconds: 2 },
        devices: { ticketPrinter: { connection: { serial: join(dir, 'ttyPrinter') } } },
      },
    });
  });
  test.afterAll(async () => {
    await daemon?.stop();
    await printer?.stop();
  });

  test('checks its devices, pauses tickets while the printer is missing, and resumes when it is plugged in', async ({
    page,
  }) => {
    // Every screen the page shows, in order, from its very first frame.
    await page.addInitScript(() => {
      const w = window as unknown as { screensSeen: string[] };
      w.screensSeen = [];
      new MutationObserver(() => {
        const s = document.documentElement.dataset.screen;
        if (s && w.screensSeen.at(-1) !== s) w.screensSeen.push(s);
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-screen'] });
    });
    await page.goto(daemon.url);
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'attract', { timeout: 20_000 });
    // The page opens straight on the check of its devices (the daemon served it with what the hall is
    // and how its devices stand: no "connecting" frame first), then invites people.
    expect(await page.evaluate(() => (window as unknown as { screensSeen: string[] }).screensSeen)).toEqual([
      'selfTest',
      'attract',
    ]);

    const notice = page.getByTestId('printer-notice');
    await expect(notice).toContainText('暂停取号');
    await expect(page.getByTestId('printer-notice-technical')).toContainText('ticketPrinter noDevice');
    await page.getByTestId('start').click();
    const tile = page.getByTestId('home-take-ticket');
    await expect(tile).toBeDisabled();
    await expect(tile).toContainText('暂停取号');
    await page.screenshot({ path: screenshotPath('boot-tickets-paused-zh.png') });
    await expect(page.getByTestId('home-guide')).toBeEnabled();

    // The technician plugs the printer in: no restart, no reload.
    printer = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    await expect(tile).toBeEnabled({ timeout: 15_000 });
    await expect(notice).toHaveCount(0);
    await tile.click();
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'chooseArea');
  });
});
