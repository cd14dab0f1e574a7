import * as z from 'zod/mini';
import { LocalizedText } from '../text.ts';
import { RatingLevel, RatingReason, ServiceEventKind } from '../matters.ts';
import { DeviceKindName } from './hall-admin.ts';

/**
 * The hall server's API for its browser devices (zone displays, rating pads) and for the ratings
 * kiosks send, served by `hall-server/src/http/display-routes.ts` and `pad-routes.ts`:
 *
 *   POST /api/enrol                 EnrolRequest            → EnrolResponse (sets the device cookie)
 *   GET  /api/display/state         (display)               → DisplayState
 *   GET  /api/display/events        (display)               text/event-stream of the zone's ticket events
 *   GET  /api/pad/state             (pad)                   → PadState
 *   GET  /api/pad/events            (pad)                   text/event-stream of its window's ticket events
 *   POST /api/pad/ratings           (pad) PadRatingRequest  → PadRatingResponse
 *   POST /api/kiosk/ratings         (kiosk) KioskRatingBody → KioskRatingResponse
 *
 * Refusals are `{ error, code }`.
 */

/** The one-time code typed on a display or pad (XXXX-XXXX-XXXX; case, spaces and dashes ignored). */
export const EnrolRequest = z.strictObject({ code: z.string().check(z.minLength(4), z.maxLength(40)) });
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolledDevice = z.object({
  id: z.string(),
  kind: DeviceKindName,
  location: z.string(),
  counterId: z.nullable(z.string()),
  zoneId: z.nullable(z.string()),
});
export type EnrolledDevice = z.infer<typeof EnrolledDevice>;

export const EnrolResponse = z.object({
  device: EnrolledDevice,
  token: z.string(),
  caCertificate: z.string(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** One call or recall as a display shows and speaks it. */
export const HallCall = z.object({
  /** The ticket event's id (increasing): a display speaks each id once. */
  eventId: z.int(),
  ticketId: z.int(),
  number: z.string(),
  areaId: z.string(),
  counterId: z.string(),
  /** The window as shown: "37号窗口". */
  counterName: z.string(),
  /** The window as said: "37 号窗口" / "window 37". */
  window: LocalizedText,
  at: z.string(),
  recall: z.boolean(),
  /** What is shown and spoken: "请 A001 号到 37号窗口办理". */
  text: LocalizedText,
  /** The ticket arrived late from a kiosk that could not reach the hall (absent: no). */
  offline: z.optional(z.boolean()),
});
export type HallCall = z.infer<typeof HallCall>;

export const DisplayArea = z.object({
  id: z.string(),
  prefix: z.string(),
  name: LocalizedText,
  waiting: z.int().check(z.nonnegative()),
});
export type DisplayArea = z.infer<typeof DisplayArea>;

export const DisplayState = z.object({
  hallName: LocalizedText,
  /** The display's zone; null: the display shows every area. */
  zone: z.nullable(z.object({ id: z.string(), name: LocalizedText })),
  areas: z.array(DisplayArea),
  /** Today's latest calls of these areas, newest first. */
  calls: z.array(HallCall),
  now: z.string(),
});
export type DisplayState = z.infer<typeof DisplayState>;

/** The person at a window, as the rating pad shows them (no photo is kept: the pad draws initials). */
export const PadStaff = z.object({
  number: z.string(),
  name: z.string(),
  initials: z.string(),
  /** An admin set a photo: `GET /api/pad/staff-photo?number=…` gives it (else the initials are shown). */
  photo: z.boolean(),
});
export type PadStaff = z.infer<typeof PadStaff>;

export const PadTicket = z.object({ ticketId: z.int(), number: z.string() });

export const PadState = z.object({
  counter: z.object({ id: z.string(), name: z.string() }),
  /** Who works at the window now (signed in on the counter page), if anyone. */
  staff: z.nullable(PadStaff),
  /** The ticket being served now. */
  serving: z.nullable(PadTicket),
  /**
   * The latest ticket finished (done) at this window today, within the last `RATE_WITHIN_MINUTES`,
   * that has not been rated, with the person who finished it.
   */
  toRate: z.nullable(z.extend(PadTicket, { finishedAt: z.string(), staff: z.nullable(PadStaff) })),
  now: z.string(),
});
export type PadState = z.infer<typeof PadState>;

/** A rating pad asks for a ticket finished at most this long ago. */
export const RATE_WITHIN_MINUTES = 15;

/** A client-chosen key (reused on every retry of one request). */
export const IdempotencyKey = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}$/, 'must be 8–128 of A-Z a-z 0-9 _ . : -'));

export const PadRatingRequest = z.strictObject({
  ticketId: z.int().check(z.minimum(1), z.maximum(2 ** 31 - 1)),
  level: RatingLevel,
  /** Only for 不满意 (2) and 非常不满意 (1); ignored otherwise. */
  reasons: z.array(RatingReason).check(z.maxLength(7)),
  idempotencyKey: IdempotencyKey,
});
export type PadRatingRequest = z.infer<typeof PadRatingRequest>;

export const PadRatingResponse = z.object({ ratingId: z.int(), replayed: z.boolean() });
export type PadRatingResponse = z.infer<typeof PadRatingResponse>;

/** The names the provincial system expects with each level (index = level). */
export const RATING_LEVEL_NAMES = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;

/**
 * A kiosk's rating, exactly as the daemon's `httpRatingSender` (device-daemon/src/ratings/
 * rating-outbox.ts) sends it to an evaluation endpoint; in hall mode that endpoint is the hall server.
 */
export const KioskRatingBody = z.strictObject({
  idempotencyKey: IdempotencyKey,
  ratingId: z.int().check(z.minimum(1)),
  hall: z.string().check(z.maxLength(200)),
  channel: z.literal('kiosk'),
  serviceEvent: z.strictObject({
    kind: ServiceEventKind,
    ref: z.string().check(z.minLength(1), z.maxLength(40)),
  }),
  areaId: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
  level: RatingLevel,
  levelName: z.enum(RATING_LEVEL_NAMES.slice(1) as [string, ...string[]]),
  reasons: z.array(RatingReason).check(z.maxLength(7)),
  comment: z.nullable(z.string().check(z.maxLength(200))),
  ratedAt: z.iso.datetime({ offset: true }),
});
export type KioskRatingBody = z.infer<typeof KioskRatingBody>;

export const KioskRatingResponse = z.object({ ratingId: z.int(), replayed: z.boolean() });
export type KioskRatingResponse = z.infer<typeof KioskRatingResponse>;
