import * as z from 'zod/mini';
import { DeviceName, DeviceStatus } from '../devices.ts';
import { LocalizedText } from '../text.ts';

/**
 * The maintenance API behind the technician PIN (or card); served by
 * `device-daemon/src/api/technician-http.ts`:
 *
 *   POST /api/tech/login             PinLoginRequest          → PinLoginResponse (common.ts)
 *   POST /api/tech/card-login        (a technician card)      → CardLoginResponse
 *   POST /api/tech/logout                                     → EmptyResponse
 *   GET  /api/tech/overview                                   → Overview
 *   POST /api/tech/check             CheckRequest             → HealthResult
 *   POST /api/tech/reconnect         DeviceRequest            → ReconnectResponse
 *   POST /api/tech/statistics/reset  StatisticsResetRequest   → StatisticsResetResponse
 *   GET  /api/tech/events?…          EventsQuery              → EventsResponse
 *   GET  /api/tech/bundle            (a JSON download)        → Bundle
 *
 * Refusals are an ApiErrorBody (common.ts).
 */

/** Health check levels, as in UnifiedPOS `checkHealth`. */
export const HEALTH_LEVELS = ['internal', 'external', 'interactive'] as const;
export const HealthLevel = z.enum(HEALTH_LEVELS);
export type HealthLevel = z.infer<typeof HealthLevel>;

export const CardLoginResponse = z.object({ token: z.string().check(z.minLength(1)) });
export type CardLoginResponse = z.infer<typeof CardLoginResponse>;

export const CheckRequest = z.strictObject({ device: z.string(), level: HealthLevel });
export type CheckRequest = z.infer<typeof CheckRequest>;

export const DeviceRequest = z.strictObject({ device: z.string() });
export type DeviceRequest = z.infer<typeof DeviceRequest>;

/** Resetting statistics must be confirmed. */
export const StatisticsResetRequest = z.strictObject({ device: z.string(), confirm: z.literal(true) });
export type StatisticsResetRequest = z.infer<typeof StatisticsResetRequest>;

export const HealthResult = z.object({
  device: DeviceName,
  level: HealthLevel,
  result: z.enum(['ok', 'failed']),
  /** A sentence a technician can act on. */
  text: z.string(),
  status: DeviceStatus,
});
export type HealthResult = z.infer<typeof HealthResult>;

export const ReconnectResponse = z.object({ status: DeviceStatus });
export type ReconnectResponse = z.infer<typeof ReconnectResponse>;

/** A device's statistics by UnifiedPOS name (`PaperCutCount`, `GoodReadCount` …). */
export const StatisticValues = z.record(z.string(), z.number());
export type StatisticValues = z.infer<typeof StatisticValues>;

/** The device's statistics after the reset (absent when the device has none yet). */
export const StatisticsResetResponse = z.object({ statistics: z.optional(StatisticValues) });
export type StatisticsResetResponse = z.infer<typeof StatisticsResetResponse>;

/** A change of a device's state, paper or detail, as the event log kept it. */
export const DeviceEvent = z.object({
  id: z.int(),
  at: z.string(),
  device: z.string(),
  state: z.string(),
  paper: z.nullable(z.string()),
  detail: z.nullable(z.string()),
});
export type DeviceEvent = z.infer<typeof DeviceEvent>;

export const EventsResponse = z.object({ events: z.array(DeviceEvent) });
export type EventsResponse = z.infer<typeof EventsResponse>;

/** The filter of `GET /api/tech/events` (newest first; the daemon keeps `limit` within 1–1000). */
export type EventsQuery = { device?: string; problemsOnly?: boolean; limit?: number };

/** The query string for an events filter: `device=…&problems=1&limit=…`. */
export function eventsSearch(q: EventsQuery): string {
  const params = new URLSearchParams();
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  if (q.device) params.set('device', q.device);
  if (q.problemsOnly) params.set('problems', '1');
  return params.toString();
}

/** The events filter a query string asks for; a missing or unreadable limit is 100. */
export function parseEventsSearch(
  params: URLSearchParams,
): EventsQuery & { problemsOnly: boolean; limit: number } {
  const device = params.get('device') || undefined;
  return {
    ...(device ? { device } : {}),
    problemsOnly: params.get('problems') === '1',
    limit: Number(params.get('limit') ?? 100) || 100,
  };
}

