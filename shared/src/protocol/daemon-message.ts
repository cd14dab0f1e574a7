/**
 * The UI side of the protocol: every message from the daemon is checked here — the envelope, and the
 * payload of successful completions, events and unsolicited messages — before the page sees it.
 * These are the same rules as the zod schemas of `catalogue.ts` and `envelope.ts` (which the daemon
 * uses), written with the small checks of `guard.ts` so the kiosk page does not bundle zod;
 * `shared/test/daemon-message.test.ts` holds the two to each other (equal types, equal verdicts).
 */
import type {
  CommandName,
  CompletionPayload,
  EventName,
  EventPayload,
  UnsolicitedName,
  UnsolicitedPayload,
} from './catalogue.ts';
import type { AnyMessage, Envelope } from './envelope.ts';
import {
  ACK_STATUSES,
  COMPLETION_CODES,
  DEVICE_NAMES,
  DEVICE_STATES,
  ID_READ_FAILURES,
  WEEKDAYS,
} from '../vocabulary.ts';
import {
  anyObject,
  array,
  bool,
  int,
  literal,
  nullable,
  object,
  oneOf,
  optional,
  partialRecord,
  str,
  strWhere,
  strictObject,
  union,
  type Check,
  type Infer,
} from './guard.ts';

/** Larger messages from the daemon are refused unread (16 × what the daemon accepts). */
const MAX_DAEMON_MESSAGE_BYTES = 16 * 64 * 1024;

const nonNegative = int({ min: 0 });
const ZoneOffsetMinutes = int({ min: -14 * 60, max: 14 * 60 });
const LocalizedText = object({ zh: str({ min: 1 }), en: str({ min: 1 }) });
const AreaId = str({ pattern: /^[a-z][a-zA-Z0-9-]{0,31}$/ });
const MatterCode = str({ pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/ });

const DeviceStatus = object({
  device: oneOf(DEVICE_NAMES),
  state: oneOf(DEVICE_STATES),
  connection: str(),
  paper: optional(oneOf(['unknown', 'full', 'low', 'out', 'jammed'])),
  detail: optional(str()),
  since: str(),
});

const TimeRange = strWhere((s) => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return false;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return to > from && to <= 24 * 60;
}, 'must be a range like 08:30-12:00 (start before end, at most 24:00)');
const WeeklyHours = partialRecord(WEEKDAYS, array(TimeRange));

const AreaView = object({
  area: object({ id: AreaId, prefix: str({ pattern: /^[A-Z]$/ }), name: LocalizedText }),
  availability: union('open', {
    true: object({ open: literal(true), closesAt: nullable(str()) }),
    false: object({
      open: literal(false),
      reason: oneOf(['outsideHours', 'holiday', 'capReached']),
      opensAt: nullable(str()),
    }),
  }),
  waiting: nonNegative,
  estimatedWaitMinutes: nullable(nonNegative),
});

const Ticket = object({
  id: int({ min: 1 }),
  // Online (A007) or, from a kiosk that could not reach the hall, offline (AK3-007): queue.ts.
  number: str({ pattern: /^(?:[A-Z]\d{3,}|[A-Z]K\d{1,2}-\d{3,})$/ }),
  areaId: AreaId,
  businessDate: str({ pattern: /^\d{4}-\d{2}-\d{2}$/ }),
  issuedAt: str(),
  peopleAhead: nonNegative,
  priority: bool,
  priorityReason: nullable(oneOf(['age', 'disability', 'appointment'])),
  appointment: bool,
  estimatedWaitMinutes: nullable(nonNegative),
  offline: optional(bool),
});

const PrintOutcome = union('printed', {
  true: object({ printed: literal(true) }),
  false: object({
    printed: literal(false),
    reason: oneOf(['deviceNotReady', 'paperOut', 'coverOpen', 'hardwareError', 'timeOut', 'noDevice']),
  }),
});

const issued = { ticket: Ticket, print: PrintOutcome, presented: bool };

const BookingView = object({
  areaId: AreaId,
  areaName: nullable(LocalizedText),
  date: str(),
  time: str(),
  matter: nullable(LocalizedText),
});

const MatterSummary = object({
  code: MatterCode,
  name: LocalizedText,
  areaId: AreaId,
  department: LocalizedText,
  visits: int(),
});

const Matter = strictObject({
  code: MatterCode,
  name: LocalizedText,
  areaId: AreaId,
  department: LocalizedText,
  conditions: array(LocalizedText),
  materials: array(
    strictObject({
      name: LocalizedText,
      form: oneOf(['original', 'copy', 'originalAndCopy']),
      count: int({ min: 1, max: 99 }),
      note: optional(LocalizedText),
    }),
  ),
  steps: array(LocalizedText, { min: 1 }),
  legalDays: int({ min: 0, max: 365 }),
  promisedDays: int({ min: 0, max: 365 }),
  fees: LocalizedText,
  legalBasis: array(LocalizedText),
  visits: int({ min: 0, max: 9 }),
  online: nullable(strictObject({ url: str({ url: /^https?$/ }), note: optional(LocalizedText) })),
  faq: array(strictObject({ q: LocalizedText, a: LocalizedText })),
  contact: strictObject({ phone: optional(str({ max: 40 })), place: optional(LocalizedText) }),
  keywords: optional(array(str({ max: 40 }))),
});

