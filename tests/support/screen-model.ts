import type { Page } from '@playwright/test';
import { createMachine } from 'xstate';
import type { DaemonProcess } from './harness.ts';
import { control } from './whole-kiosk.ts';

/**
 * The kiosk's screens as a model: which screen each citizen action leads to, written apart from the
 * app's own machines, and what each action does on the page. Used by the model-based journeys
 * (tests/e2e/modelJourneys.spec.ts) and the tap → next screen benchmark (bench/ui.bench.ts).
 */
export function screenModel(daemon: () => DaemonProcess) {
  /** What each model event does on the page. */
  const actions: Record<string, (page: Page) => Promise<void>> = {
    START: (p) => p.getByTestId('start').click(),
    TAKE_TICKET: (p) => p.getByTestId('home-take-ticket').click(),
    CHECK_IN: (p) => p.getByTestId('home-check-in').click(),
    GUIDE: (p) => p.getByTestId('home-guide').click(),
    CHOOSE_OPEN_AREA: (p) => p.getByTestId('area-tax').click(),
    CHOOSE_CLOSED_AREA: (p) => p.getByTestId('area-legalNotary').click(),
    BACK_TO_AREAS: (p) => p.getByTestId('back-to-areas').click(),
    NO_PRIORITY: (p) => p.getByTestId('priority-no').click(),
    NO_PRIORITY_PAPER_OUT: async (p) => {
      await control(daemon(), 'ticketPrinter', { action: 'paperOut' });
      await p.getByTestId('priority-no').click();
    },
    PRIORITY_WITH_CARD: (p) => p.getByTestId('priority-yes').click(),
    PLACE_ELDER_CARD: () => control(daemon(), 'idCardReader', { action: 'placeCard', card: 'elderResident' }),
    CARD_LIFTED_DURING_READ: async () => {
      await control(daemon(), 'idCardReader', { action: 'liftDuringRead' });
      await control(daemon(), 'idCardReader', { action: 'placeCard', card: 'resident' });
    },
    RETRY_CARD: (p) => p.getByTestId('identify-retry').click(),
    CONTINUE: (p) => p.getByTestId('identify-continue').click(),
    FINISH: (p) => p.getByTestId('finish').click(),
    RATE_BADLY: (p) => p.getByTestId('rate-2').click(),
    RATE_WELL: (p) => p.getByTestId('rate-5').click(),
    SKIP_RATING: (p) => p.getByTestId('rating-skip').click(),
    SUBMIT_RATING: (p) => p.getByTestId('rating-submit').click(),
    GOODBYE_DONE: (p) => p.getByTestId('goodbye-done').click(),
    SCAN_OLD_BOOKING: () => control(daemon(), 'scanner', { action: 'scan', code: 'QR-OLD' }),
    SCAN_CURRENT_BOOKING: () => control(daemon(), 'scanner', { action: 'scan', code: 'QR-NOW' }),
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

  return { model, actions };
}
