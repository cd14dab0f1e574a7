import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';

/**
 * The daemon restarts under a page that stays up (an upgrade, a crash and systemd's restart): the
 * page connects again by itself, and what changed while it was cut off shows. Here the ticket printer
 * was missing, and is plugged in while the daemon is down: the new daemon finds it at its start,
 * before the page is connected again, so no announced change reaches the page; it must ask.
 */
test.describe('a daemon restart under the page', () => {
  let daemon: DaemonProcess | undefined;
  let printer: EmulatorProcess | undefined;

  test.afterAll(async () => {
    await daemon?.stop();
    await printer?.stop();
  });

  test('the page connects again and shows the devices as they are now', async ({ page }) => {
    const dir = tempDir('restart');
    const config = {
      devices: { ticketPrinter: { connection: { serial: join(dir, 'ttyPrinter') } } },
    };
    daemon = await startDaemon({ dir, config });
    const port = Number(new URL(daemon.url).port);
    // The commands the page sends, per WebSocket it opens.
    const sockets: string[][] = [];
    page.on('websocket', (ws) => {
      const sent: string[] = [];
      sockets.push(sent);
      ws.on('framesent', ({ payload }) => {
        sent.push((JSON.parse(String(payload)) as { header: { name: string } }).header.name);
      });
    });
    await page.goto(daemon.url);
    const notice = page.getByTestId('printer-notice');
    await expect(notice).toContainText('暂停取号', { timeout: 20_000 });

    await daemon.stop();
    printer = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    daemon = await startDaemon({ dir, config: { ...config, server: { host: '127.0.0.1', port } } });
    await expect
      .poll(async () => (await daemon!.health()).devices.find((d) => d.device === 'ticketPrinter')?.state)
      .toBe('online');

    // Not reloaded: the same page, connected again, asks how the devices stand (it cannot count on
    // having heard the printer come online: the daemon may have found it before the page was back).
    await expect.poll(() => sockets.length, { timeout: 15_000 }).toBeGreaterThan(1);
    await expect.poll(() => sockets.at(-1)).toContain('Common.Status');
    await expect(notice).toHaveCount(0, { timeout: 15_000 });
    await page.getByTestId('start').click();
    await expect(page.getByTestId('home-take-ticket')).toBeEnabled();
  });
});
