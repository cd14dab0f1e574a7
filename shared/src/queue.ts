import * as z from 'zod/mini';
import { LocalizedText } from './text.ts';

export const AreaId = z.string().check(z.regex(/^[a-z][a-zA-Z0-9-]{0,31}$/));

/** A service area of the hall (办税服务, 社保服务 …); tickets are numbered per area. */
export const ServiceArea = z.object({
  id: AreaId,
  /** One capital letter printed before the number: A001. */
  prefix: z.string().check(z.regex(/^[A-Z]$/)),
  name: LocalizedText,
});
export type ServiceArea = z.infer<typeof ServiceArea>;

/** A ticket number as printed and called: prefix + three or more digits. */
export const TicketNumber = z.string().check(z.regex(/^[A-Z]\d{3,}$/));

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
});
export type Ticket = z.infer<typeof Ticket>;

/** What a ticket's QR code says, on paper and on screen: enough for staff to find it, nothing personal. */
export function ticketReference(ticket: Pick<Ticket, 'businessDate' | 'number' | 'id'>): string {
  return `HK-TICKET:${ticket.businessDate}:${ticket.number}:${ticket.id}`;
}

/** What became of the paper for a ticket: printed, or not (and why, in a few words). */
export const PrintOutcome = z.discriminatedUnion('printed', [
  z.object({ printed: z.literal(true) }),
  z.object({
    printed: z.literal(false),
    reason: z.enum(['deviceNotReady', 'paperOut', 'coverOpen', 'hardwareError', 'timeOut', 'noDevice']),
  }),
]);
export type PrintOutcome = z.infer<typeof PrintOutcome>;
