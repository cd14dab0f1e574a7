import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { startEmulatedDaemon, type DaemonProcess } from '../support/harness.ts';
import { screenshotPath } from '../support/artifacts.ts';

let daemon: DaemonProcess;
test.beforeAll(async () => {
  daemon = await startEmulatedDaemon('maintenance', {
    scanner: true,
    config: { maintenance: { pinHash: await hashPin('135790', { N: 1 << 12 }), idleMinutes: 5 } },
  });
});
test.afterAll(async () => {
  await daemon?.stop();
});

async function enter(page: import('@playwright/test').Page, pin = '135790') {
  await page.goto(daemon.url);
  await expect(page.getByTestId('start')).toBeVisible();
  for (let i = 0; i < 5; i++) await page.getByTestId('hall-name').click();
  await expect(page).toHaveURL(/\/maintenance$/);
  for (const d of pin) await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-OK').click();
}

test('five taps on the hall name and the technician PIN open maintenance; checks, reset and events work', async ({
  page,
}) => {
  await enter(page, '111111');
  await expect(page.getByTestId('pin-message')).toContainText('还可以再试 4 次');
  for (const d of '135790') await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-OK').click();
  await expect(page.getByTestId('device-ticketPrinter')).toContainText('online');

  await page.getByTestId('check-ticketPrinter-interactive').click();
  await expect(page.getByTestId('check-ticketPrinter')).toContainText('test page printed');
  await page.getByTestId('check-idCardReader-external').click();
  await expect(page.getByTestId('check-idCardReader')).toContainText('SAM answers');
  await expect(page.getByTestId('statistics')).toContainText('PaperCutCount 1');
  await page.getByTestId('reset-ticketPrinter').click();
  await page.getByTestId('confirm-reset-ticketPrinter').click();
  await expect(page.getByTestId('statistics')).toContainText('PaperCutCount 0');
  await expect(page.getByTestId('config')).toContainText('[hidden]');
  await expect(page.getByTestId('config')).not.toContainText('scrypt$');

  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: screenshotPath('maintenance-zh'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByTestId('export-bundle').click();
  expect((await download).suggestedFilename()).toMatch(/^kiosk-diagnostics-.*\.json$/);

  await page.getByTestId('leave-maintenance').click();
  await expect(page.getByTestId('start')).toBeVisible();
});

test('maintenance mode warns, then leaves by itself when nobody touches it', async ({ page }) => {
  await page.clock.install();
  await enter(page);
  await expect(page.getByTestId('device-table')).toBeVisible();
  await page.clock.fastForward(4 * 60_000 + 2000);
  await expect(page.getByTestId('maintenance-idle')).toContainText('秒后自动退出维护模式');
  await page.clock.fastForward(61_000);
  await expect(page).toHaveURL(new RegExp(`${daemon.url}$`));
  await page.clock.resume();
  await expect(page.getByTestId('start')).toBeVisible();
});
