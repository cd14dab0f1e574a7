import { expect, test } from '@playwright/test';
import { startEmulatedDaemon, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

// A person identifies with their card, chooses English and 关怀模式, then walks away mid-flow. After the
// warning runs out, nothing of them remains: not on screen, not in the daemon.
let daemon: DaemonProcess;
test.beforeAll(async () => {
  daemon = await startEmulatedDaemon('walkaway');
});
test.afterAll(async () => {
  await daemon?.stop();
});

test('a session that times out halfway leaves nothing of the person behind', async ({ page }) => {
  await page.clock.install();
  await page.goto(daemon.url);
  await page.getByRole('button', { name: '切换到英文界面' }).click();
  await page.getByTestId('care-toggle').click();
  await page.getByTestId('start').click();
  await page.getByTestId('home-take-ticket').click();
  await page.getByTestId('area-tax').click();
  await page.getByTestId('priority-yes').click();
  await fetch(`${daemon.url}emulator/api/emulators/idCardReader/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'placeCard', card: 'elderResident' }),
  });
  await expect(page.getByTestId('masked-name')).toHaveText('Hello, 李**');
  await page.clock.pauseAt(Date.now() + 1000);

  // The person walks away: 120 s (关怀模式) to the warning, 40 s more to the end.
  await page.clock.fastForward(120_000);
  await expect(page.getByTestId('more-time')).toBeVisible();
  await page.clock.fastForward(40_000);
  await expect(page.getByTestId('start')).toBeVisible();
  await page.clock.resume();

  // On screen: the next person gets the default language and mode, and no trace of the last one.
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(await page.evaluate(() => document.documentElement.dataset.care)).toBe('off');
  await expect(page.getByTestId('voice-toggle')).toHaveAttribute('aria-pressed', 'false');
  expect(await page.content()).not.toContain('李**');
  expect(await page.content()).not.toContain('3601**');

  // In the daemon: the identity is gone, so a ticket can no longer be issued with it.
  await expect
    .poll(() => daemon.logs().some((l) => l.msg === 'identity wiped' && l.reason === 'session ended'))
    .toBe(true);
  const ws = await TestSocket.open(daemon.url);
  ws.command('Queue.IssueTicket', 1, { areaId: 'tax', useIdentity: true });
  const done = await ws.completion(1);
  ws.close();
  expect(done.header).toMatchObject({ completionCode: 'sequenceError' });
});

test('a touch anywhere on the glass puts the warning off to a full idle time after it', async ({ page }) => {
  await page.clock.install();
  await page.goto(daemon.url);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('home-take-ticket')).toBeVisible();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.clock.fastForward(50_000);
  // A touch on the screen's title, which no handler of the page listens to.
  await page.locator('.screen-title').click();
  await page.clock.fastForward(30_000); // 80 s since the start, 30 s since the touch
  await expect(page.getByTestId('home-take-ticket')).toBeVisible();
  await expect(page.getByTestId('more-time')).toHaveCount(0);
  await page.clock.fastForward(30_000); // 60 s since the touch
  await expect(page.getByTestId('more-time')).toBeVisible();
  await page.clock.resume();
});
