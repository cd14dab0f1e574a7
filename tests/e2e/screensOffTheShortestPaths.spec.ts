import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { DEFAULT_AREAS } from '../../device-daemon/src/config/areas.ts';
import { startEmulatedDaemon, type DaemonProcess } from '../support/harness.ts';
import { control, startWholeKiosk } from '../support/whole-kiosk.ts';
import { screenshotPath } from '../support/artifacts.ts';
import { issueTicket } from '../support/ws-client.ts';

// Three screens the model-based journeys (modelJourneys.spec.ts) cannot reach on their own, rendered
// here in Chromium on the real daemon, each checked by the page's screen marker (html[data-screen])
// and what it says:
// - checkInChecking lasts as long as the daemon takes to look the booking up (milliseconds), so the
//   test holds the check-in command on its way to the daemon while it looks;
// - checkInUnavailable needs the daemon gone while a check-in waits for its answer;
// - ticketRefused needs the daemon to refuse a ticket for an area the list showed open: here another
//   kiosk takes the last ticket of the day between the list and the tap.

/** Routes the page's daemon WebSocket through the test, holding Appointments.CheckIn commands. */
async function holdCheckIns(page: Page): Promise<{ held: string[]; release(): void }> {
  const held: string[] = [];
  let server: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    server = ws.connectToServer();
    server.onMessage((message) => ws.send(message));
    ws.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"name":"Appointments.CheckIn"'))
        held.push(message);
      else server!.send(message);
    });
  });
  return {
    held,
    release() {
      for (const message of held.splice(0)) server!.send(message);
    },
  };
}

async function toCheckIn(page: Page, daemon: DaemonProcess): Promise<void> {
  await control(daemon, 'idCardReader', { action: 'removeCard' });
  await page.goto(daemon.url);
  await page.getByTestId('start').click();
  await page.getByTestId('home-check-in').click();
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'checkInWaiting');
}

test.describe('check-in screens between the scan and the answer', () => {
  let daemon: DaemonProcess;
  test.beforeAll(async () => {
    daemon = await startWholeKiosk('off-model-checkin');
  });
  test.afterAll(async () => {
    await daemon?.stop();
  });

  test('checkInChecking: shown while the daemon looks the booking up, then the ticket', async ({ page }) => {
    const checkIns = await holdCheckIns(page);
    await toCheckIn(page, daemon);
    await control(daemon, 'scanner', { action: 'scan', code: 'QR-NOW' });
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'checkInChecking');
    await expect(page.getByText('正在查询您的预约…')).toBeVisible();
    await expect.poll(() => checkIns.held.length).toBe(1);
    await page.screenshot({ path: screenshotPath('off-model-checkInChecking') });
    checkIns.release();
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'checkInTicket');
    await expect(page.getByTestId('check-in-ticket')).toBeVisible();
  });

  test('checkInUnavailable: the daemon dies while a check-in waits; the page says so and offers a retry', async ({
    page,
  }) => {
    // The UI gives the daemon the command's 20 s, plus 1 s, before it gives up.
    test.setTimeout(90_000);
    const checkIns = await holdCheckIns(page);
    await toCheckIn(page, daemon);
    await control(daemon, 'scanner', { action: 'scan', code: 'QR-NOW' });
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'checkInChecking');
    await expect.poll(() => checkIns.held.length).toBe(1);
    await daemon.kill9();
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'checkInUnavailable', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('check-in-unavailable')).toContainText(
      '请稍后再试，或到咨询台请工作人员帮助。',
    );
    await page.screenshot({ path: screenshotPath('off-model-checkInUnavailable') });
  });
});

test.describe('a ticket refused after the list showed the area open', () => {
  let daemon: DaemonProcess;
  test.beforeAll(async () => {
    daemon = await startEmulatedDaemon('off-model-refused', {
      config: {
        areas: DEFAULT_AREAS.map((a) => (a.id === 'tax' ? { ...a, dailyCap: 1 } : a)),
      },
    });
  });
  test.afterAll(async () => {
    await daemon?.stop();
  });

  test('ticketRefused: another kiosk took the last ticket of the day meanwhile', async ({ page }) => {
    await page.goto(daemon.url);
    await page.getByTestId('start').click();
    await page.getByTestId('home-take-ticket').click();
    await expect(page.getByTestId('area-tax')).toBeEnabled();
    const other = await issueTicket(daemon.url, 'tax');
    expect(other.payload).toMatchObject({ result: 'issued', ticket: { number: 'A001' } });
    await page.getByTestId('area-tax').click();
    await page.getByTestId('priority-no').click();
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'ticketRefused');
    await expect(page.getByTestId('closed-reason')).toHaveText('今日号源已取完');
    await expect(page.getByTestId('ticket-number')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('off-model-ticketRefused') });
    await page.getByTestId('back-to-areas').click();
    await expect(page.getByTestId('area-tax-meta')).toHaveText('今日号源已取完');
  });
});
