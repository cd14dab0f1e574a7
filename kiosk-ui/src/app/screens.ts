import type { SnapshotFrom } from 'xstate';
import type { MessageKey } from '../i18n/zh.ts';
import type { sessionMachine } from '../flows/session/session.machine.ts';
import type { takeTicketMachine } from '../flows/take-ticket/takeTicket.machine.ts';
import type { identifyMachine } from '../flows/identify/identify.machine.ts';
import type { checkInMachine } from '../flows/check-in/checkIn.machine.ts';
import type { guideMachine } from '../flows/guide/guide.machine.ts';
import type { ratingMachine } from '../flows/rating/rating.machine.ts';

import { SCREENS, type ScreenId } from '@hall-kiosk/shared/browser';

export { SCREENS, type ScreenId };

/**
 * What each screen says aloud when it appears. Never a name or an ID number: the greeting screen only
 * asks for the card to be taken back. The ticket number is spoken (it is not personal).
 */
export const SCREEN_PROMPTS: Record<ScreenId, MessageKey> = {
  selfTest: 'selfTest.title',
  attract: 'voice.attract',
  home: 'home.title',
  goodbye: 'voice.goodbye',
  timeoutWarning: 'voice.timeout',
  loadingAreas: 'ticket.loading',
  chooseArea: 'ticket.chooseArea',
  priorityQuestion: 'ticket.priorityQuestion',
  identifyPlaceCard: 'identify.placeCard',
  identifyReading: 'identify.reading',
  identifyGreeting: 'identify.removeCard',
  identifyFailed: 'identify.failedTitle',
  issuing: 'ticket.issuing',
  ticketPrinted: 'voice.ticketPrinted',
  ticketTaken: 'ticket.taken',
  ticketNotPrinted: 'voice.ticketNotPrinted',
  ticketRetracted: 'voice.ticketNotPrinted',
  ticketUnavailable: 'ticket.unavailable.title',
  areaClosed: 'ticket.closed.title',
  ticketRefused: 'ticket.refused.title',
  checkInWaiting: 'identify.placeCard',
  checkInNoCard: 'checkIn.noCardDesk',
  checkInChecking: 'checkIn.checking',
  checkInTicket: 'voice.ticketPrinted',
  checkInNotPossible: 'checkIn.alternatives',
  checkInUnavailable: 'ticket.unavailable.title',
  guideFind: 'guide.title',
  guideView: 'guide.materials',
  rating: 'rating.question',
  ratingReasons: 'rating.reasonsTitle',
  ratingThanks: 'rating.thanksBody',
};

type Snap<T> = SnapshotFrom<T> | undefined;

/** The screen on show, from the session, its flow and the flow's identify step. */
export function currentScreen(
  session: SnapshotFrom<typeof sessionMachine>,
  flow: Snap<typeof takeTicketMachine>,
  identify: Snap<typeof identifyMachine>,
  checkIn?: Snap<typeof checkInMachine>,
  guide?: Snap<typeof guideMachine>,
  rating?: Snap<typeof ratingMachine>,
): ScreenId {
  if (session.matches({ attract: 'selfTest' })) return 'selfTest';
  if (session.matches('attract')) return 'attract';
  if (session.matches('goodbye')) return 'goodbye';
  if (session.matches({ active: { idle: 'warning' } })) return 'timeoutWarning';
  if (session.matches({ active: { flow: 'guide' } }) && guide)
    return guide.matches('finding') ? 'guideFind' : 'guideView';
  if (session.matches({ active: { flow: 'rating' } }) && rating) {
    if (rating.matches('reasons')) return 'ratingReasons';
    if (rating.matches('asking')) return 'rating';
    return 'ratingThanks';
  }
  if (session.matches({ active: { flow: 'checkIn' } }) && checkIn) {
    const identifyScreen = identify && identifyStep(identify);
    if (checkIn.matches({ waiting: 'card' }))
      return identifyScreen && identifyScreen !== 'identifyPlaceCard' ? identifyScreen : 'checkInWaiting';
    if (checkIn.matches({ waiting: 'noCard' })) return 'checkInNoCard';
    if (checkIn.matches('checking')) return 'checkInChecking';
    if (checkIn.matches('result'))
      return checkIn.context.result?.result === 'ticket' ? 'checkInTicket' : 'checkInNotPossible';
    return 'checkInUnavailable';
  }
  if (!session.matches({ active: { flow: 'takeTicket' } }) || !flow) return 'home';
  if (flow.matches('loadingAreas')) return 'loadingAreas';
  if (flow.matches('choosingArea')) return 'chooseArea';
  if (flow.matches('askingPriority')) return 'priorityQuestion';
  if (flow.matches('identifying') && identify) return identifyStep(identify);
  if (flow.matches('areaClosed')) return 'areaClosed';
  if (flow.matches('refused')) return 'ticketRefused';
  if (flow.matches('issuing') || flow.matches('identifying')) return 'issuing';
  if (flow.matches({ printed: 'taken' })) return 'ticketTaken';
  if (flow.matches('printed')) return 'ticketPrinted';
  if (flow.matches('notPrinted')) return 'ticketNotPrinted';
  if (flow.matches('retracted')) return 'ticketRetracted';
  return 'ticketUnavailable';
}

function identifyStep(identify: NonNullable<Snap<typeof identifyMachine>>): ScreenId {
  if (identify.matches({ waiting: 'reading' })) return 'identifyReading';
  if (identify.matches('greeting')) return 'identifyGreeting';
  if (identify.matches('failed')) return 'identifyFailed';
  return 'identifyPlaceCard';
}
