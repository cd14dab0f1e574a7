import type { SnapshotFrom } from 'xstate';
import type { MessageKey } from '../i18n/zh.ts';
import type { sessionMachine } from '../flows/session/session.machine.ts';
import type { takeTicketMachine } from '../flows/take-ticket/takeTicket.machine.ts';
import type { identifyMachine } from '../flows/identify/identify.machine.ts';

/** Every screen the kiosk can show. */
export const SCREENS = [
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
] as const;
export type ScreenId = (typeof SCREENS)[number];

/**
 * What each screen says aloud when it appears. Never a name or an ID number: the greeting screen only
 * asks for the card to be taken back. The ticket number is spoken (it is not personal).
 */
export const SCREEN_PROMPTS: Record<ScreenId, MessageKey> = {
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
};

type Snap<T> = SnapshotFrom<T> | undefined;

/** The screen on show, from the session, its flow and the flow's identify step. */
export function currentScreen(
  session: SnapshotFrom<typeof sessionMachine>,
  flow: Snap<typeof takeTicketMachine>,
  identify: Snap<typeof identifyMachine>,
): ScreenId {
  if (session.matches('attract')) return 'attract';
  if (session.matches('goodbye')) return 'goodbye';
  if (session.matches({ active: { idle: 'warning' } })) return 'timeoutWarning';
  if (!session.matches({ active: { flow: 'takeTicket' } }) || !flow) return 'home';
  if (flow.matches('loadingAreas')) return 'loadingAreas';
  if (flow.matches('choosingArea')) return 'chooseArea';
  if (flow.matches('askingPriority')) return 'priorityQuestion';
  if (flow.matches('identifying') && identify) {
    if (identify.matches({ waiting: 'reading' })) return 'identifyReading';
    if (identify.matches('greeting')) return 'identifyGreeting';
    if (identify.matches('failed')) return 'identifyFailed';
    return 'identifyPlaceCard';
  }
  if (flow.matches('issuing') || flow.matches('identifying')) return 'issuing';
  if (flow.matches({ printed: 'taken' })) return 'ticketTaken';
  if (flow.matches('printed')) return 'ticketPrinted';
  if (flow.matches('notPrinted')) return 'ticketNotPrinted';
  if (flow.matches('retracted')) return 'ticketRetracted';
  return 'ticketUnavailable';
}
