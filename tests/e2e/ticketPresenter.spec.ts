import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';

// A ticket dispenser with a presenter (Custom profile), the emulator in its own process on a pty.
test.describe('a ticket dispenser with a presenter', () => {
  let dir: string;
  let printer: EmulatorProcess;
  let daemon: DaemonProcess;

  test.beforeAll(async () => {
    dir = tempDir('presenter');
    printer = await startEmulator({
      device: 'ticketPrinter',
      hostPath: join(dir, 'ttyPrinter'),
      presenter: 'custom',
    });
    daemon = await startDaemon({
      dir,
      config: {
        devices: {
          ticketPrinter: {
            connection: { serial: printer.hostPath },
            presenter: { profile: 'custom', retractAfterSeconds: 5 },
          },
        },
      },
    });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
  });

  test.afterAll(async () => {
    await daemon?.stop();
    await printer?.stop();
  });

  async function takeNumber(page: Page): Promise<string> {
    await page.goto(daemon.url);
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await page.getByTestId('area-comprehensive').click();
    await page.getByTestId('priority-no').click();
    await expect(page.getByTestId('ticket-number')).toHaveText(/^I\d{3}$/);
    return (await page.getByTestId('ticket-number').textContent())!;
  }

  test('the screen thanks the citizen once the ticket is taken from the presenter', async ({ page }) => {
    await takeNumber(page);
    await expect(page.getByText('请从下方出票口取走号票')).toBeVisible();
    await expect.poll(async () => (await printer.receipts()).at(-1)?.presenter).toBe('waiting');
    await printer.control({ action: 'takeTicket' });
    await expect(page.getByTestId('ticket-taken')).toHaveText('已取票，谢谢！');
    await expect(page.getByTestId('rating')).toBeVisible({ timeout: 10_000 });
    await page.getByTestId('rating-skip').click();
    await expect(page.getByTestId('goodbye')).toBeVisible();
  });

  test('a ticket nobody takes is retracted; the screen shows the number and the journal records it', async ({
    page,
  }) => {
    const number = await takeNumber(page);
    await expect(page.getByTestId('ticket-retracted')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('ticket-qr')).toBeVisible();
    await page.screenshot({ path: screenshotPath('ticket-retracted-zh') });
    expect((await printer.receipts()).at(-1)?.presenter).toBe('retracted');
    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const row = db
      .prepare(
        'SELECT j.state, j.presenter FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id WHERE t.number = ?',
      )
      .get(number);
    db.close();
    expect(row).toEqual({ state: 'printed', presenter: 'retracted' });
  });
});
