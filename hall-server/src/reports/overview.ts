import type { Pool } from 'pg';
import type { SupervisorOverview, WindowNow } from '@hall-kiosk/shared';
import { businessDate } from '../../../device-daemon/src/core/local-day.ts';
import { counterName, type HallConfig } from '../config.ts';
import { queueFrom } from '../store.ts';
import type { HelpCalls } from '../help.ts';
import { mean } from './day-figures.ts';
import { peopleOf, readDay, totalsOf } from './daily-report.ts';

/**
 * What the supervisors' page shows now: per area who waits and the longest wait; per window whether it
 * is paused, who works there, the number being served and today's figures; per person today's figures
 * (the daily report's, so the two never disagree); the open 帮办 calls.
 */
export async function supervisorOverview(
  d: { pool: Pool; config: HallConfig; help: HelpCalls },
  now: number,
): Promise<SupervisorOverview> {
  const date = businessDate(now, d.config.hall.timeZone);
  const day = await readDay(d.pool, date);
  const waiting = await d.pool.query<{ area_id: string; waiting: number; priority: number; oldest: Date }>(
    `SELECT queue_area_id AS area_id, count(*)::int AS waiting, count(*) FILTER (WHERE priority)::int AS priority,
       min(queued_at) AS oldest
     FROM tickets WHERE business_date BETWEEN $1 AND $2 AND state = 'waiting' GROUP BY queue_area_id`,
    [queueFrom(date), date],
  );
  const byArea = new Map(waiting.rows.map((r) => [r.area_id, r]));
  const windows = await d.pool.query<{
    id: string;
    paused: boolean;
    paused_since: Date | null;
    staff_number: string | null;
    staff_name: string | null;
    current: string | null;
  }>(
    `SELECT c.id, c.paused,
       CASE WHEN c.paused THEN (SELECT max(at) FROM counter_events e WHERE e.counter_id = c.id AND e.event = 'paused') END
         AS paused_since,
       s.number AS staff_number, s.name AS staff_name,
       (SELECT t.number FROM tickets t WHERE t.counter_id = c.id AND t.state = 'called') AS current
     FROM counters c LEFT JOIN counter_staff cs ON cs.counter_id = c.id LEFT JOIN staff s ON s.id = cs.staff_id`,
  );
  const rows = new Map(windows.rows.map((r) => [r.id, r]));
  const listed: WindowNow[] = [];
  for (const c of d.config.counters) {
    const r = rows.get(c.id);
    const t = day.byWindow.get(c.id);
    if (!r || !(r.paused || r.staff_number !== null || r.current !== null || t)) continue;
    listed.push({
      counterId: c.id,
      name: counterName(c),
      paused: r.paused,
      pausedSince: r.paused_since ? r.paused_since.toISOString() : null,
      staff: r.staff_number !== null ? { number: r.staff_number, name: r.staff_name ?? '' } : null,
      current: r.current,
      served: t?.served ?? 0,
      noShow: t?.noShow ?? 0,
      avgServiceSeconds: t ? mean(t.serviceSum, t.serviceCount) : null,
    });
  }
  return {
    businessDate: date,
    now: new Date(now).toISOString(),
    areas: d.config.areas.map((a) => {
      const w = byArea.get(a.id);
      return {
        areaId: a.id,
        waiting: w?.waiting ?? 0,
        priorityWaiting: w?.priority ?? 0,
        longestWaitSeconds: w ? Math.max(0, Math.round((now - w.oldest.getTime()) / 1000)) : null,
      };
    }),
    windows: listed,
    idleWindows: d.config.counters.length - listed.length,
    people: await peopleOf(d.pool, day),
    totals: totalsOf(day),
    help: await d.help.open(),
  };
}
