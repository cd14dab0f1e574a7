import * as z from 'zod/mini';
import { LocalizedText } from '../text.ts';
import { OpenHelpCall } from './hall-help.ts';

/**
 * The supervisors' view and the daily report (日通报) of the hall server
 * (`hall-server/src/http/supervisor-routes.ts`, access `supervisor`):
 *
 *   GET  /api/supervisor/overview                 → SupervisorOverview (now, today)
 *   GET  /api/supervisor/events                   text/event-stream of ticket events (a hint to refetch)
 *   GET  /api/supervisor/report/:date             → DailyReport (date YYYY-MM-DD, the hall's business day)
 *   GET  /api/supervisor/report/:date.csv[?lang=en] the same as CSV (UTF-8 with BOM)
 *
 * Figures are counted from the ticket event log and the ratings: no citizen's data, only numbers,
 * windows and staff members. Times are whole seconds.
 */

/** Ratings by level: `levels[0]` is level 1 (非常不满意) … `levels[4]` level 5 (非常满意). */
export const RatingCounts = z.object({
  levels: z.array(z.int().check(z.nonnegative())).check(z.length(5)),
  /** 差评: levels 1 and 2. */
  bad: z.int().check(z.nonnegative()),
  /** How often each reason was given with a 差评. */
  badReasons: z.record(z.string(), z.int()),
});
export type RatingCounts = z.infer<typeof RatingCounts>;

const Seconds = z.nullable(z.int().check(z.nonnegative()));

export const ReportStaff = z.object({
  /** null: events with nobody recorded at the window. */
  staffId: z.nullable(z.int()),
  number: z.nullable(z.string()),
  name: z.nullable(z.string()),
});
export type ReportStaff = z.infer<typeof ReportStaff>;

export const AreaDay = z.object({
  areaId: z.string(),
  name: LocalizedText,
  issued: z.int(),
  served: z.int(),
  noShow: z.int(),
  /** From taking the ticket to its first call, over the tickets first called in this area. */
  avgWaitSeconds: Seconds,
  longestWaitSeconds: Seconds,
  /** From the call to done, over the tickets done in this area. */
  avgServiceSeconds: Seconds,
});
export type AreaDay = z.infer<typeof AreaDay>;

export const WindowDay = z.object({
  counterId: z.string(),
  name: z.string(),
  served: z.int(),
  noShow: z.int(),
  avgServiceSeconds: Seconds,
  ratings: RatingCounts,
});
export type WindowDay = z.infer<typeof WindowDay>;

export const PersonDay = z.extend(ReportStaff, {
  served: z.int(),
  noShow: z.int(),
  avgServiceSeconds: Seconds,
  ratings: RatingCounts,
});
export type PersonDay = z.infer<typeof PersonDay>;

/** A matter's day: the tickets finished with it (the matter of their `done`/`noShow`) and their ratings. */
export const MatterDay = z.object({
  matterId: z.string(),
  /** From the hall's catalogue (null: the hall has no catalogue or does not know the code). */
  name: z.nullable(LocalizedText),
  served: z.int(),
  noShow: z.int(),
  avgServiceSeconds: Seconds,
  ratings: RatingCounts,
});
export type MatterDay = z.infer<typeof MatterDay>;

export const HallDayTotals = z.object({
  issued: z.int(),
  served: z.int(),
  noShow: z.int(),
  avgWaitSeconds: Seconds,
  longestWaitSeconds: Seconds,
  avgServiceSeconds: Seconds,
  /** Ratings from the windows' rating pads. */
  ratings: RatingCounts,
  /** Ratings of the kiosks' own services (not tied to a window). */
  kioskRatings: RatingCounts,
});
export type HallDayTotals = z.infer<typeof HallDayTotals>;

export const DailyReport = z.object({
  businessDate: z.string(),
  hallName: LocalizedText,
  generatedAt: z.string(),
  totals: HallDayTotals,
  areas: z.array(AreaDay),
  /** Windows with anything to count that day, by id. */
  windows: z.array(WindowDay),
  /** Staff members with anything to count that day, by 工号 (nobody recorded last). */
  people: z.array(PersonDay),
  /** Matters handled that day, by code. */
  matters: z.array(MatterDay),
});
export type DailyReport = z.infer<typeof DailyReport>;

export const AreaNow = z.object({
  areaId: z.string(),
  waiting: z.int(),
  priorityWaiting: z.int(),
  /** How long the ticket waiting longest has waited, now (null: nobody waits). */
  longestWaitSeconds: Seconds,
});
export type AreaNow = z.infer<typeof AreaNow>;

export const WindowNow = z.object({
  counterId: z.string(),
  name: z.string(),
  paused: z.boolean(),
  pausedSince: z.nullable(z.string()),
  staff: z.nullable(z.object({ number: z.string(), name: z.string() })),
  /** The number being served there now. */
  current: z.nullable(z.string()),
  served: z.int(),
  noShow: z.int(),
  avgServiceSeconds: Seconds,
});
export type WindowNow = z.infer<typeof WindowNow>;

export const SupervisorOverview = z.object({
  businessDate: z.string(),
  now: z.string(),
  areas: z.array(AreaNow),
  /** Windows that are staffed, paused, serving or served someone today; the rest are idle. */
  windows: z.array(WindowNow),
  idleWindows: z.int(),
  /** Today's figures per person (as in the daily report). */
  people: z.array(PersonDay),
  totals: HallDayTotals,
  help: z.array(OpenHelpCall),
});
export type SupervisorOverview = z.infer<typeof SupervisorOverview>;
