import * as z from 'zod/mini';
import { LocalizedText } from './text.ts';
import { WEEKDAYS, ticketReference } from './vocabulary.ts';

export { WEEKDAYS, ticketReference };

export const AreaId = z.string().check(z.regex(/^[a-z][a-zA-Z0-9-]{0,31}$/));

/** A service area of the hall (办税服务, 社保服务 …); tickets are numbered per area. */
export const ServiceArea = z.object({
  id: AreaId,
  /** One capital letter printed before the number: A001. */
  prefix: z.string().check(z.regex(/^[A-Z]$/)),
  name: LocalizedText,
});
export type ServiceArea = z.infer<typeof ServiceArea>;

/** `HH:mm-HH:mm` in the hall's local time, e.g. `08:30-12:00`; `24:00` may end a range. */
export const TimeRange = z.string().check(
  z.refine((s) => {
    const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
    if (!m) return false;
    const from = Number(m[1]) * 60 + Number(m[2]);
    const to = Number(m[3]) * 60 + Number(m[4]);
    return to > from && to <= 24 * 60;
  }, 'must be a range like 08:30-12:00 (start before end, at most 24:00)'),
);

export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours per weekday; a missing day is closed. Absent altogether: open around the clock. */
export const WeeklyHours = z.partialRecord(z.enum(WEEKDAYS), z.array(TimeRange));
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** Whether an area issues tickets now, and if not, why and when it does next. */
export const Availability = z.discriminatedUnion('open', [
  z.object({
    open: z.literal(true),
    /** Local `HH:mm` when the current opening ends; null when open around the clock. */
    closesAt: z.nullable(z.string()),
  }),
  z.object({
    open: z.literal(false),
    reason: z.enum(['outsideHours', 'holiday', 'capReached']),
    /** Local `YYYY-MM-DD HH:mm` of the next opening within a fortnight, or null. */
    opensAt: z.nullable(z.string()),
  }),
]);
export type Availability = z.infer<typeof Availability>;

/** An area as the ticket screen shows it: open or not, how many wait, and for how long. */
export const AreaView = z.object({
  area: ServiceArea,
  availability: Availability,
  waiting: z.int().check(z.nonnegative()),
  /** Minutes a ticket taken now is expected to wait; null when there is too little history to say. */
  estimatedWaitMinutes: z.nullable(z.int().check(z.nonnegative())),
});
export type AreaView = z.infer<typeof AreaView>;

/** Why a ticket is a 绿色通道 priority ticket. */
export const PriorityReason = z.enum(['age', 'disability', 'appointment']);
export type PriorityReason = z.infer<typeof PriorityReason>;

/**
 * A queue number: the area's prefix and the day's sequence (`A007`), or, for a ticket a kiosk issued
 * while it could not reach the hall server, the prefix, that kiosk's offline series and its own
 * sequence (`AK3-007`; docs/queue.md#offline-issuing). The two forms can never be equal.
 */
export const TicketNumber = z.string().check(z.regex(/^(?:[A-Z]\d{3,}|[A-Z]K\d{1,2}-\d{3,})$/));

/** The offline form of a queue number, with its parts: area prefix, the kiosk's series, sequence. */
export const OFFLINE_NUMBER = /^([A-Z])K(\d{1,2})-(\d{3,})$/;

/** The number a kiosk of offline series `series` gives the `seq`-th offline ticket of an area's day. */
export function offlineNumber(prefix: string, series: number, seq: number): string {
  return `${prefix}K${series}-${String(seq).padStart(3, '0')}`;
}

export const Ticket = z.object({
  /** Durable id of the ticket row; unique across days. */
  id: z.int().check(z.positive()),
  number: TicketNumber,
  areaId: AreaId,
  /** The local calendar day (in the hall's time zone) the number belongs to, YYYY-MM-DD. */
  businessDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  issuedAt: z.string(),
  /** Tickets of the same area issued earlier today and still waiting. */
  peopleAhead: z.int().check(z.nonnegative()),
  /** 绿色通道: a priority ticket. */
  priority: z.boolean(),
  priorityReason: z.nullable(PriorityReason),
  /** Issued for a booking (预约取号) rather than walked in. */
  appointment: z.boolean(),
  /** Estimate when issued; null when there was too little history to say. */
  estimatedWaitMinutes: z.nullable(z.int().check(z.nonnegative())),
  /**
   * Issued by a kiosk that could not reach the hall server (离线取号): on the kiosk, the ticket it
   * printed; on the hall, a ticket that arrived late from an offline kiosk. Absent: false.
   */
  offline: z.optional(z.boolean()),
});
export type Ticket = z.infer<typeof Ticket>;

/** What became of the paper for a ticket: printed, or not (and why, in a few words). */
export const PrintOutcome = z.discriminatedUnion('printed', [
  z.object({ printed: z.literal(true) }),
  z.object({
    printed: z.literal(false),
    reason: z.enum(['deviceNotReady', 'paperOut', 'coverOpen', 'hardwareError', 'timeOut', 'noDevice']),
  }),
]);
export type PrintOutcome = z.infer<typeof PrintOutcome>;