const MaskedIdentity = strictObject({
  documentType: oneOf(['resident', 'hkMacaoTaiwanResidence', 'foreignPermanentResident']),
  maskedName: str(),
  maskedNumber: str(),
  age: nullable(nonNegative),
  expired: bool,
});

/** An object with no fields of interest (zod's `object({})`, typed as it types it). */
const empty = object({}) as Check<Record<string, never>>;

/** The payload of each command's successful completion. */
export const COMPLETION_CHECKS = {
  'Kiosk.Info': object({
    hallName: LocalizedText,
    timeZone: str(),
    zoneOffsetMinutes: ZoneOffsetMinutes,
    version: str(),
    priorityAge: nonNegative,
    idCardReader: bool,
    hours: nullable(WeeklyHours),
    callOrder: LocalizedText,
    disabilityPriority: bool,
    ticketIdentify: oneOf(['never', 'priority', 'always']),
    ticketPolicy: nullable(LocalizedText),
    appointments: bool,
    scanner: bool,
    whenTicketPrinterDown: oneOf(['pause', 'numberOnScreen']),
    selfTestMinMs: nonNegative,
  }),
  'Common.Status': object({ devices: array(DeviceStatus) }),
  'Queue.ListAreas': object({ areas: array(AreaView) }),
  'Queue.IssueTicket': union('result', {
    issued: object({ ...issued, result: literal('issued') }),
    refused: object({
      result: literal('refused'),
      reason: oneOf([
        'outsideHours',
        'holiday',
        'capReached',
        'identityLimit',
        'priorityLimit',
        'identityRequired',
        'hallUnreachable',
      ]),
      opensAt: nullable(str()),
    }),
  }),
  'Appointments.CheckIn': union('result', {
    ticket: object({ ...issued, result: literal('ticket'), reprint: bool, booking: BookingView }),
    tooEarly: object({ result: literal('tooEarly'), booking: BookingView, opensAt: str() }),
    tooLate: object({ result: literal('tooLate'), booking: BookingView }),
    notFound: object({ result: literal('notFound') }),
    sourceUnavailable: object({ result: literal('sourceUnavailable') }),
  }),
  'Scanner.Read': object({ code: str(), symbology: str() }),
  'Scanner.Cancel': empty,
  'Catalogue.Browse': object({
    matters: array(MatterSummary),
    lifeEvents: array(object({ id: str(), name: LocalizedText })),
    departments: array(LocalizedText),
    areas: array(object({ id: AreaId, name: LocalizedText })),
  }),
  'Catalogue.Search': object({ matters: array(MatterSummary), total: nonNegative }),
  'Catalogue.Guide': object({ matter: Matter, guideViewId: int({ min: 1 }) }),
  'Catalogue.PrintChecklist': object({ print: PrintOutcome, printJobId: nullable(int()) }),
  'Rating.Submit': union('result', {
    recorded: object({ result: literal('recorded'), reference: str() }),
    alreadyRated: object({ result: literal('alreadyRated') }),
  }),
  'IdCard.Read': union('result', {
    identified: strictObject({ result: literal('identified'), identity: MaskedIdentity }),
    failed: strictObject({ result: literal('failed'), reason: oneOf(ID_READ_FAILURES) }),
  }),
  'IdCard.Cancel': empty,
  'Kiosk.CallStaff': object({ at: str() }),
  'Kiosk.Clock': object({ offsetMs: int(), measured: bool, zoneOffsetMinutes: ZoneOffsetMinutes }),
  'Session.End': empty,
} satisfies { [N in CommandName]: Check<CompletionPayload<N>> };

/** The payload of each progress event. */
export const EVENT_CHECKS = {
  'IdCard.CardDetected': empty,
} satisfies { [N in EventName]: Check<EventPayload<N>> };

/** The payload of each unsolicited message. */
export const UNSOLICITED_CHECKS = {
  'Common.StatusChanged': object({ status: DeviceStatus }),
  'Printer.MediaTaken': object({ ticketId: int() }),
  'Printer.MediaRetracted': object({ ticketId: int() }),
  'Kiosk.HelpAcknowledged': empty,
} satisfies { [N in UnsolicitedName]: Check<UnsolicitedPayload<N>> };

const Name = str({ pattern: /^[A-Z][A-Za-z]*\.[A-Z][A-Za-z]*$/ });
const RequestId = int({ min: 1, max: 2 ** 31 - 1 });

