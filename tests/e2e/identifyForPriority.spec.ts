import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';
import { scanForPersonalData } from '../support/privacy-scan.ts';

// The identify step on real parts: the SAM reader emulator and the printer emulator each in their own
// process on a pseudo-terminal, the daemon opening both with the native serial binding, Chromium on top.
test.describe('identifying with an ID card for the green channel', () => {
  let dir: string;
  let reader: EmulatorProcess;
  let printer: EmulatorProcess;
  let daemon: DaemonProcess;

  test.beforeAll(async () => {
    dir = tempDir('identify');
    reader = await startEmulator({ device: 'idCardReader', hostPath: join(dir, 'ttyIdCard') });
    printer = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    daemon = await startDaemon({
      dir,
      config: {
        devices: {
          idCardReader: { connection: { serial: reader.hostPath } },
          ticketPrinter: { connection: { serial: printer.hostPath } },
        },
      },
    });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
  });

  test.afterAll(async () => {
    await daemon?.stop();
    await reader?.stop();
    await printer?.stop();
  });

  async function toCardStep(page: Page, area = 'area-tax') {
    await page.goto(daemon.url);
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await page.getByTestId(area).click();
    await page.getByTestId('priority-yes').click();
    await expect(page.getByTestId('identify-place')).toBeVisible();
  }

  test('an older citizen gets a priority ticket; the screen shows only the masked name', async ({ page }) => {
    await toCardStep(page);
    await page.screenshot({ path: screenshotPath('identify-place-card-zh') });
    await reader.control({ action: 'placeCard', card: 'elderResident' });
    await expect(page.getByTestId('masked-name')).toHaveText('您好，李**');
    await expect(page.getByTestId('masked-number')).toHaveText('3601**********1238');
    await page.screenshot({ path: screenshotPath('identify-greeting-zh') });
    await expect(page.locator('body')).not.toContainText('李示例');
    await expect(page.locator('body')).not.toContainText('360102195003151238');
    await reader.control({ action: 'removeCard' });
    await expect(page.getByTestId('priority-badge')).toBeVisible({ timeout: 10_000 });
    const number = (await page.getByTestId('ticket-number').textContent())!;
    const printed = (await printer.receipts()).at(-1)!;
    expect(printed.text).toContain(number);
    expect(printed.text).toContain('绿色通道 Priority');
    await page.getByTestId('finish').click();
  });

  test('a younger citizen identified this way gets an ordinary ticket', async ({ page }) => {
    await toCardStep(page, 'area-realEstate');
    await reader.control({ action: 'placeCard', card: 'resident' });
    await expect(page.getByTestId('masked-name')).toHaveText('您好，陈**');
    await page.getByTestId('identify-continue').click();
    await expect(page.getByTestId('ticket-number')).toHaveText(/^B\d{3}$/);
    await expect(page.getByTestId('priority-badge')).toHaveCount(0);
    await reader.control({ action: 'removeCard' });
    await page.getByTestId('finish').click();
  });

  test('a card lifted too early is explained, and the second try works', async ({ page }) => {
    await toCardStep(page);
    await reader.control({ action: 'liftDuringRead' });
    await reader.control({ action: 'placeCard', card: 'hkResident' });
    await expect(page.getByTestId('identify-failed')).toHaveAttribute('data-reason', 'cardRemoved');
    await expect(page.getByText('身份证拿开得太早了')).toBeVisible();
    await page.screenshot({ path: screenshotPath('identify-card-removed-zh') });
    await page.getByTestId('identify-retry').click();
    await reader.control({ action: 'placeCard', card: 'hkResident' });
    await expect(page.getByTestId('masked-name')).toHaveText('您好，黄**');
    await reader.control({ action: 'removeCard' });
  });

  test('a card whose number fails its check is refused with "ask staff"', async ({ page }) => {
    await toCardStep(page);
    await reader.control({ action: 'placeCard', card: 'badCheckDigit' });
    await expect(page.getByTestId('identify-failed')).toHaveAttribute('data-reason', 'invalidNumber');
    await expect(page.getByText('这张证件在本机无法读取')).toBeVisible();
    await reader.control({ action: 'removeCard' });
    await page.getByTestId('no-card').click();
    await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
  });

  test('a foreign permanent resident card is read in English', async ({ page }) => {
    await page.goto(daemon.url);
    await page.getByRole('button', { name: '切换到英文界面' }).click();
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await page.getByTestId('area-publicSecurity').click();
    await page.getByTestId('priority-yes').click();
    // As in the other journeys, the card goes on once the kiosk asks for it (the read is armed).
    await expect(page.getByTestId('identify-place')).toBeVisible();
    await reader.control({ action: 'placeCard', card: 'foreignResident' });
    await expect(page.getByTestId('masked-name')).toHaveText('Hello, 史**');
    await page.screenshot({ path: screenshotPath('identify-greeting-en') });
    await reader.control({ action: 'removeCard' });
  });

  test('after the journeys, no log, database or file holds any sample card’s personal data', async () => {
    await daemon.stop();
    const { hits, filesScanned } = scanForPersonalData([dir], {
      'daemon stderr': daemon
        .logs()
        .map((l) => JSON.stringify(l))
        .join('\n'),
    });
    expect(filesScanned).toBeGreaterThanOrEqual(3); // config.json, daemon.log, kiosk.db (+ WAL)
    expect(hits).toEqual([]);
  });
});
