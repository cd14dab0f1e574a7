import { expect, test, type Page } from '@playwright/test';
import { createMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { SCREENS, type ScreenId } from '@hall-kiosk/shared';
import type { DaemonProcess } from '../support/harness.ts';
import { control, startWholeKiosk } from '../support/whole-kiosk.ts';
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

/** What each model event does on the page. */
const ACTIONS: Record<string, (page: Page) => Promise<void>> = {
  START: (p) => p.getByTestId('start').click(),
  TAKE_TICKET: (p) => p.getByTestId('home-take-ticket').click(),
  CHECK_IN: (p) => p.getByTestId('home-check-in').click(),
  GUIDE: (p) => p.getByTestId('home-guide').click(),
  CHOOSE_OPEN_AREA: (p) => p.getByTestId('area-tax').click(),
  CHOOSE_CLOSED_AREA: (p) => p.getByTestId('area-legalNotary').click(),
  BACK_TO_AREAS: (p) => p.getByTestId('back-to-areas').click(),
  NO_PRIORITY: (p) => p.getByTestId('priority-no').click(),
  NO_PRIORITY_PAPER_OUT: async (p) => {
    await control(daemon, 'ticketPrinter', { action: 'paperOut' });
    await p.getByTestId('priority-no').click();
  },
  PRIORITY_WITH_CARD: (p) => p.getByTestId('priority-yes').click(),
  PLACE_ELDER_CARD: () => control(daemon, 'idCardReader', { action: 'placeCard', card: 'elderResident' }),
  CARD_LIFTED_DURING_READ: async () => {
    await control(daemon, 'idCardReader', { action: 'liftDuringRead' });
    await control(daemon, 'idCardReader', { action: 'placeCard', card: 'resident' });
  },
  RETRY_CARD: (p) => p.getByTestId('identify-retry').click(),
  CONTINUE: (p) => p.getByTestId('identify-continue').click(),
  FINISH: (p) => p.getByTestId('finish').click(),
  RATE_BADLY: (p) => p.getByTestId('rate-2').click(),
  RATE_WELL: (p) => p.getByTestId('rate-5').click(),
  SKIP_RATING: (p) => p.getByTestId('rating-skip').click(),
  SUBMIT_RATING: (p) => p.getByTestId('rating-submit').click(),
  GOODBYE_DONE: (p) => p.getByTestId('goodbye-done').click(),
  SCAN_OLD_BOOKING: () => control(daemon, 'scanner', { action: 'scan', code: 'QR-OLD' }),
  SCAN_CURRENT_BOOKING: () => control(daemon, 'scanner', { action: 'scan', code: 'QR-NOW' }),
  NO_CARD: (p) => p.getByTestId('no-card').click(),
  SEARCH_BDC: async (p) => {
    for (const k of 'bdc') await p.getByTestId(`key-${k}`).click();
    await p.getByTestId('matter-BDC-002').click();
  },
};

const model = createMachine({
  id: 'kiosk',
  initial: 'attract',
  states: {
    attract: { on: { START: 'home' } },
    home: { on: { TAKE_TICKET: 'chooseArea', CHECK_IN: 'checkInWaiting', GUIDE: 'guideFind' } },
    chooseArea: { on: { CHOOSE_OPEN_AREA: 'priorityQuestion', CHOOSE_CLOSED_AREA: 'areaClosed' } },
    areaClosed: { on: { BACK_TO_AREAS: 'chooseArea' } },
    priorityQuestion: {
      on: {
        NO_PRIORITY: 'ticketPrinted',
        NO_PRIORITY_PAPER_OUT: 'ticketNotPrinted',
        PRIORITY_WITH_CARD: 'identifyPlaceCard',
      },
    },
    identifyPlaceCard: {
      on: { PLACE_ELDER_CARD: 'identifyGreeting', CARD_LIFTED_DURING_READ: 'identifyFailed' },
    },
    identifyFailed: { on: { RETRY_CARD: 'identifyPlaceCard' } },
    identifyGreeting: { on: { CONTINUE: 'ticketPrinted' } },
    ticketPrinted: { on: { FINISH: 'rating' } },
    ticketNotPrinted: { on: { FINISH: 'rating' } },
    rating: { on: { RATE_BADLY: 'ratingReasons', RATE_WELL: 'ratingThanks', SKIP_RATING: 'goodbye' } },
    ratingReasons: { on: { SUBMIT_RATING: 'ratingThanks' } },
    ratingThanks: {},
    goodbye: { on: { GOODBYE_DONE: 'attract' } },
    checkInWaiting: {
      on: {
        SCAN_OLD_BOOKING: 'checkInNotPossible',
        SCAN_CURRENT_BOOKING: 'checkInTicket',
        NO_CARD: 'checkInNoCard',
      },
    },
    checkInNotPossible: {},
    checkInTicket: {},
    checkInNoCard: {},
    guideFind: { on: { SEARCH_BDC: 'guideView' } },
    guideView: {},
  },
});

/** Screens the model leaves to other tests, and why. */
const ELSEWHERE: Partial<Record<ScreenId, string>> = {
  timeoutWarning: 'needs the clock: accessibility.spec.ts and timeoutLeavesNothing.spec.ts',
  loadingAreas: 'passes in milliseconds: kiosk-ui/test/machines.test.ts',
  issuing: 'passes in milliseconds: kiosk-ui/test/machines.test.ts',
  identifyReading: 'passes in ~150 ms: identifyForPriority.spec.ts',
  checkInChecking: 'passes in milliseconds: kiosk-ui/test/machines.test.ts',
  ticketTaken: 'needs a presenter printer: ticketPresenter.spec.ts',
  ticketRetracted: 'needs a presenter printer: ticketPresenter.spec.ts',
  ticketUnavailable: 'needs the daemon gone: kiosk-ui/test/machines.test.ts',
  checkInUnavailable: 'needs the daemon gone: kiosk-ui/test/machines.test.ts',
  ticketRefused: 'a daily cap or limit: appointmentsAndOpeningHours.spec.ts and counters.test.ts',
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
