import * as z from 'zod/mini';
import { AreaId, OFFLINE_NUMBER, PriorityReason, Ticket } from '../queue.ts';
import { MatterCode } from '../matters.ts';
import { IdempotencyKey } from './hall-display-pad.ts';

/**
 * The kiosks' API on the hall server (`hall-server/src/http/kiosk-routes.ts`), called by a kiosk
 * daemon in `queue.mode: "hall"` with its enrolment token as bearer, over HTTPS trusting only the
 * hall's CA. The kiosk is the enrolled device: its id never comes from the body.
 *
 *   POST /api/kiosk/tickets             KioskIssueRequest → KioskIssueResponse (409 idempotencyConflict)
 *   GET  /api/kiosk/areas                                 → KioskAreasResponse
 *   GET  /api/kiosk/tickets/:id/origin                    → KioskTicketOrigin (404 when there is none)
 *   GET  /api/kiosk/identity-salt                         → KioskIdentitySalt
 *   GET  /api/kiosk/offline                               → KioskOfflineInfo (this kiosk's offline
 *        series, assigned on first ask and never reused, and the hall's clock)
 *   POST /api/kiosk/offline-tickets     KioskOfflineTicket → KioskOfflineAccepted (a ticket issued
 *        while the hall could not be reached; 409 idempotencyConflict / numberTaken)
 *   POST /api/kiosk/ratings             (the body of the daemon's httpRatingSender)
 *   POST /api/kiosk/help                {}                → KioskHelpCreated
 *   GET  /api/kiosk/help/:id                              → KioskHelpState
 *
 * Enrolment (`kiosk enrol`), before the device has a credential:
 *
 *   GET  /api/enrol/ca  (public)                          → EnrolCa: the hall's CA certificate, which
 *        the device checks against the fingerprint the admin gave before it sends its one-time code
 *   POST /api/enrol     { code }                          → EnrolResponse (hall-display-pad.ts; core routes)
 *
 * Refusals are `{ error, code? }`.
 */

export const KioskIssueRequest = z.strictObject({
  areaId: AreaId,
  idempotencyKey: IdempotencyKey,
  priorityReason: z.optional(z.nullable(PriorityReason)),
  /** The day's digest of the holder's ID number, keyed with the hall's salt (never the number). */
  identityDigest: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  /** A booking being checked in: one ticket per booking, hall-wide. */
  appointmentId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /**
   * The matter (事项 code of the service catalogue) chosen before taking the ticket, when there was
   * one. Kept even when the hall's catalogue does not know it (then shown as the code).
   */
  matterId: z.optional(MatterCode),
  /** This kiosk's own per-day limits on the paths without a card (0 or absent: none). */
  pathLimits: z.optional(
    z.strictObject({
      declaredDisability: z.optional(z.int().check(z.minimum(0), z.maximum(100_000))),
      withoutCard: z.optional(z.int().check(z.minimum(0), z.maximum(100_000))),
    }),
  ),
});
export type KioskIssueRequest = z.infer<typeof KioskIssueRequest>;

export const KioskIssueRefusal = z.enum(['capReached', 'identityLimit', 'priorityLimit', 'identityRequired']);

export const KioskIssueResponse = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    ticket: Ticket,
    /** A booking already checked in: its ticket again. */
    reprint: z.boolean(),
    /** The answer to an earlier request with this key: nothing new was issued. */
    replayed: z.boolean(),
  }),
  z.object({ ok: z.literal(false), reason: KioskIssueRefusal }),
]);
export type KioskIssueResponse = z.infer<typeof KioskIssueResponse>;

/** One area as the kiosk's area screen needs it, hall-wide. */
export const KioskAreaState = z.object({
  areaId: AreaId,
  waiting: z.int().check(z.nonnegative()),
  ticketsToday: z.int().check(z.nonnegative()),
  estimatedWaitMinutes: z.nullable(z.int().check(z.nonnegative())),
  /** The hall's daily cap for the area is used up. */
  capReached: z.boolean(),
});
export type KioskAreaState = z.infer<typeof KioskAreaState>;

export const KioskAreasResponse = z.object({ areas: z.array(KioskAreaState) });
export type KioskAreasResponse = z.infer<typeof KioskAreasResponse>;

export const KioskTicketOrigin = z.object({ areaId: AreaId, appointment: z.boolean() });
export type KioskTicketOrigin = z.infer<typeof KioskTicketOrigin>;

/** The hall-wide salt of identity digests: 32 bytes, base64. Kept in memory only by the kiosk. */
export const KioskIdentitySalt = z.object({
  salt: z.string().check(z.refine((s) => /^[A-Za-z0-9+/]{43}=$/.test(s), 'must be 32 bytes in base64')),
});
export type KioskIdentitySalt = z.infer<typeof KioskIdentitySalt>;

export const KioskHelpCreated = z.object({ id: z.int().check(z.positive()) });
export type KioskHelpCreated = z.infer<typeof KioskHelpCreated>;

export const KioskHelpState = z.object({ state: z.enum(['waiting', 'acknowledged']) });
export type KioskHelpState = z.infer<typeof KioskHelpState>;

/** The hall's CA certificate (PEM), public: a device pins it by its SHA-256 fingerprint. */
export const EnrolCa = z.object({ caCertificate: z.string().check(z.minLength(64), z.maxLength(16_384)) });
export type EnrolCa = z.infer<typeof EnrolCa>;

/** This kiosk's offline series (1–99: its numbers read `AK3-007`) and the hall's clock (ms since epoch). */
export const KioskOfflineInfo = z.object({
  series: z.int().check(z.minimum(1), z.maximum(99)),
  now: z.int().check(z.positive()),
});
export type KioskOfflineInfo = z.infer<typeof KioskOfflineInfo>;

/**
 * A ticket the kiosk issued and printed while it could not reach the hall, sent once the link is back
 * (oldest first, each with the key it was stored with, the same key on every retry).
 */
export const KioskOfflineTicket = z.strictObject({
  idempotencyKey: IdempotencyKey,
  areaId: AreaId,
  number: z.string().check(z.regex(OFFLINE_NUMBER)),
  /** The day the kiosk printed on the ticket (its corrected clock, the hall's time zone). */
  businessDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  /** The kiosk's own clock when it issued the ticket (ms since epoch). */
  issuedAtKiosk: z.int().check(z.positive()),
  /** Hall clock minus kiosk clock, as the kiosk measured it (ms; null: never measured). */
  clockOffsetMs: z.nullable(z.int().check(z.minimum(-366 * 86_400_000), z.maximum(366 * 86_400_000))),
  priorityReason: z.nullable(PriorityReason),
  /** The day's digest of the holder's ID number with the hall's salt, when the kiosk had the salt. */
  identityDigest: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
});
export type KioskOfflineTicket = z.infer<typeof KioskOfflineTicket>;

export const KioskOfflineAccepted = z.object({
  /** The hall's ticket, in its queue at the place of its corrected issue time. */
  ticket: Ticket,
  /** The answer to an earlier request with this key. */
  replayed: z.boolean(),
});
export type KioskOfflineAccepted = z.infer<typeof KioskOfflineAccepted>;