/** A print job that did not end printed and taken (the print journal's problems). */
export const PrintProblem = z.object({
  id: z.int(),
  device: z.string(),
  kind: z.string(),
  ticketId: z.nullable(z.int()),
  number: z.nullable(z.string()),
  state: z.enum(['queued', 'sent', 'printed', 'failed', 'interrupted']),
  failure: z.nullable(z.string()),
  presenter: z.nullable(z.enum(['taken', 'retracted'])),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PrintProblem = z.infer<typeof PrintProblem>;

/** 好差评 counts per level and the delivery outbox. */
export const RatingSummary = z.object({
  byLevel: z.record(z.enum(['1', '2', '3', '4', '5']), z.int().check(z.nonnegative())),
  outbox: z.object({
    pending: z.int().check(z.nonnegative()),
    delivered: z.int().check(z.nonnegative()),
    rejected: z.int().check(z.nonnegative()),
    oldestPendingAt: z.nullable(z.string()),
  }),
});
export type RatingSummary = z.infer<typeof RatingSummary>;

/** Today's queue of one area. */
export const AreaToday = z.object({
  areaId: z.string(),
  prefix: z.string(),
  ticketsToday: z.int().check(z.nonnegative()),
  waiting: z.int().check(z.nonnegative()),
});
export type AreaToday = z.infer<typeof AreaToday>;

/**
 * Hall mode: the kiosk's link to the hall server and its clock against the hall's, for technicians
 * (device-daemon/src/hall-link/link-state.ts and hall-clock.ts).
 */
export const HallLinkStatus = z.object({
  /** online; suspect (a request got no answer in time); offline (the hall could not be reached). */
  state: z.enum(['online', 'suspect', 'offline']),
  /** When the link left online, by the hall's clock as the kiosk knows it (ISO); null while online. */
  since: z.nullable(z.string()),
  /** Tickets issued offline that the hall does not have yet. */
  offlinePending: z.int().check(z.nonnegative()),
  /** The hall's clock minus the kiosk's (ms; positive: the kiosk is slow); null before it was measured. */
  clockOffsetMs: z.nullable(z.int()),
  /** How far off that measure can be (ms). */
  clockUncertaintyMs: z.nullable(z.int().check(z.nonnegative())),
  /** An offset this large or larger is a warning. */
  clockWarnMs: z.int().check(z.positive()),
  /** The hall's time zone (what `since` is shown in). */
  timeZone: z.string(),
});
export type HallLinkStatus = z.infer<typeof HallLinkStatus>;

/** A clock offset in whole units, for words like "10 min 2 s slow" (seconds rounded). */
export function clockOffsetParts(offsetMs: number): {
  /** `slow`: the kiosk's clock is behind the hall's; `fast`: ahead; `same`: under half a second apart. */
  way: 'slow' | 'fast' | 'same';
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
} {
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const way = total === 0 ? 'same' : offsetMs > 0 ? 'slow' : 'fast';
  return {
    way,
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

/**
 * The units an offset is said in, the largest first: from the first non-zero one down, seconds always
 * (`10 min 2 s`, `1 d 0 h 0 min 5 s`, `45 s`). Each screen puts its own words to them.
 */
export function clockOffsetUnits(
  offsetMs: number,
): { unit: 'days' | 'hours' | 'minutes' | 'seconds'; n: number }[] {
  const p = clockOffsetParts(offsetMs);
  const all = [
    { unit: 'days' as const, n: p.days },
    { unit: 'hours' as const, n: p.hours },
    { unit: 'minutes' as const, n: p.minutes },
  ];
  const first = all.findIndex((u) => u.n > 0);
  return [...(first === -1 ? [] : all.slice(first)), { unit: 'seconds', n: p.seconds }];
}

/** The daemon on one screen (`kiosk status` prints the same). */
export const KioskStatus = z.object({
  version: z.string(),
  uptimeSeconds: z.number().check(z.nonnegative()),
  hall: LocalizedText,
  devices: z.array(DeviceStatus),
  queue: z.array(AreaToday),
  /** Hall mode: why the queue lines are missing (the hall server could not be asked). */
  queueProblem: z.optional(z.string()),
  /** Hall mode: the link to the hall and the kiosk's clock against the hall's. */
  hallLink: z.optional(HallLinkStatus),
  ratings: RatingSummary,
  /** How many print jobs are problems. */
  printProblems: z.int().check(z.nonnegative()),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

/** Everything the maintenance page shows. */
export const Overview = z.extend(KioskStatus, {
  statistics: z.record(z.string(), StatisticValues),
  /** The latest 20 print problems. */
  printProblemList: z.array(PrintProblem),
  /** The configuration with PIN hashes, keys and URL credentials hidden. */
  config: z.unknown(),
  node: z.string(),
});
export type Overview = z.infer<typeof Overview>;

/** Who did what in maintenance mode. */
export const AuditEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The diagnostics bundle: the overview with longer lists, and nothing personal. */
export const Bundle = z.extend(z.omit(Overview, { printProblems: true }), {
  generatedAt: z.string(),
  platform: z.string(),
  events: z.array(DeviceEvent),
  printProblems: z.array(PrintProblem),
  audit: z.array(AuditEntry),
});
export type Bundle = z.infer<typeof Bundle>;
