/**
 * The kiosk UI's screens, by id: the page marks the one on show as html[data-screen] (kiosk-ui's
 * app/screens.ts maps the session's state to it). Here so that tests outside the UI can list them.
 */
export const SCREENS = [
  'selfTest',
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
] as const;
export type ScreenId = (typeof SCREENS)[number];
