import * as z from 'zod/mini';

/**
 * 帮办 (assisted service) on the hall server: a kiosk's "呼叫工作人员" button and the supervisors who
 * answer it. Served by `hall-server/src/http/help-routes.ts`:
 *
 *   POST /api/kiosk/help                     (kiosk)       {}  → HelpCallCreated
 *   GET  /api/kiosk/help/:id                 (kiosk)           → HelpCallState (only the kiosk's own)
 *   POST /api/supervisor/help/:id/acknowledge (supervisor)     → HelpCallAcknowledged
 *
 * The kiosk's location comes from its device row, never from the request. A kiosk has at most one open
 * call: pressing again answers the open one.
 */

export const HelpCallCreated = z.object({ id: z.int().check(z.positive()) });
export type HelpCallCreated = z.infer<typeof HelpCallCreated>;

export const HelpCallState = z.object({
  state: z.enum(['waiting', 'acknowledged']),
  /** ISO time a supervisor acknowledged it (only when acknowledged). */
  acknowledgedAt: z.optional(z.string()),
});
export type HelpCallState = z.infer<typeof HelpCallState>;

/** An open call as the supervisors' page lists it. */
export const OpenHelpCall = z.object({
  id: z.int(),
  deviceId: z.string(),
  location: z.string(),
  requestedAt: z.string(),
});
export type OpenHelpCall = z.infer<typeof OpenHelpCall>;

export const HelpCallAcknowledged = z.object({
  id: z.int(),
  acknowledgedAt: z.string(),
  /** The 工号 of the supervisor who acknowledged it (the first one, if two pressed). */
  acknowledgedBy: z.string(),
  /** Someone had acknowledged it already; nothing was changed. */
  already: z.boolean(),
});
export type HelpCallAcknowledged = z.infer<typeof HelpCallAcknowledged>;
