import type { RatingCounts } from '@hall-kiosk/shared';

/** One line of a business day's ticket event log, as the report reads it (no personal data). */
export type DayEvent = {
  ticketId: number;
  event: 'issued' | 'reprinted' | 'called' | 'recalled' | 'transferred' | 'done' | 'noShow';
  areaId: string;
  counterId: string | null;
  staffId: number | null;
  /** ms */
  at: number;
  /** When the ticket was taken (ms). */
  issuedAt: number;
  /** The ticket's matter (事项 code) recorded on the event (null or absent: none). */
  matterId?: string | null;
};

/** One 好差评 rating of the day. */
export type DayRating = {
  source: 'pad' | 'kiosk';
  counterId: string | null;
  staffId: number | null;
  level: number;
  reasons: readonly string[];
  /** The matter of the `done` event the rating is tied to (null or absent: none). */
  matterId?: string | null;
};

/** Running sums of one group (an area, a window, a person, the hall). */
export type Tally = {
  issued: number;
  served: number;
  noShow: number;
  waitSum: number;
  waitCount: number;
  longestWait: number | null;
  serviceSum: number;
  serviceCount: number;
  ratings: RatingCounts;
};

export type DayFigures = {
  hall: Tally;
  kioskRatings: RatingCounts;
  byArea: Map<string, Tally>;
  byWindow: Map<string, Tally>;
  /** Keyed by staff id; `null` collects events with nobody recorded at the window. */
  byStaff: Map<number | null, Tally>;
  /** Keyed by matter code; tickets finished with no matter are counted in the other groups only. */
  byMatter: Map<string, Tally>;
};

export const emptyRatings = (): RatingCounts => ({ levels: [0, 0, 0, 0, 0], bad: 0, badReasons: {} });

const emptyTally = (): Tally => ({
  issued: 0,
  served: 0,
  noShow: 0,
  waitSum: 0,
  waitCount: 0,
  longestWait: null,
  serviceSum: 0,
  serviceCount: 0,
  ratings: emptyRatings(),
});

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) {
    t = emptyTally();
    map.set(key, t);
  }
  return t;
}

/** Whole seconds between two times in ms (never negative: a clock set back counts as 0). */
const seconds = (fromMs: number, toMs: number) => Math.max(0, Math.round((toMs - fromMs) / 1000));

export function addRating(r: RatingCounts, level: number, reasons: readonly string[]): void {
  if (!Number.isInteger(level) || level < 1 || level > 5) return;
  r.levels[level - 1]! += 1;
  if (level <= 2) {
    r.bad += 1;
    for (const reason of new Set(reasons)) r.badReasons[reason] = (r.badReasons[reason] ?? 0) + 1;
  }
}

/** A mean in whole seconds, or null when there is nothing to average. */
export const mean = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.round(sum / count);

/**
 * The figures of one business day from its event log (every event of the day's tickets, in log order)
 * and its ratings. The rules, which the daily report states:
 *
 * - **issued** counts `issued` events by the area that gave the number;
 * - **served** and **no-show** count the `done` and `noShow` events by the area the ticket was in, the
 *   window and the person recorded on the event (a ticket ends once);
 * - **wait** is from taking the ticket to its first call, counted in the area of that call (recalls
 *   and calls after a transfer do not start a new wait);
 * - **service time** is from the latest call of the ticket to its `done`, counted for the area, window
 *   and person of the `done` (no-shows have none);
 * - **per matter**, served, no-show and service time count by the matter recorded on the `done` or
 *   `noShow` event (the matter handled, as set at the window before done), and a pad's rating by the
 *   matter of the `done` it rates; tickets without a matter are in no matter's line;
 * - **ratings** from a window's pad count for its window and the person it is tied to; a kiosk's own
 *   ratings count only in the hall's kiosk line.
 */
export function foldDay(events: readonly DayEvent[], ratings: readonly DayRating[]): DayFigures {
  const f: DayFigures = {
    hall: emptyTally(),
    kioskRatings: emptyRatings(),
    byArea: new Map(),
    byWindow: new Map(),
    byStaff: new Map(),
    byMatter: new Map(),
  };
  const called = new Set<number>();
  const lastCall = new Map<number, number>();
  for (const e of events) {
    if (e.event === 'issued') {
      f.hall.issued += 1;
      tallyOf(f.byArea, e.areaId).issued += 1;
    } else if (e.event === 'called') {
      lastCall.set(e.ticketId, e.at);
      if (called.has(e.ticketId)) continue;
      called.add(e.ticketId);
      const wait = seconds(e.issuedAt, e.at);
      for (const t of [f.hall, tallyOf(f.byArea, e.areaId)]) {
        t.waitSum += wait;
        t.waitCount += 1;
        t.longestWait = Math.max(t.longestWait ?? 0, wait);
      }
    } else if (e.event === 'done' || e.event === 'noShow') {
      const groups = [f.hall, tallyOf(f.byArea, e.areaId), tallyOf(f.byStaff, e.staffId)];
      if (e.counterId !== null) groups.push(tallyOf(f.byWindow, e.counterId));
      if (e.matterId != null) groups.push(tallyOf(f.byMatter, e.matterId));
      const callAt = lastCall.get(e.ticketId);
      for (const t of groups) {
        if (e.event === 'noShow') {
          t.noShow += 1;
          continue;
        }
        t.served += 1;
        if (callAt !== undefined) {
          t.serviceSum += seconds(callAt, e.at);
          t.serviceCount += 1;
        }
      }
    }
  }
  for (const r of ratings) {
    if (r.source === 'kiosk') {
      addRating(f.kioskRatings, r.level, r.reasons);
      continue;
    }
    addRating(f.hall.ratings, r.level, r.reasons);
    addRating(tallyOf(f.byStaff, r.staffId).ratings, r.level, r.reasons);
    if (r.counterId !== null) addRating(tallyOf(f.byWindow, r.counterId).ratings, r.level, r.reasons);
    if (r.matterId != null) addRating(tallyOf(f.byMatter, r.matterId).ratings, r.level, r.reasons);
  }
  return f;
}
