import type { SnapshotFrom } from 'xstate';
import type { MessageKey } from '../i18n/zh.ts';
import type { sessionMachine } from '../flows/session/session.machine.ts';
import type { takeTicketMachine } from '../flows/take-ticket/takeTicket.machine.ts';
import type { identifyMachine } from '../flows/identify/identify.machine.ts';
import type { checkInMachine } from '../flows/check-in/checkIn.machine.ts';
import type { guideMachine } from '../flows/guide/guide.machine.ts';
import type { ratingMachine } from '../flows/rating/rating.machine.ts';
/** Every screen the kiosk can show. */
export declare const SCREENS: readonly [
  'attract',
  'home',
  'goodbye',
  'timeoutWarning',
  'loadingAreas',
  'chooseArea',
  'priorityQuestion',
  'identifyPlaceCard',
  'identifyReading',
  'identifyGreeting',
  'identifyFailed',
  'issuing',
  'ticketPrinted',
  'ticketTaken',
  'ticketNotPrinted',
  'ticketRetracted',
  'ticketUnavailable',
  'areaClosed',
  'ticketRefused',
  'checkInWaiting',
  'checkInNoCard',
  'checkInChecking',
  'checkInTicket',
  'checkInNotPossible',
  'checkInUnavailable',
  'guideFind',
  'guideView',
  'rating',
  'ratingReasons',
  'ratingThanks',
];
export type ScreenId = (typeof SCREENS)[number];
/**
 * What each screen says aloud when it appears. Never a name or an ID number: the greeting screen only
 * asks for the card to be taken back. The ticket number is spoken (it is not personal).
 */
export declare const SCREEN_PROMPTS: Record<ScreenId, MessageKey>;
type Snap<T> = SnapshotFrom<T> | undefined;
/** The screen on show, from the session, its flow and the flow's identify step. */
export declare function currentScreen(
  session: SnapshotFrom<typeof sessionMachine>,
  flow: Snap<typeof takeTicketMachine>,
  identify: Snap<typeof identifyMachine>,
  checkIn?: Snap<typeof checkInMachine>,
  guide?: Snap<typeof guideMachine>,
  rating?: Snap<typeof ratingMachine>,
): ScreenId;
export {};
