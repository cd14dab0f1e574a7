import * as z from 'zod/mini';
import { DeviceStatus } from '../devices.ts';
import { LocalizedText } from '../text.ts';
import { IdReadFailure, MaskedIdentity } from '../identity.ts';
import { AreaId, AreaView, PrintOutcome, Ticket, WeeklyHours } from '../queue.ts';
import {
  Matter,
  MatterCode,
  MatterSummary,
  RatingLevel,
  RatingReason,
  ServiceEventKind,
} from '../matters.ts';

/** A booking as the kiosk shows it (nothing personal). */
export const BookingView = z.object({
  areaId: AreaId,
  areaName: z.nullable(LocalizedText),
  date: z.string(),
  time: z.string(),
  matter: z.nullable(LocalizedText),
});
export type BookingView = z.infer<typeof BookingView>;

const IssuedTicket = z.object({
  ticket: Ticket,
  print: PrintOutcome,
  /** The ticket waits in a presenter: Printer.MediaTaken or Printer.MediaRetracted will follow. */
  presented: z.boolean(),
});

/** Why no ticket was issued for an area. */
export const TicketRefusal = z.enum([
  'outsideHours',
  'holiday',
  'capReached',
  'identityLimit',
  /** This kiosk's self-declared disability priority tickets for the day are used up (queue.md). */
  'priorityLimit',
  /** A ticket here needs the ID card read first (the hall's `queue.identify`, or its limit without a card). */
  'identityRequired',
  /** Hall mode: the hall server's queue could not be reached; nothing was issued (ask staff). */
  'hallUnreachable',
]);
export type TicketRefusal = z.infer<typeof TicketRefusal>;

/** A time zone's offset from UTC in minutes: real ones lie within ±14 hours. */
const ZoneOffsetMinutes = z.int().check(z.gte(-14 * 60), z.lte(14 * 60));

/**
 * Every command the daemon accepts: the payload it takes and the payload of its successful completion.
 * Adding a command means adding one entry here and one handler in the daemon; both ends validate
 * against these schemas.
 */
