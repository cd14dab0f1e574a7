import * as z from 'zod/mini';
import { PriorityReason, TicketNumber } from '../queue.ts';
import { MatterCode } from '../matters.ts';
import { LocalizedText } from '../text.ts';

/**
 * The hall server's counter API (hall-server/src/http/counter-routes.ts), for any signed-in staff
 * member (工号 + PIN, `POST /api/staff/login`). A person acts only at the window they opened (403
 * `notAtCounter` otherwise); anyone signed in may read a window's state.
 *
 *   POST /api/counter/:counterId/open                              → HallCounterState
 *   POST /api/counter/:counterId/close                             → HallCounterState
 *   GET  /api/counter/:counterId                                   → HallCounterState
 *   POST /api/counter/:counterId/call-next                         → HallCounterActionResponse
 *   POST /api/counter/:counterId/recall                            → HallCounterActionResponse
 *   POST /api/counter/:counterId/transfer  HallCounterTransferRequest → HallCounterActionResponse
 *   POST /api/counter/:counterId/no-show                           → HallCounterActionResponse
 *   POST /api/counter/:counterId/matter    HallCounterMatterRequest → HallCounterState (409 noCurrentTicket,
 *        400 unknownMatter): the matter handled for the current ticket, before done
 *   POST /api/counter/:counterId/done                              → HallCounterActionResponse
 *   POST /api/counter/:counterId/pause                             → HallCounterState
 *   POST /api/counter/:counterId/resume                            → HallCounterState
 *   GET  /api/matters                                              → HallMatterList (the counter page's picker)
 *   GET  /api/counter/:counterId/events    text/event-stream: `ticket` events (HallFeedEvent) of the
 *        areas the window serves and of tickets sent to it; fetch the state again after every (re)connect
 *
 * Refusals are `{ error, code }`. Numbers and areas only: nothing personal about citizens.
 */

const CounterId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/));

/** Where `transfer` sends the current ticket: an area's queue, or one window. */
export const HallCounterTransferRequest = z.union([
  z.strictObject({ toAreaId: z.string().check(z.minLength(1), z.maxLength(32)) }),
  z.strictObject({ toCounterId: CounterId }),
]);
export type HallCounterTransferRequest = z.infer<typeof HallCounterTransferRequest>;

/** A matter (事项) as the counter page shows it; `name` is null when the hall's catalogue lacks it. */
export const HallCounterMatter = z.object({
  id: MatterCode,
  name: z.nullable(LocalizedText),
});
export type HallCounterMatter = z.infer<typeof HallCounterMatter>;

/** `GET /api/matters`: every matter of the hall's catalogue with its area (empty without a catalogue). */
export const HallMatterList = z.object({
  matters: z.array(z.object({ id: MatterCode, name: LocalizedText, areaId: z.string() })),
});
export type HallMatterList = z.infer<typeof HallMatterList>;

/** `POST /api/counter/:id/matter`: set or change the current ticket's matter (null: clear it). */
export const HallCounterMatterRequest = z.strictObject({ matterId: z.nullable(MatterCode) });
export type HallCounterMatterRequest = z.infer<typeof HallCounterMatterRequest>;

/** A window as the counter page shows it. */
export const HallCounterState = z.object({
  counter: z.object({
    id: z.string(),
    name: z.string(),
    areaIds: z.array(z.string()),
    /** 暂停服务: call next gives nobody. */
    paused: z.boolean(),
  }),
  /** Who works at the window now (signed in there); only their staff number and name. */
  staff: z.nullable(z.object({ id: z.int(), number: z.string(), name: z.string(), since: z.string() })),
  current: z.nullable(
    z.object({
      ticketId: z.int(),
      number: TicketNumber,
      areaId: z.string(),
      priority: z.boolean(),
      priorityReason: z.nullable(PriorityReason),
      appointment: z.boolean(),
      calledAt: z.string(),
      /** The matter the ticket is for (from the kiosk, or as set at the window); null: none. */
      matter: z.nullable(HallCounterMatter),
      /** Set when the ticket came by a transfer: from which window and area. */
      transferredFrom: z.nullable(z.object({ counterId: z.nullable(z.string()), areaId: z.string() })),
      /** Arrived late from a kiosk that could not reach the hall (absent: no). */
      offline: z.optional(z.boolean()),
    }),
  ),
  /** Waiting per served area, by class (tickets sent to one window are in `sentHere`). */
  waiting: z.array(
    z.object({
      areaId: z.string(),
      priority: z.int().check(z.nonnegative()),
      regular: z.int().check(z.nonnegative()),
    }),
  ),
  /** Tickets transferred to this window, oldest first. */
  sentHere: z.array(
    z.object({
      ticketId: z.int(),
      number: TicketNumber,
      areaId: z.string(),
      priority: z.boolean(),
      queuedAt: z.string(),
      fromCounterId: z.nullable(z.string()),
      offline: z.optional(z.boolean()),
    }),
  ),
});
export type HallCounterState = z.infer<typeof HallCounterState>;

/** The ticket an action acted on (null: nobody waiting, nobody at the window) and the window after it. */
export const HallCounterActionResponse = z.object({
  ticket: z.nullable(
    z.object({ id: z.int(), number: TicketNumber, areaId: z.string(), priority: z.boolean() }),
  ),
  state: HallCounterState,
});
export type HallCounterActionResponse = z.infer<typeof HallCounterActionResponse>;

/** `GET /api/hall` as the counter page reads it: the hall's areas and windows. */
export const HallCounterLayout = z.object({
  name: LocalizedText,
  timeZone: z.string(),
  areas: z.array(z.object({ id: z.string(), prefix: z.string(), name: LocalizedText })),
  counters: z.array(z.object({ id: z.string(), name: z.string(), areaIds: z.array(z.string()) })),
});
export type HallCounterLayout = z.infer<typeof HallCounterLayout>;

/** `GET /api/staff/me` and the `staff` of `POST /api/staff/login`: who is signed in. */
export const HallCounterStaff = z.object({
  id: z.int(),
  number: z.string(),
  name: z.string(),
  role: z.enum(['counter', 'supervisor', 'admin']),
});
export type HallCounterStaff = z.infer<typeof HallCounterStaff>;

/** `POST /api/staff/login {number, pin}`: the session (also set as an HttpOnly cookie) and who it is. */
export const HallStaffLoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  staff: HallCounterStaff,
});
export type HallStaffLoginResponse = z.infer<typeof HallStaffLoginResponse>;
