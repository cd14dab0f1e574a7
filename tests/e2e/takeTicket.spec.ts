import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';

// The walking skeleton: touch → session machine → WebSocket → daemon → SQLite number → ESC/POS over
// a real serial line (socat pty, native serialport binding) → printer emulator in another process.
test.describe('taking a queue ticket', () => {
  let emulator: EmulatorProcess;
  let daemon: DaemonProcess;
  let dir: string;

  test.beforeAll(async () => {
    dir = tempDir('e2e');
    emulator = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    daemon = await startDaemon({
      dir,
      config: {
        hall: { name: { zh: '示范区政务服务中心', en: 'Demo District Government Service Centre' } },
        devices: { ticketPrinter: { connection: { serial: emulator.hostPath } } },
        // This hall keeps issuing while the printer cannot print (the number shown large on screen).
        queue: { whenTicketPrinterDown: 'numberOnScreen' },
      },
    });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
  });

  test.afterAll(async () => {
    await daemon?.stop();
    await emulator?.stop();
  });

  test('the number on screen is the number printed on the ticket', async ({ page }) => {
    await page.goto(daemon.url);
    await expect(page.getByRole('heading', { name: '示范区政务服务中心' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('attract-zh') });
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await page.getByRole('button', { name: /医保服务/ }).click();
    // No card reader here: the priority question offers only the declared disability, or no priority.
    await page.getByTestId('priority-no').click();

    const number = page.getByTestId('ticket-number');
    await expect(number).toHaveText(/^D\d{3}$/);
    await expect(page.getByText('请从下方出票口取走号票')).toBeVisible();
    await page.screenshot({ path: screenshotPath('ticket-printed-zh') });
    const onScreen = (await number.textContent())!;

    const printed = (await emulator.receipts()).at(-1)!;
    expect(printed.text).toContain(onScreen);
    expect(printed.text).toContain('医保服务');
    expect(printed.cut).toBe('partial');
    expect(printed.incomplete).toBe(false);

    await page.getByTestId('finish').click();
    // 好差评 for the ticket: a 差评 asks for reasons; it is stored with the ticket, nothing personal.
    await page.getByTestId('rate-2').click();
    await page.getByTestId('reason-waitTooLong').click();
    await page.getByTestId('rating-add-comment').click();
    for (const k of 'tai man') await page.getByTestId(k === ' ' ? 'key-space' : `key-${k}`).click();
    await page.getByTestId('rating-submit').click();
    await expect(page.getByTestId('rating-thanks')).toBeVisible();
    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const rating = db
      .prepare(
        `SELECT r.event_kind AS kind, r.level, r.reasons, r.comment, t.number FROM ratings r JOIN tickets t ON t.id = r.event_ref`,
      )
      .get();
    db.close();
    expect(rating).toEqual({
      kind: 'ticket',
      level: 2,
      reasons: '["waitTooLong"]',
      comment: 'tai man',
      number: onScreen,
    });
    await expect(page.getByTestId('goodbye')).toContainText('请带好您的身份证和号票');
    await page.getByTestId('goodbye-done').click();
    await expect(page.getByTestId('start')).toBeVisible();

    // The emulator renders what it printed; keep it as a PNG beside the screen.
    await page.goto(emulator.controlUrl);
    const receipt = page.locator(`[data-receipt-id="${printed.id}"]`);
    await expect(receipt).toContainText(onScreen);
    await receipt.screenshot({ path: screenshotPath('receipt-ticket-printed') });
  });

  test('in English, the next number of the same area follows on', async ({ page }) => {
    await page.goto(daemon.url);
    await page.getByRole('button', { name: '切换到英文界面' }).click();
    await page.getByTestId('start').click();
    await expect(page.getByRole('heading', { name: 'What would you like to do?' })).toBeVisible();
    await page.getByTestId('home-take-ticket').click();
    await page.getByRole('button', { name: /Medical Insurance/ }).click();
    await page.getByTestId('priority-no').click();
    await expect(page.getByTestId('ticket-number')).toHaveText(/^D\d{3}$/);
    await expect(page.getByTestId('people-ahead')).toHaveText(/people ahead of you/);
    await page.screenshot({ path: screenshotPath('ticket-printed-en') });
    const onScreen = (await page.getByTestId('ticket-number').textContent())!;
    expect((await emulator.receipts()).at(-1)!.text).toContain(onScreen);
  });

  test('when the paper is out, the number is still given, large, with what to do', async ({ page }) => {
    await emulator.control({ action: 'paperOut' });
    await page.goto(daemon.url);
    // The daemon notices at its next status poll and tells the screen, before anyone starts.
    await expect(page.getByTestId('printer-notice')).toBeVisible({ timeout: 10_000 });
    await page.getByTestId('start').click();
    await expect(page.getByTestId('printer-notice')).toBeVisible();
    await page.getByTestId('home-take-ticket').click();
    await page.getByTestId('area-tax').click();
    // No card reader here: the priority question offers only the declared disability, or no priority.
    await page.getByTestId('priority-no').click();
    await expect(page.getByRole('heading', { name: '号票未能打印' })).toBeVisible();
    await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
    await expect(page.getByText('打印机缺纸，请告知工作人员。')).toBeVisible();
    const qr = page.getByTestId('ticket-qr');
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await qr.getAttribute('src')).toContain(encodeURIComponent(':A'));
    await page.screenshot({ path: screenshotPath('ticket-not-printed-zh') });
    const health = await daemon.health();
    expect(health.devices[0]).toMatchObject({ state: 'userError', paper: 'out' });
    await emulator.control({ action: 'loadPaper' });
  });
});
