import type { Pool, PoolClient } from 'pg';
import { UNANSWERED_ONLINE } from '../store.ts';

/**
 * The queue's invariants, recomputed from its event log (`ticket_events`) and held against what the
 * other tables say: what a technician runs (`kiosk hall check`) and what the soak and the crash tests
 * end with. Each check is one read-only query; a check that finds nothing wrong returns no rows.
 * Constraints already forbid some of these (a number twice on a day); they are checked again because
 * a restored backup, a hand edit or a dropped constraint would not say so.
 *
 * The state machine the log must follow (`recalled` and `reprinted` change nothing):
 *   issued → waiting;  waiting --called--> called;  called --transferred--> waiting;
 *   called --done / noShow--> finished, and nothing changes a finished ticket again.
 * So a ticket is called at most once per call cycle: between two `called` events there is a
 * `transferred` (a recall announces the current ticket again; it never puts it back in a queue).
 */
export type InvariantName =
  | 'issuedOnce'
  | 'transitions'
  | 'calledTwice'
  | 'stateFold'
  | 'numbersUnique'
  | 'onlineNumbersGapless'
  | 'offlineTickets'
  | 'joinedOnce'
  | 'dayCounts'
  | 'ratings';

export type InvariantResult = {
  name: InvariantName;
  /** What the check holds, in a line. */
  rule: string;
  /** Rows breaking it (0: it holds). */
  violations: number;
  /** The first few, each naming the ticket, area-day or rating and what is wrong. */
  examples: string[];
};

export type InvariantReport = {
  /** The business day checked, or null for every day in the database. */
  businessDate: string | null;
  tickets: number;
  events: number;
  checks: InvariantResult[];
  violations: number;
  /** Wall time of the whole check. */
  ms: number;
};

type Queryable = Pool | PoolClient;

/** An event of another day than its ticket's, beyond a call made the day after (docs/queue.md#midnight). */
const OTHER_DAY = `e.business_date <> t.business_date AND NOT (e.event IN ('called', 'recalled')
  AND e.business_date = to_char(t.business_date::date + 1, 'YYYY-MM-DD'))`;

/** The marker of an unanswered online ticket in the issue event of the offline ticket that took its key. */
const UNANSWERED = `'${UNANSWERED_ONLINE.replaceAll("'", "''")}'`;

/** The events that change a ticket's state (the others, `recalled` and `reprinted`, do not). */
const STATE_EVENTS = `('issued', 'called', 'transferred', 'done', 'noShow')`;

/**
 * One query per invariant. Each selects `detail` (a line naming what is wrong), restricted to the
 * business day `$1` (every day when null), and is wrapped by `run` to count and sample them.
 */
