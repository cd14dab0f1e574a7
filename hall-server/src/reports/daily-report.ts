import type { Pool } from 'pg';
import type {
  DailyReport,
  HallDayTotals,
  LocalizedText,
  PersonDay,
  RatingCounts,
  ReportStaff,
} from '@hall-kiosk/shared';
import { counterName, type HallConfig } from '../config.ts';
import { foldDay, mean, type DayEvent, type DayFigures, type DayRating, type Tally } from './day-figures.ts';

/** A business date as the report takes it: `YYYY-MM-DD` and a real calendar day. */
export function isBusinessDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Reads one business day's event log and ratings and folds them (see `foldDay`). */
export async function readDay(pool: Pool, date: string): Promise<DayFigures> {
  // From the day's tickets (index on business_date) to their events, one index probe per ticket
  // (LATERAL: a hash join would read the whole log, which grows by every day the hall has had).
  const events = await pool.query<{
    ticket_id: number;
    event: DayEvent['event'];
    area_id: string;
    counter_id: string | null;
    staff_id: number | null;
    at: Date;
    issued_at: Date;
    matter_id: string | null;
  }>(
    `SELECT e.ticket_id, e.event, e.area_id, e.counter_id, e.staff_id, e.at, t.issued_at, e.matter_id
     FROM tickets t CROSS JOIN LATERAL (
       SELECT id, ticket_id, event, area_id, counter_id, staff_id, at, matter_id FROM ticket_events
       WHERE ticket_id = t.id OFFSET 0) e
     WHERE t.business_date = $1 ORDER BY e.id`,
    [date],
  );
  const ratings = await pool.query<{
    source: 'pad' | 'kiosk';
    counter_id: string | null;
    staff_id: number | null;
    level: number;
    reasons: unknown;
    matter_id: string | null;
  }>(
    'SELECT source, counter_id, staff_id, level, reasons, matter_id FROM ratings WHERE business_date = $1 ORDER BY id',
    [date],
  );
  return foldDay(
    events.rows.map((r) => ({
      ticketId: r.ticket_id,
      event: r.event,
      areaId: r.area_id,
      counterId: r.counter_id,
      staffId: r.staff_id,
      at: r.at.getTime(),
      issuedAt: r.issued_at.getTime(),
      matterId: r.matter_id,
    })),
    ratings.rows.map((r): DayRating => ({
      source: r.source,
      counterId: r.counter_id,
      staffId: r.staff_id,
      level: r.level,
      reasons: Array.isArray(r.reasons) ? r.reasons.filter((x): x is string => typeof x === 'string') : [],
      matterId: r.matter_id,
    })),
  );
}

const copyRatings = (r: RatingCounts): RatingCounts => ({
  levels: [...r.levels],
  bad: r.bad,
  badReasons: { ...r.badReasons },
});

export function totalsOf(f: DayFigures): HallDayTotals {
  const h = f.hall;
  return {
    issued: h.issued,
    served: h.served,
    noShow: h.noShow,
    avgWaitSeconds: mean(h.waitSum, h.waitCount),
    longestWaitSeconds: h.longestWait,
    avgServiceSeconds: mean(h.serviceSum, h.serviceCount),
    ratings: copyRatings(h.ratings),
    kioskRatings: copyRatings(f.kioskRatings),
  };
}

/** The staff members named by the figures (deactivated ones too: the day's work was theirs). */
export async function peopleOf(pool: Pool, f: DayFigures): Promise<PersonDay[]> {
  const ids = [...f.byStaff.keys()].filter((k): k is number => k !== null);
  const { rows } = ids.length
    ? await pool.query<{ id: number; number: string; name: string }>(
        'SELECT id, number, name FROM staff WHERE id = ANY($1::int[])',
        [ids],
      )
    : { rows: [] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  const people = [...f.byStaff].map(([staffId, t]): PersonDay => {
    const s = staffId === null ? undefined : byId.get(staffId);
    const who: ReportStaff = { staffId, number: s?.number ?? null, name: s?.name ?? null };
    return { ...who, ...windowFigures(t) };
  });
  // By 工号; nobody recorded last.
  return people.sort((a, b) =>
    a.number === null ? 1 : b.number === null ? -1 : a.number.localeCompare(b.number, 'en'),
  );
}

const windowFigures = (t: Tally) => ({
  served: t.served,
  noShow: t.noShow,
  avgServiceSeconds: mean(t.serviceSum, t.serviceCount),
  ratings: copyRatings(t.ratings),
});

/**
 * The daily report (日通报) of one business day: per area, per window, per person, per matter and for the hall,
 * counted from the event log and the ratings (`foldDay` states the rules).
 */
export async function dailyReport(
  pool: Pool,
  config: HallConfig,
  date: string,
  generatedAt: number,
  /** A matter's name by its code (the hall's catalogue), null when unknown. */
  matterName: (code: string) => LocalizedText | null = () => null,
): Promise<DailyReport> {
  const f = await readDay(pool, date);
  const names = new Map(config.counters.map((c) => [c.id, counterName(c)]));
  return {
    businessDate: date,
    hallName: config.hall.name,
    generatedAt: new Date(generatedAt).toISOString(),
    totals: totalsOf(f),
    // Every configured area, in the configured order (a quiet area is a figure too).
    areas: config.areas.map((a) => {
      const t = f.byArea.get(a.id);
      return {
        areaId: a.id,
        name: a.name,
        issued: t?.issued ?? 0,
        served: t?.served ?? 0,
        noShow: t?.noShow ?? 0,
        avgWaitSeconds: t ? mean(t.waitSum, t.waitCount) : null,
        longestWaitSeconds: t?.longestWait ?? null,
        avgServiceSeconds: t ? mean(t.serviceSum, t.serviceCount) : null,
      };
    }),
    windows: [...f.byWindow]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([counterId, t]) => ({ counterId, name: names.get(counterId) ?? counterId, ...windowFigures(t) })),
    people: await peopleOf(pool, f),
    matters: [...f.byMatter]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([matterId, t]) => ({ matterId, name: matterName(matterId), ...windowFigures(t) })),
  };
}