/** The envelope of every message, as `Envelope` in envelope.ts. */
export const ENVELOPE_CHECK = strictObject({
  header: union('type', {
    command: strictObject({
      type: literal('command'),
      name: Name,
      requestId: RequestId,
      version: optional(str()),
      timeout: optional(int({ min: 0, max: 3_600_000 })),
    }),
    acknowledge: strictObject({
      type: literal('acknowledge'),
      name: str(),
      requestId: nullable(RequestId),
      status: nullable(oneOf(ACK_STATUSES)),
      errorDescription: optional(str()),
    }),
    event: strictObject({ type: literal('event'), name: Name, requestId: RequestId }),
    completion: strictObject({
      type: literal('completion'),
      name: Name,
      requestId: RequestId,
      completionCode: oneOf(COMPLETION_CODES),
      errorDescription: optional(str()),
    }),
    unsolicited: strictObject({ type: literal('unsolicited'), name: Name }),
  }),
  payload: anyObject,
});

const has = (table: object, name: string) => Object.prototype.hasOwnProperty.call(table, name);

/**
 * UI side: validates a message from the daemon, including the payload of successful completions and of
 * unsolicited messages, so the screens only ever see well-formed data. Never throws, whatever the input.
 */
export function parseDaemonMessage(
  raw: string,
): { ok: true; value: AnyMessage } | { ok: false; error: string } {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only a possibly-too-large message is encoded.
  if (
    raw.length * 3 > MAX_DAEMON_MESSAGE_BYTES &&
    new TextEncoder().encode(raw).length > MAX_DAEMON_MESSAGE_BYTES
  )
    return { ok: false, error: 'message too large' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  const broken = ENVELOPE_CHECK(json, '');
  if (broken) return { ok: false, error: broken };
  const message = json as AnyMessage;
  const { header } = message;
  let payloadCheck: Check<unknown> | undefined;
  if (header.type === 'completion' && header.completionCode === 'success') {
    if (!has(COMPLETION_CHECKS, header.name)) return { ok: false, error: `unknown command ${header.name}` };
    payloadCheck = COMPLETION_CHECKS[header.name as CommandName] as Check<unknown>;
  } else if (header.type === 'event') {
    if (!has(EVENT_CHECKS, header.name)) return { ok: false, error: `unknown event ${header.name}` };
    payloadCheck = EVENT_CHECKS[header.name as EventName] as Check<unknown>;
  } else if (header.type === 'unsolicited') {
    if (!has(UNSOLICITED_CHECKS, header.name))
      return { ok: false, error: `unknown unsolicited ${header.name}` };
    payloadCheck = UNSOLICITED_CHECKS[header.name as UnsolicitedName] as Check<unknown>;
  }
  const problem = payloadCheck?.(message.payload, 'payload');
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: message };
}

// The page's checks must describe exactly the types of the daemon's zod schemas: a field added,
// dropped, made optional or given another enum value on one side only fails `tsc -b`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type AllTrue<T extends Record<string, true>> = T;
export type CompletionTypesAgree = AllTrue<{
  [N in CommandName]: Equal<Infer<(typeof COMPLETION_CHECKS)[N]>, CompletionPayload<N>>;
}>;
export type EventTypesAgree = AllTrue<{
  [N in EventName]: Equal<Infer<(typeof EVENT_CHECKS)[N]>, EventPayload<N>>;
}>;
export type UnsolicitedTypesAgree = AllTrue<{
  [N in UnsolicitedName]: Equal<Infer<(typeof UNSOLICITED_CHECKS)[N]>, UnsolicitedPayload<N>>;
}>;
export type EnvelopeTypesAgree = AllTrue<{ envelope: Equal<Infer<typeof ENVELOPE_CHECK>, Envelope> }>;

/**
 * What the daemon writes into the kiosk page's HTML (`<script type="application/json"
 * id="kiosk-boot">`, never run): the answers of `Kiosk.Info` and `Common.Status` at the moment the
 * page was served, so the page's first screen is the attract screen itself instead of waiting for a
 * WebSocket and two round trips (docs/performance.md). The page checks it as it checks those answers.
 */
export type KioskBoot = {
  info: CompletionPayload<'Kiosk.Info'>;
  devices: CompletionPayload<'Common.Status'>['devices'];
};

/** The id of the element that carries the kiosk page's boot data. */
export const KIOSK_BOOT_ID = 'kiosk-boot';

/** The boot data the page was served with, or null when there is none or it does not check out. */
export function parseKioskBoot(text: string | null | undefined): KioskBoot | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { info, devices } = json as Record<string, unknown>;
  if (COMPLETION_CHECKS['Kiosk.Info'](info, 'info') !== null) return null;
  if (COMPLETION_CHECKS['Common.Status']({ devices }, 'boot') !== null) return null;
  return json as KioskBoot;
}

/**
 * Boot data as the text of an HTML element: JSON with `<`, `>`, `&` and the two line separators
 * escaped, so no hall name or status detail can end the element or open another.
 */
export function kioskBootHtml(boot: KioskBoot): string {
  const json = JSON.stringify(boot).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${KIOSK_BOOT_ID}">${json}</script>`;
}