const CHECKS: { name: InvariantName; rule: string; sql: string }[] = [
  {
    name: 'issuedOnce',
    rule: "every ticket has exactly one 'issued' event, its first, and every event has the ticket's business date, but a call (called, recalled) carries the day it happened: the ticket's or the next (docs/queue.md#midnight)",
    sql: `
SELECT format('ticket %s (%s): %s issued events, first event %s, events of another day %s',
         t.id, t.number, count(e.id) FILTER (WHERE e.event = 'issued'),
         coalesce((array_agg(e.event ORDER BY e.id))[1], 'none'),
         count(e.id) FILTER (WHERE ${OTHER_DAY})) AS detail
FROM tickets t LEFT JOIN ticket_events e ON e.ticket_id = t.id
WHERE ($1::text IS NULL OR t.business_date = $1)
GROUP BY t.id
HAVING count(e.id) FILTER (WHERE e.event = 'issued') <> 1
    OR (array_agg(e.event ORDER BY e.id))[1] IS DISTINCT FROM 'issued'
    OR count(e.id) FILTER (WHERE ${OTHER_DAY}) > 0
UNION ALL
SELECT format('event %s names ticket %s, which does not exist', e.id, e.ticket_id)
FROM ticket_events e WHERE ($1::text IS NULL OR e.business_date = $1)
  AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket_id)`,
  },
  {
    name: 'transitions',
    rule: 'each event follows the state machine: called only while waiting; recalled, transferred, done and noShow only while called; nothing but reprinted after done or noShow',
    sql: `
WITH e AS (
  SELECT e.id, e.ticket_id, e.event,
    max(e.id) FILTER (WHERE e.event IN ${STATE_EVENTS})
      OVER (PARTITION BY e.ticket_id ORDER BY e.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_id
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE ($1::text IS NULL OR t.business_date = $1))
SELECT format('ticket %s: event %s %s after %s', e.ticket_id, e.id, e.event, coalesce(p.event, 'nothing')) AS detail
FROM e LEFT JOIN ticket_events p ON p.id = e.prev_id
WHERE e.event <> 'issued' AND NOT CASE
  WHEN e.event = 'called' THEN p.event IN ('issued', 'transferred')
  WHEN e.event IN ('recalled', 'transferred', 'done', 'noShow') THEN p.event = 'called'
  WHEN e.event = 'reprinted' THEN p.event IS NOT NULL
  ELSE false END`,
  },
  {
    name: 'calledTwice',
    rule: "no ticket is called twice in one call cycle: between two 'called' events of a ticket there is a 'transferred'",
    sql: `
SELECT format('ticket %s called by %s (event %s) and again by %s (event %s) with no transfer between',
         ticket_id, prev_counter, prev_id, counter_id, id) AS detail
FROM (SELECT id, ticket_id, event, counter_id,
        lag(event) OVER w AS prev, lag(id) OVER w AS prev_id, lag(counter_id) OVER w AS prev_counter
      FROM ticket_events e WHERE event IN ('called', 'transferred')
        AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket_id AND t.business_date = $1))
      WINDOW w AS (PARTITION BY ticket_id ORDER BY id)) x
WHERE event = 'called' AND prev = 'called'`,
  },
  {
    name: 'stateFold',
    rule: "each ticket's row (state, window, queue, target window, called and finished times) equals the fold of its events",
    sql: `
WITH last_state AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, event, counter_id, at FROM ticket_events
  WHERE event IN ${STATE_EVENTS} ORDER BY ticket_id, id DESC),
last_any AS (SELECT DISTINCT ON (ticket_id) ticket_id, area_id FROM ticket_events ORDER BY ticket_id, id DESC),
last_transfer AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, id, to_counter_id FROM ticket_events
  WHERE event = 'transferred' ORDER BY ticket_id, id DESC),
last_call AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, id, at FROM ticket_events
  WHERE event = 'called' ORDER BY ticket_id, id DESC),
fold AS (
  SELECT t.id, t.number, t.state, t.counter_id, t.queue_area_id, t.target_counter_id, t.called_at, t.finished_at,
    CASE WHEN s.event IN ('issued', 'transferred') THEN 'waiting' ELSE s.event END AS f_state,
    CASE WHEN s.event IN ('called', 'done', 'noShow') THEN s.counter_id END AS f_counter,
    a.area_id AS f_queue,
    tr.to_counter_id AS f_target,
    CASE WHEN c.id > coalesce(tr.id, 0) THEN c.at END AS f_called_at,
    CASE WHEN s.event IN ('done', 'noShow') THEN s.at END AS f_finished_at
  FROM tickets t
  LEFT JOIN last_state s ON s.ticket_id = t.id
  LEFT JOIN last_any a ON a.ticket_id = t.id
  LEFT JOIN last_transfer tr ON tr.ticket_id = t.id
  LEFT JOIN last_call c ON c.ticket_id = t.id
  WHERE ($1::text IS NULL OR t.business_date = $1))
SELECT format('ticket %s (%s): row %s, events say %s', id, number,
         json_build_array(state, counter_id, queue_area_id, target_counter_id, called_at, finished_at),
         json_build_array(f_state, f_counter, f_queue, f_target, f_called_at, f_finished_at)) AS detail
FROM fold
WHERE state IS DISTINCT FROM f_state OR counter_id IS DISTINCT FROM f_counter
   OR queue_area_id IS DISTINCT FROM f_queue OR target_counter_id IS DISTINCT FROM f_target
   OR called_at IS DISTINCT FROM f_called_at OR finished_at IS DISTINCT FROM f_finished_at`,
  },
  {
    name: 'numbersUnique',
    rule: 'no number is on two tickets of one day, and no online sequence number twice in an area on a day',
    sql: `
SELECT format('%s on %s is on tickets %s', number, business_date, string_agg(id::text, ', ' ORDER BY id)) AS detail
FROM tickets WHERE ($1::text IS NULL OR business_date = $1)
GROUP BY business_date, number HAVING count(*) > 1
UNION ALL
SELECT format('%s on %s: sequence %s is on tickets %s', area_id, business_date, seq, string_agg(id::text, ', ' ORDER BY id))
FROM tickets WHERE seq IS NOT NULL AND ($1::text IS NULL OR business_date = $1)
GROUP BY area_id, business_date, seq HAVING count(*) > 1`,
  },
  {
    name: 'onlineNumbersGapless',
    rule: "an area's online sequences of a day are 1…n with no gap, and a ticket printed online carries the area's prefix and its sequence (an online ticket that became the offline ticket printed for its unanswered request keeps its sequence and carries the printed number)",
    sql: `
SELECT format('%s on %s: %s online tickets, sequences %s…%s (%s distinct)', area_id, business_date, count(*),
         min(seq), max(seq), count(DISTINCT seq)) AS detail
FROM tickets WHERE seq IS NOT NULL AND ($1::text IS NULL OR business_date = $1)
GROUP BY area_id, business_date
HAVING min(seq) <> 1 OR max(seq) <> count(*) OR count(DISTINCT seq) <> count(*)
UNION ALL
SELECT format('ticket %s: number %s, expected %s', t.id, t.number,
         a.prefix || CASE WHEN t.seq < 1000 THEN lpad(t.seq::text, 3, '0') ELSE t.seq::text END)
FROM tickets t JOIN areas a ON a.id = t.area_id
WHERE t.seq IS NOT NULL AND t.offline_series IS NULL AND ($1::text IS NULL OR t.business_date = $1)
  AND t.number <> a.prefix || CASE WHEN t.seq < 1000 THEN lpad(t.seq::text, 3, '0') ELSE t.seq::text END`,
  },
  {
    name: 'offlineTickets',
    rule: "a ticket from an offline kiosk carries its area's prefix and its kiosk's series, when the hall received it, and the log's 'late from offline kiosk'; an online ticket none of these",
    sql: `
SELECT format('ticket %s (%s) of %s: series %s (the kiosk''s: %s), received %s, issued event %L', t.id, t.number,
         t.kiosk_id, t.offline_series, d.offline_series, t.received_at, e.detail) AS detail
FROM tickets t
JOIN areas a ON a.id = t.area_id
LEFT JOIN devices d ON d.id = t.kiosk_id
LEFT JOIN ticket_events e ON e.ticket_id = t.id AND e.event = 'issued'
WHERE ($1::text IS NULL OR t.business_date = $1) AND CASE
  WHEN t.offline_series IS NULL THEN t.received_at IS NOT NULL OR e.detail LIKE 'late from offline kiosk%'
  ELSE t.received_at IS NULL OR e.detail IS NULL OR e.detail NOT LIKE 'late from offline kiosk%'
    OR d.offline_series IS DISTINCT FROM t.offline_series
    OR t.number !~ ('^' || a.prefix || 'K' || t.offline_series || '-[0-9]{3,}$') END`,
  },
  {
    name: 'joinedOnce',
    rule: 'every ticket was issued (or, from an offline kiosk, joined) under exactly one key of its own kiosk; an online ticket whose request went unanswered has none when the offline ticket printed for that request took its key and names it',
    sql: `
SELECT format('ticket %s (%s) of %s is the first answer of %s keys (%s of its kiosk)', t.id, t.number, t.kiosk_id,
         count(k.key), count(k.key) FILTER (WHERE k.kiosk_id = t.kiosk_id)) AS detail
FROM tickets t LEFT JOIN idempotency_keys k ON k.ticket_id = t.id AND NOT k.reprint
WHERE ($1::text IS NULL OR t.business_date = $1)
GROUP BY t.id
HAVING (count(k.key) <> 1 OR count(k.key) FILTER (WHERE k.kiosk_id = t.kiosk_id) <> 1)
   AND NOT (count(k.key) = 0 AND t.offline_series IS NULL AND EXISTS (
     SELECT 1 FROM ticket_events x JOIN idempotency_keys xk ON xk.ticket_id = x.ticket_id AND xk.kiosk_id = t.kiosk_id
     WHERE x.event = 'issued' AND x.detail LIKE '%' || ${UNANSWERED} || t.id || ' (%'))`,
  },
  {
    name: 'dayCounts',
    rule: "each area-day's counters (last number given, offline tickets taken: what the caps count) equal its issued events; each kiosk's tickets of a day equal its issued events",
    sql: `
WITH counted AS (
  SELECT e.area_id, e.business_date,
    count(*) FILTER (WHERE t.seq IS NOT NULL) AS online,
    count(*) FILTER (WHERE t.seq IS NULL) AS offline
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
  WHERE e.event = 'issued' AND ($1::text IS NULL OR e.business_date = $1)
  GROUP BY e.area_id, e.business_date),
kept AS (SELECT * FROM area_day_numbers WHERE ($1::text IS NULL OR business_date = $1))
SELECT format('%s on %s: last number %s, offline count %s; issued events: %s online, %s offline',
         coalesce(k.area_id, c.area_id), coalesce(k.business_date, c.business_date),
         k.last_seq, k.offline_count, coalesce(c.online, 0), coalesce(c.offline, 0)) AS detail
FROM kept k FULL JOIN counted c ON c.area_id = k.area_id AND c.business_date = k.business_date
WHERE k.last_seq IS DISTINCT FROM coalesce(c.online, 0) OR k.offline_count IS DISTINCT FROM coalesce(c.offline, 0)
UNION ALL
SELECT format('kiosk %s on %s: %s tickets, %s issued events naming it', coalesce(t.kiosk_id, e.kiosk_id),
         coalesce(t.business_date, e.business_date), coalesce(t.n, 0), coalesce(e.n, 0))
FROM (SELECT kiosk_id, business_date, count(*) AS n FROM tickets
      WHERE ($1::text IS NULL OR business_date = $1) GROUP BY 1, 2) t
FULL JOIN (SELECT kiosk_id, business_date, count(*) AS n FROM ticket_events
      WHERE event = 'issued' AND ($1::text IS NULL OR business_date = $1) GROUP BY 1, 2) e
  ON e.kiosk_id = t.kiosk_id AND e.business_date = t.business_date
WHERE t.n IS DISTINCT FROM e.n`,
  },
  {
    name: 'ratings',
    rule: "a window's rating is of a ticket finished as done at that window, by the person it names, that day; at most one per ticket",
    sql: `
WITH outcome AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, event, counter_id, staff_id, business_date FROM ticket_events
  WHERE event IN ('called', 'transferred', 'done', 'noShow') ORDER BY ticket_id, id DESC)
SELECT format('rating %s of ticket %s at %s by staff %s on %s: the ticket''s last outcome is %s', r.id, r.ticket_id,
         r.counter_id, r.staff_id, r.business_date,
         coalesce(json_build_array(o.event, o.counter_id, o.staff_id, o.business_date)::text, 'none')) AS detail
FROM ratings r LEFT JOIN outcome o ON o.ticket_id = r.ticket_id
WHERE r.source = 'pad' AND ($1::text IS NULL OR r.business_date = $1)
  AND (o.event IS DISTINCT FROM 'done' OR o.counter_id IS DISTINCT FROM r.counter_id
       OR o.staff_id IS DISTINCT FROM r.staff_id OR o.business_date IS DISTINCT FROM r.business_date)
UNION ALL
SELECT format('ticket %s has %s ratings from windows (%s)', ticket_id, count(*), string_agg(id::text, ', ' ORDER BY id))
FROM ratings WHERE source = 'pad' AND ($1::text IS NULL OR business_date = $1)
GROUP BY ticket_id HAVING count(*) > 1`,
  },
];

