import { expect, test } from '@playwright/test';
import { getShortestPaths } from 'xstate/graph';
import { SCREENS, type ScreenId } from '@hall-kiosk/shared';
import type { DaemonProcess } from '../support/harness.ts';
import { control, startWholeKiosk } from '../support/whole-kiosk.ts';
import { screenModel } from '../support/screen-model.ts';
import { screenshotPath } from '../support/artifacts.ts';

// Model-based journeys. The model below says, independently of the app's own machines, which screen
// each citizen action leads to. xstate/graph finds the shortest path to every screen of the model;
// each path is walked in Chromium from a fresh attract screen, and after every step the page's own
// screen marker (html[data-screen]) must name the screen the model expects. A screenshot of each
// screen is kept. A test fails if the model leaves any screen of app/screens.ts out, unless it is
// listed below with the reason and the test that covers it.

let daemon: DaemonProcess;
test.beforeAll(async () => {
  daemon = await startWholeKiosk('model');
});
test.afterAll(async () => {
  await daemon?.stop();
});

const { model, actions: ACTIONS } = screenModel(() => daemon);

/** Screens the model leaves to other tests, and why. */
const ELSEWHERE: Partial<Record<ScreenId, string>> = {
  timeoutWarning: 'needs the clock: accessibility.spec.ts and timeoutLeavesNothing.spec.ts',
  selfTest: 'at boot only, before the first citizen: bootSelfTestAndPausedTickets.spec.ts',
  loadingAreas: 'passes in milliseconds: kiosk-ui/test/machines.test.ts',
  issuing: 'passes in milliseconds: kiosk-ui/test/machines.test.ts',
  identifyReading: 'passes in ~150 ms: identifyForPriority.spec.ts',
  checkInChecking: 'passes in milliseconds: screensOffTheShortestPaths.spec.ts holds the check-in',
  ticketTaken: 'needs a presenter printer: ticketPresenter.spec.ts',
  ticketRetracted: 'needs a presenter printer: ticketPresenter.spec.ts',
  ticketUnavailable: 'needs the daemon gone: kiosk-ui/test/machines.test.ts',
  checkInUnavailable: 'needs the daemon gone: screensOffTheShortestPaths.spec.ts kills it',
  ticketRefused: 'the cap reached after the list loaded: screensOffTheShortestPaths.spec.ts',
};

const paths = getShortestPaths(model);

test('the model covers every screen of the app, or says which test does', () => {
  const modelled = new Set(paths.map((p) => String(p.state.value)));
  const missing = SCREENS.filter((s) => !modelled.has(s) && !(s in ELSEWHERE));
  expect(missing).toEqual([]);
  for (const s of modelled) expect(SCREENS as readonly string[]).toContain(s);
});

for (const path of paths) {
  const target = String(path.state.value);
  const events = path.steps.map((s) => s.event.type).filter((t) => t !== 'xstate.init');
  test(`reach ${target}: ${events.join(' → ') || '(start)'}`, async ({ page }) => {
    await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
    await control(daemon, 'idCardReader', { action: 'removeCard' });
    await page.goto(daemon.url);
    await expect(page.locator('html')).toHaveAttribute('data-screen', 'attract');
    await expect(page.getByTestId('start')).toBeVisible();
    for (const step of path.steps.slice(1)) {
      await ACTIONS[step.event.type]!(page);
      await expect(page.locator('html'), `after ${step.event.type}`).toHaveAttribute(
        'data-screen',
        String(step.state.value),
        { timeout: 10_000 },
      );
    }
    await page.screenshot({ path: screenshotPath(`model-${target}`) });
    await control(daemon, 'idCardReader', { action: 'removeCard' });
    await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
  });
}
