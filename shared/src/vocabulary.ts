/**
 * The protocol's word lists and the little plain code the kiosk page needs as values. Nothing here
 * imports zod, so the page can take these (through `@hall-kiosk/shared/browser`) without bundling
 * the schemas; the schema modules build their enums from the same lists.
 */

/** The devices a kiosk may have; the configuration names them with exactly these keys. */
export const DEVICE_NAMES = ['idCardReader', 'receiptPrinter', 'ticketPrinter', 'scanner'] as const;

/**
 * Device states, as in XFS4IoT `common.device`:
 * - online: ready for use
 * - offline: configured and was present, but not answering now (unplugged, powered off at the far end)
 * - hardwareError: present but broken (cutter jam, SAM self-test failed); needs a technician
 * - userError: present but needs a person to act (cover open, paper out)
 * - noDevice: cannot be found at all (no such serial port, nothing listening, no driver)
 * - deviceBusy: working on an operation that excludes others
 * - powerOff: the device reports that it is powered off
 */
export const DEVICE_STATES = [
  'online',
  'offline',
  'hardwareError',
  'userError',
  'noDevice',
  'deviceBusy',
  'powerOff',
] as const;

/** Why a command was not accepted (acknowledge.status); null means accepted. */
export const ACK_STATUSES = ['invalidMessage', 'invalidRequestID', 'tooManyRequests'] as const;

/** How a command ended (XFS4IoT completionCode). */
export const COMPLETION_CODES = [
  'success',
  'commandErrorCode',
  'canceled',
  'deviceNotReady',
  'hardwareError',
  'internalError',
  'invalidCommand',
  'invalidRequestID',
  'timeOut',
  'unsupportedCommand',
  'invalidData',
  'userError',
  'unsupportedData',
  'sequenceError',
  'authorisationRequired',
] as const;

/** Why a card was not read, as the UI explains it to the person. */
export const ID_READ_FAILURES = [
  'cardMoved',
  'readFailed',
  'cardRemoved',
  'unreadable',
  'invalidNumber',
  'samError',
  'timeOut',
] as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** 好差评 reasons, asked for levels 1–2. */
export const RATING_REASONS = [
  'waitTooLong',
  'staffAttitude',
  'unclearGuide',
  'missingMaterialsNotTold',
  'systemFault',
  'notSolved',
  'other',
] as const;

/** What a ticket's QR code says, on paper and on screen: enough for staff to find it, nothing personal. */
export function ticketReference(ticket: { businessDate: string; number: string; id: number }): string {
  return `HK-TICKET:${ticket.businessDate}:${ticket.number}:${ticket.id}`;
}
