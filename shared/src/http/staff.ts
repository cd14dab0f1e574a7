import * as z from 'zod/mini';
import { LocalizedText } from '../text.ts';
import { ServiceArea, Ticket, TicketNumber } from '../queue.ts';

/**
 * The staff API (counter page and hall display), behind the staff PIN; served by
 * `device-daemon/src/api/staff-http.ts`:
 *
 *   POST /api/staff/login         PinLoginRequest        → PinLoginResponse (common.ts)
 *   POST /api/staff/logout                               → EmptyResponse
 *   GET  /api/staff/counters                             → CountersResponse
 *   GET  /api/staff/counters/:id                         → CounterView
 *   POST /api/staff/counters/:id  CounterActionRequest   → CounterActionResponse
 *
 * The hall display signs in with the same PIN but gets a read-only display token (403 on every
 * /api/staff/ endpoint), which expires at `expiresAt` however often it is used:
 *
 *   POST /api/display/login       PinLoginRequest        → PinLoginResponse
 *   POST /api/display/logout                             → EmptyResponse (its event streams close)
 *   GET  /api/display/calls       (display or staff token) → DisplayCallsResponse
 *   POST /api/display/ticket      (display token)        → EventTicketResponse
 *   GET  /api/display/events?ticket=…  text/event-stream → `call` events carrying an Announcement;
 *        the ticket is single-use and short-lived; the stream ends with the display's session
 *
 * Refusals are an ApiErrorBody (common.ts).
 */

export const COUNTER_ACTIONS = ['call', 'recall', 'transfer', 'noShow', 'done'] as const;
export const CounterAction = z.enum(COUNTER_ACTIONS);
export type CounterAction = z.infer<typeof CounterAction>;

export const CounterActionRequest = z.strictObject({
  action: CounterAction,
  /** The area a `transfer` moves the current ticket to. */
  toAreaId: z.optional(z.string()),
});
export type CounterActionRequest = z.infer<typeof CounterActionRequest>;

/** A counter (窗口) and the areas it serves. */
export const Counter = z.object({ id: z.string(), areaIds: z.array(z.string()) });
export type Counter = z.infer<typeof Counter>;

export const StaffArea = z.pick(ServiceArea, { id: true, prefix: true, name: true });
export type StaffArea = z.infer<typeof StaffArea>;

export const CountersResponse = z.object({ counters: z.array(Counter), areas: z.array(StaffArea) });
export type CountersResponse = z.infer<typeof CountersResponse>;

export const TicketState = z.enum(['waiting', 'called', 'done', 'noShow']);
export type TicketState = z.infer<typeof TicketState>;

/** A ticket as a counter sees it. */
export const QueueTicket = z.extend(Ticket, {
  state: TicketState,
  counterId: z.nullable(z.string()),
  calledAt: z.nullable(z.string()),
});
export type QueueTicket = z.infer<typeof QueueTicket>;

/** A waiting ticket in a counter's list: numbers only, nothing personal. */
export const WaitingEntry = z.pick(Ticket, { areaId: true, number: true, priority: true, appointment: true });
export type WaitingEntry = z.infer<typeof WaitingEntry>;

export const CounterView = z.object({
  counter: Counter,
  current: z.nullable(QueueTicket),
  /** In the order they would be called. */
  waiting: z.array(WaitingEntry),
});
export type CounterView = z.infer<typeof CounterView>;

export const CounterActionResponse = z.object({
  /** The ticket the action acted on; null when there was none (nobody waiting, nobody called). */
  ticket: z.nullable(QueueTicket),
  view: CounterView,
});
export type CounterActionResponse = z.infer<typeof CounterActionResponse>;

/** One call for the hall display: what it shows and what it says. */
export const Announcement = z.object({
  ticketId: z.int().check(z.positive()),
  number: TicketNumber,
  areaId: z.string(),
  counterId: z.string(),
  /** ISO time of the call. */
  at: z.string(),
  areaName: LocalizedText,
  text: LocalizedText,
});
export type Announcement = z.infer<typeof Announcement>;

export const DisplayCallsResponse = z.object({ calls: z.array(Announcement) });
export type DisplayCallsResponse = z.infer<typeof DisplayCallsResponse>;

/** A single-use ticket for `GET /api/display/events?ticket=…`, valid until `expiresAt` (ISO). */
export const EventTicketResponse = z.object({
  ticket: z.string().check(z.minLength(16), z.maxLength(128)),
  expiresAt: z.string(),
});
export type EventTicketResponse = z.infer<typeof EventTicketResponse>;

/** The events of `GET /api/display/events` by name, and the JSON each carries in its `data:` line. */
export const DisplayEvents = { call: Announcement } as const;