const EXAMPLES = 5;

/** The invariants' names and rules, in the order they are checked. */
export const INVARIANTS: readonly { name: InvariantName; rule: string }[] = CHECKS.map(({ name, rule }) => ({
  name,
  rule,
}));

/**
 * Runs every check (read-only) on one business day (`YYYY-MM-DD`) or, without one, on every day.
 * Inside a transaction (a `PoolClient`) the checks see one snapshot only if the caller opened it
 * REPEATABLE READ; on a quiet database (after the day, or the soak) a pool is enough.
 */
export async function checkHallInvariants(
  db: Queryable,
  options: { businessDate?: string; now?: () => number } = {},
): Promise<InvariantReport> {
  const now = options.now ?? (() => performance.now());
  const date = options.businessDate ?? null;
  if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError('businessDate must be YYYY-MM-DD');
  const started = now();
  const checks: InvariantResult[] = [];
  for (const c of CHECKS) {
    const { rows } = await db.query<{ n: string; detail: string }>(
      `SELECT count(*) OVER () AS n, detail FROM (${c.sql}) v ORDER BY detail LIMIT ${EXAMPLES}`,
      [date],
    );
    checks.push({
      name: c.name,
      rule: c.rule,
      violations: rows.length === 0 ? 0 : Number(rows[0]!.n),
      examples: rows.map((r) => r.detail),
    });
  }
  const sizes = await db.query<{ tickets: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM tickets WHERE $1::text IS NULL OR business_date = $1) AS tickets,
            (SELECT count(*)::int FROM ticket_events WHERE $1::text IS NULL OR business_date = $1) AS events`,
    [date],
  );
  return {
    businessDate: date,
    tickets: sizes.rows[0]!.tickets,
    events: sizes.rows[0]!.events,
    checks,
    violations: checks.reduce((n, c) => n + c.violations, 0),
    ms: Math.round((now() - started) * 10) / 10,
  };
}

/** The report as a technician reads it: one line per check, the examples under a broken one. */
export function formatInvariantReport(r: InvariantReport): string {
  const lines = [
    `${r.businessDate ?? 'every day'}: ${r.tickets} tickets, ${r.events} events, checked in ${r.ms} ms`,
  ];
  for (const c of r.checks) {
    lines.push(`${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${c.rule}`);
    if (c.violations > 0) {
      lines.push(`     ${c.violations} violation(s), e.g.:`);
      for (const e of c.examples) lines.push(`       ${e}`);
    }
  }
  lines.push(r.violations === 0 ? 'every invariant holds' : `${r.violations} violation(s) in all`);
  return lines.join('\n');
}