export const COMMANDS = {
  /** What the attract screen shows: the hall's name, its time zone, the software version. */
  'Kiosk.Info': {
    payload: z.object({}),
    completion: z.object({
      hallName: LocalizedText,
      timeZone: z.string(),
      /** How far the hall's time zone is ahead of UTC now, in minutes (480 in China): the page reckons the hall's local time with it. */
      zoneOffsetMinutes: ZoneOffsetMinutes,
      version: z.string(),
      /** 绿色通道 age limit, so screens can say who qualifies. */
      priorityAge: z.int().check(z.nonnegative()),
      /** Whether an ID-card reader is configured (the identify step is offered only then). */
      idCardReader: z.boolean(),
      /** The hall's opening hours (null: open around the clock). */
      hours: z.nullable(WeeklyHours),
      /** The call order in one sentence (docs/queue.md), shown where priority is offered. */
      callOrder: LocalizedText,
      /** Self-declared disability gives a priority ticket. */
      disabilityPriority: z.boolean(),
      /** When a ticket needs the ID card: never (none is read), for age priority only, or always. */
      ticketIdentify: z.enum(['never', 'priority', 'always']),
      /** The hall's anti-hoarding limits in one sentence, shown where areas are chosen (null: none). */
      ticketPolicy: z.nullable(LocalizedText),
      /** Appointment check-in is offered (a booking source is configured). */
      appointments: z.boolean(),
      /** A code scanner is configured (bookings can be checked in by their QR code). */
      scanner: z.boolean(),
      /**
       * What the kiosk does while its ticket printer cannot print: `pause` taking tickets (暂停取号,
       * guides and check-in go on), or keep issuing with the number shown on screen.
       */
      whenTicketPrinterDown: z.enum(['pause', 'numberOnScreen']),
      /** The shortest time the boot self-test is shown (ms). */
      selfTestMinMs: z.int().check(z.nonnegative()),
    }),
  },
  /** The state of every configured device. */
  'Common.Status': {
    payload: z.object({}),
    completion: z.object({ devices: z.array(DeviceStatus) }),
  },
  /** The service areas a citizen can take a ticket for: open or not, how many wait, for how long. */
  'Queue.ListAreas': {
    payload: z.object({}),
    completion: z.object({ areas: z.array(AreaView) }),
  },
  /**
   * Issue the next number of an area and print it on the ticket printer. With `useIdentity`, the
   * identity read in this session decides priority (绿色通道: age at or above the configured limit)
   * and counts towards the per-person limit; `declaredDisability` asks for priority on that ground.
   * An area that is closed, full, or whose limit for this person is reached refuses, saying when it
   * opens next.
   */
  'Queue.IssueTicket': {
    payload: z.object({
      areaId: AreaId,
      useIdentity: z.optional(z.boolean()),
      declaredDisability: z.optional(z.boolean()),
      /** The matter chosen in the guide before taking the ticket (hall mode keeps it on the ticket). */
      matterCode: z.optional(MatterCode),
      /**
       * The page's key for this attempt, sent again unchanged when the citizen retries after no answer
       * came: the daemon answers a repeat with the ticket it already issued, never a second number.
       */
      requestKey: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/))),
    }),
    completion: z.discriminatedUnion('result', [
      z.extend(IssuedTicket, { result: z.literal('issued') }),
      z.object({
        result: z.literal('refused'),
        reason: TicketRefusal,
        /** Local `YYYY-MM-DD HH:mm` of the next opening, when known. */
        opensAt: z.nullable(z.string()),
      }),
    ]),
  },
  /**
   * Check in a booking (预约取号): by the ID card read in this session, or by the code scanned from the
   * booking. Inside the window it issues the appointment ticket (or reprints it: one ticket per
   * booking); otherwise it says why.
   */
  'Appointments.CheckIn': {
    payload: z.discriminatedUnion('by', [
      z.object({ by: z.literal('idCard') }),
      z.object({ by: z.literal('code'), code: z.string().check(z.minLength(1), z.maxLength(256)) }),
    ]),
    completion: z.discriminatedUnion('result', [
      z.extend(IssuedTicket, { result: z.literal('ticket'), reprint: z.boolean(), booking: BookingView }),
      z.object({ result: z.literal('tooEarly'), booking: BookingView, opensAt: z.string() }),
      z.object({ result: z.literal('tooLate'), booking: BookingView }),
      z.object({ result: z.literal('notFound') }),
      /** The booking system could not be asked (network, bad data): ask at the desk. */
      z.object({ result: z.literal('sourceUnavailable') }),
    ]),
  },
  /**
   * Wait for the scanner to read a code (a booking's QR code). The scanner is listened to only while
   * a command waits, like the card reader.
   */
  'Scanner.Read': {
    payload: z.object({}),
    completion: z.object({ code: z.string(), symbology: z.string() }),
  },
  /** Stop waiting for a code (pending Scanner.Read commands complete with `canceled`). */
  'Scanner.Cancel': { payload: z.object({}), completion: z.object({}) },
  /** Matters of an area or of a life event (一链办理), and the life events there are. */
  'Catalogue.Browse': {
    payload: z.object({
      areaId: z.optional(AreaId),
      /** A department's Chinese name, as listed in `departments`. */
      department: z.optional(z.string().check(z.maxLength(80))),
      lifeEventId: z.optional(z.string().check(z.maxLength(40))),
    }),
    completion: z.object({
      matters: z.array(MatterSummary),
      lifeEvents: z.array(z.object({ id: z.string(), name: LocalizedText })),
      /** The departments of the matters browsed (for the chosen area, if one is). */
      departments: z.array(LocalizedText),
      /** The hall's areas that have matters, for browsing by area. */
      areas: z.array(z.object({ id: AreaId, name: LocalizedText })),
    }),
  },
  /** Search by Chinese text, full pinyin, initials or a mix, in any order (docs/catalogue.md). */
  'Catalogue.Search': {
    payload: z.object({ query: z.string().check(z.maxLength(64)) }),
    completion: z.object({ matters: z.array(MatterSummary), total: z.int().check(z.nonnegative()) }),
  },
  /** A matter's full guide; `guideViewId` names this look-up as a service event that can be rated. */
  'Catalogue.Guide': {
    payload: z.object({ code: MatterCode }),
    completion: z.object({ matter: Matter, guideViewId: z.int().check(z.positive()) }),
  },
  /** Print the matter's material checklist on the receipt printer (with a QR code to the online guide). */
  'Catalogue.PrintChecklist': {
    payload: z.object({ code: MatterCode }),
    completion: z.object({ print: PrintOutcome, printJobId: z.nullable(z.int()) }),
  },
  /**
   * 好差评: rate a service event (一次一评: once). Reasons are asked for levels 1–2. No identity is
   * stored with it.
   */
  'Rating.Submit': {
    payload: z.object({
      event: z.object({ kind: ServiceEventKind, ref: z.string().check(z.minLength(1), z.maxLength(40)) }),
      level: RatingLevel,
      reasons: z.optional(z.array(RatingReason).check(z.maxLength(7))),
      comment: z.optional(z.string().check(z.maxLength(200))),
    }),
    completion: z.discriminatedUnion('result', [
      z.object({ result: z.literal('recorded'), reference: z.string() }),
      z.object({ result: z.literal('alreadyRated') }),
    ]),
  },
  /**
   * Wait for an ID card and read it. Sends the event IdCard.CardDetected when a card is placed. The
   * result is masked; the daemon keeps the full identity for this session only.
   */
  'IdCard.Read': {
    payload: z.object({}),
    completion: z.discriminatedUnion('result', [
      z.strictObject({ result: z.literal('identified'), identity: MaskedIdentity }),
      z.strictObject({ result: z.literal('failed'), reason: IdReadFailure }),
    ]),
  },
  /** Stop waiting for a card (pending IdCard.Read commands complete with `canceled`). */
  'IdCard.Cancel': { payload: z.object({}), completion: z.object({}) },
  /**
   * "呼叫工作人员": the person at the kiosk asks for staff. The daemon records the call (when, and on
   * which screen) for the staff side; nothing about the person is sent.
   */
  'Kiosk.CallStaff': {
    payload: z.object({ screen: z.string().check(z.minLength(1), z.maxLength(64)) }),
    completion: z.object({ at: z.string() }),
  },
  /** The person's session is over: cancel card reads and wipe everything the daemon held for it. */
  'Session.End': { payload: z.object({}), completion: z.object({}) },
  /**
   * The hall's clock against the kiosk's: add `offsetMs` to the kiosk's clock to get the hall's
   * (hall mode, measured from the hall server's answers; `measured` false and 0 before the first
   * answer and in local mode). What the page shows as the time and date uses it.
   */
  'Kiosk.Clock': {
    payload: z.object({}),
    completion: z.object({ offsetMs: z.int(), measured: z.boolean(), zoneOffsetMinutes: ZoneOffsetMinutes }),
  },
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandPayload<N extends CommandName> = z.infer<(typeof COMMANDS)[N]['payload']>;
export type CompletionPayload<N extends CommandName> = z.infer<(typeof COMMANDS)[N]['completion']>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** Progress events of a command in flight (header.type "event", with the command's requestId). */
export const EVENTS = {
  /** A card was placed on the reader; reading has begun. */
  'IdCard.CardDetected': z.object({}),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENTS)[N]>;

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(EVENTS, name);
}

/** Messages the daemon sends without being asked. */
export const UNSOLICITED = {
  /** A device changed state (came online, ran out of paper, was unplugged …). */
  'Common.StatusChanged': z.object({ status: DeviceStatus }),
  /** The citizen took the ticket from the presenter. */
  'Printer.MediaTaken': z.object({ ticketId: z.int() }),
  /** Nobody took the ticket in time; the printer pulled it back in. The number stays valid. */
  'Printer.MediaRetracted': z.object({ ticketId: z.int() }),
  /** Hall mode (帮办): a supervisor acknowledged the kiosk's call for staff; help is on its way. */
  'Kiosk.HelpAcknowledged': z.object({}),
} as const;

export type UnsolicitedName = keyof typeof UNSOLICITED;
export type UnsolicitedPayload<N extends UnsolicitedName> = z.infer<(typeof UNSOLICITED)[N]>;

export function isUnsolicitedName(name: string): name is UnsolicitedName {
  return Object.prototype.hasOwnProperty.call(UNSOLICITED, name);
}
