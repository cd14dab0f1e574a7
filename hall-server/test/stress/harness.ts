// The hall's concurrency harness: a real PostgreSQL, kiosks as separate processes issuing as fast as
// they are answered, and the hall's 190 windows calling at once (each on its own connection), for a
// bounded time; then every invariant is recomputed from the database and from what the clients were told.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { startPostgres } from '../../../tests/support/postgres.ts';
import { PgHallStore } from '../../src/store.ts';
import { AREAS, SHANGHAI, freshDatabase, hallCounters } from '../support.ts';
import type { IssuerReport } from './issuer.ts';

export type StressOptions = {
  durationMs: number;
  /** Kiosk processes issuing tickets (≥ 8 for the hall). */
  kiosks: number;
  /** How many of the hall's 190 windows call (all by default). */
  counters?: number;
  /** Send NOTIFY hints after each change (the store's default) or not, to compare. */
  notify?: boolean;
  log?: (line: string) => void;
};

export type Percentiles = { count: number; p50: number; p99: number; max: number };

export type StressReport = {
  durationMs: number;
  kiosks: number;
  counters: number;
  issued: number;
  issuedPerSecond: number;
  issueLatencyMs: Percentiles;
  retries: number;
  racingDuplicates: number;
  calls: number;
  callsPerSecond: number;
  callNextLatencyMs: Percentiles;
  /** Every window calling at the same instant once, with a full queue, after the run. */
  burstCallNextLatencyMs: Percentiles;
  /**
   * pg_stat_activity sampled every 100 ms during the run: windows waiting for a lock, windows with a
   * statement in progress, kiosks waiting for a lock (kiosks of one area queue on its number row).
   */
  lockWaits: {
    samples: number;
    /** Waiting for a row lock (SKIP LOCKED should make this ~0). */
    windowsWaitingPerSample: number;
    /** Waiting for an area's decision lock (windows of one area decide one after another, by design). */
    windowsOnAreaLockPerSample: number;
    windowsBusyPerSample: number;
    kiosksWaitingPerSample: number;
  };
  /**
   * The longest run of priority calls in one area while a regular ticket of that area was visible and not
   * being called. The rule allows `PRIORITY_PER_REGULAR`; more is a violation.
   */
  longestPriorityRun: number;
  transfers: number;
  /** Transfers to one window (the ticket may then be called only there). */
  windowTransfers: number;
  pausesChecked: number;
  /** Every broken invariant, in words. Empty when the hall held. */
  violations: string[];
};

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ISSUER = fileURLToPath(new URL('./issuer.ts', import.meta.url));

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type CallRecord = { ticketId: number; counterId: string; start: number; end: number };

function startIssuer(settings: object): {
  child: ChildProcess;
  ready: Promise<void>;
  report: Promise<IssuerReport>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', ISSUER], {
    cwd: REPO_ROOT,
    env: { ...process.env, HALL_ISSUER: JSON.stringify(settings) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const report = new Promise<IssuerReport>((resolve, reject) => {
    let result: IssuerReport | null = null;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else if (line.startsWith('{')) result = JSON.parse(line) as IssuerReport;
    });
    // 'close', not 'exit': 'exit' can come before the last lines of the report were read from the
    // pipe (seen under heavy load as "exited 0 without a report").
    child.on('close', (code) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`kiosk process exited ${code} without a report`)),
    );
  });
  return { child, ready, report };
}

/** The call-order rule the harness runs with: one regular after every two priority calls. */
export const PRIORITY_PER_REGULAR = 2;

export async function runHallStress(options: StressOptions): Promise<StressReport> {
  const log = options.log ?? (() => {});
  const counterCount = options.counters ?? 190;
  const cluster = await startPostgres({ maxConnections: counterCount + options.kiosks * 2 + 20 });
  const children: ChildProcess[] = [];
  try {
    const db = await freshDatabase(cluster, 4);
    const setup = new PgHallStore(db.pool, { timeZone: SHANGHAI });
    const counters = hallCounters().slice(0, counterCount);
    await setup.configure({ areas: AREAS, counters });
    await db.close();

    log(`starting ${options.kiosks} kiosk processes`);
    const issuers = Array.from({ length: options.kiosks }, (_, i) =>
      startIssuer({
        connection: db.connection,
        kioskId: `kiosk-${i + 1}`,
        areaIds: AREAS.map((a) => a.id),
        durationMs: options.durationMs,
        timeZone: SHANGHAI,
        hints: options.notify !== false,
        seed: 1000 + i,
      }),
    );
    children.push(...issuers.map((i) => i.child));
    await Promise.all(issuers.map((i) => i.ready));

    const pool = new pg.Pool({ ...db.connection, max: counterCount, application_name: 'hall-window' });
    // An idle connection the server drops is an event, not a crash of the harness (nor of a hall server).
    const connectionErrors: string[] = [];
    pool.on('error', (err) => connectionErrors.push(err.message));
    const store = new PgHallStore(pool, {
      timeZone: SHANGHAI,
      hints: options.notify !== false,
      rules: {
        callOrder: { priorityPerRegular: PRIORITY_PER_REGULAR },
        estimate: { sample: 10, minSample: 3 },
      },
    });
    // Open every window's connection before the clock starts.
    await Promise.all(Array.from({ length: counterCount }, () => pool.query('SELECT 1')));

    log(`go: ${options.kiosks} kiosks, ${counterCount} windows, ${options.durationMs} ms`);
    const started = Date.now();
    const deadline = started + options.durationMs;
    for (const i of issuers) i.child.stdin!.end('go\n');

    // How often windows wait for a lock (they should not: SKIP LOCKED), sampled from pg_stat_activity.
    const sampler = new pg.Client({ ...db.connection, application_name: 'hall-sampler' });
    await sampler.connect();
    const lockSamples = {
      samples: 0,
      windowsWaiting: 0,
      windowsOnAreaLock: 0,
      windowsActive: 0,
      kiosksWaiting: 0,
    };
    const sampling = (async () => {
      while (Date.now() < deadline) {
        const { rows } = await sampler.query<{
          w_lock: number;
          w_area: number;
          w_active: number;
          k_lock: number;
        }>(
          `SELECT count(*) FILTER (WHERE application_name = 'hall-window' AND wait_event_type = 'Lock'
               AND wait_event <> 'advisory')::int AS w_lock,
             count(*) FILTER (WHERE application_name = 'hall-window' AND wait_event = 'advisory')::int AS w_area,
             count(*) FILTER (WHERE application_name = 'hall-window' AND state <> 'idle')::int AS w_active,
             count(*) FILTER (WHERE application_name LIKE 'kiosk-%' AND wait_event_type = 'Lock')::int AS k_lock
           FROM pg_stat_activity WHERE datname = current_database()`,
        );
        lockSamples.samples++;
        lockSamples.windowsWaiting += rows[0]!.w_lock;
        lockSamples.windowsOnAreaLock += rows[0]!.w_area;
        lockSamples.windowsActive += rows[0]!.w_active;
        lockSamples.kiosksWaiting += rows[0]!.k_lock;
        await sleep(100);
      }
    })();
    const calls: CallRecord[] = [];
    const callLatencies: number[] = [];
    const violations: string[] = [];
    let transfers = 0;
    let windowTransfers = 0;
    let pausesChecked = 0;
    const transferred = new Set<number>();
    const windowLoop = async (index: number) => {
      const counterId = counters[index]!.id;
      // Ten single-area windows pause (暂停服务) once, half-way, and must be given nobody meanwhile.
      let pauseAt = index >= 20 && index < 30 ? started + options.durationMs / 2 : Infinity;
      let i = 0;
      // A window due to pause does so even when a slow call under load took it past the deadline.
      while (Date.now() < deadline || pauseAt !== Infinity) {
        if (Date.now() >= pauseAt) {
          pauseAt = Infinity;
          await store.setPaused(counterId, true, Date.now());
          for (let k = 0; k < 3; k++) {
            const got = await store.callNext({ counterId, now: Date.now() });
            if (got) violations.push(`paused window ${counterId} was given ${got.number}`);
            await sleep(10);
          }
          await store.setPaused(counterId, false, Date.now());
          pausesChecked++;
        }
        const start = Date.now();
        const t0 = performance.now();
        const ticket = await store.callNext({ counterId, now: start });
        callLatencies.push(performance.now() - t0);
        if (!ticket) {
          await sleep(20 + ((index * 7 + i++) % 80));
          continue;
        }
        calls.push({ ticketId: ticket.id, counterId, start, end: Date.now() });
        const roll = (index * 31 + i++ * 17) % 100;
        if (roll < 2) {
          const to = AREAS[(AREAS.findIndex((a) => a.id === ticket.areaId) + 1) % AREAS.length]!.id;
          await store.transfer({ counterId, toAreaId: to, now: Date.now() });
          transferred.add(ticket.id);
          transfers++;
        } else if (roll < 3) {
          // To another window of the ticket's area: only that window may call it.
          const others = counters.filter((c) => c.id !== counterId && c.areaIds.includes(ticket.areaId));
          const to = others[(index + i) % others.length]!.id;
          await store.transfer({ counterId, toCounterId: to, now: Date.now() });
          transferred.add(ticket.id);
          windowTransfers++;
        } else if (roll < 6) {
          await store.finish({ counterId, outcome: 'noShow', now: Date.now() });
        }
        await sleep(5 + (roll % 35));
      }
    };
    await Promise.all(counters.map((_, i) => windowLoop(i)));
    await sampling;
    await sampler.end();
    const elapsed = Date.now() - started;
    const reports = await Promise.all(issuers.map((i) => i.report));
    log(`done after ${elapsed} ms; checking`);

    const acked = reports.flatMap((r) => r.acked);
    const issuedInRun = acked.length;

    const callsInRun = calls.length;
    // The burst: a full queue, and all windows press "call next" at the same instant.
    const burstIssued = await Promise.all(
      Array.from({ length: counterCount * 2 }, (_, i) =>
        store.issue({
          kioskId: 'kiosk-burst',
          idempotencyKey: `burst-${String(i).padStart(6, '0')}`,
          areaId: AREAS[i % AREAS.length]!.id,
          now: Date.now(),
        }),
      ),
    );
    for (const r of burstIssued)
      if (r.ok) acked.push([r.ticket.id, r.ticket.number, r.ticket.areaId, Date.now()]);
    const burstLatencies: number[] = [];
    const burst = await Promise.all(
      counters.map(async (c) => {
        const start = Date.now();
        const t0 = performance.now();
        const ticket = await store.callNext({ counterId: c.id, now: start });
        burstLatencies.push(performance.now() - t0);
        if (ticket) calls.push({ ticketId: ticket.id, counterId: c.id, start, end: Date.now() });
        return ticket?.id ?? null;
      }),
    );
    const burstGiven = burst.filter((id) => id !== null);
    if (burstGiven.length !== counters.length) {
      violations.push(`burst: ${counters.length - burstGiven.length} windows got nobody from a full queue`);
    }
    if (new Set(burstGiven).size !== burstGiven.length)
      violations.push('burst: one ticket given to two windows');
    const mismatches = reports.reduce((n, r) => n + r.mismatches, 0);
    if (mismatches > 0)
      violations.push(`${mismatches} retries or duplicates got another ticket than the original`);
    if (connectionErrors.length > 0) violations.push(`idle connections lost: ${connectionErrors.join('; ')}`);
    violations.push(...(await checkInvariants(pool, acked, calls, transferred)));
    const longestPriorityRun = await priorityRuns(pool, acked, calls, transferred);
    if (longestPriorityRun > PRIORITY_PER_REGULAR)
      violations.push(
        `${longestPriorityRun} priority calls in a row in one area while a regular waited (rule: ${PRIORITY_PER_REGULAR})`,
      );
    await pool.end();

    const issueLatencies = reports.flatMap((r) => r.latenciesMs);
    return {
      durationMs: elapsed,
      kiosks: options.kiosks,
      counters: counterCount,
      issued: issuedInRun,
      issuedPerSecond: Math.round((issuedInRun / elapsed) * 10_000) / 10,
      issueLatencyMs: percentiles(issueLatencies),
      retries: reports.reduce((n, r) => n + r.retries, 0),
      racingDuplicates: reports.reduce((n, r) => n + r.racingDuplicates, 0),
      calls: callsInRun,
      callsPerSecond: Math.round((callsInRun / elapsed) * 10_000) / 10,
      lockWaits: {
        samples: lockSamples.samples,
        windowsWaitingPerSample:
          Math.round((lockSamples.windowsWaiting / Math.max(1, lockSamples.samples)) * 100) / 100,
        windowsOnAreaLockPerSample:
          Math.round((lockSamples.windowsOnAreaLock / Math.max(1, lockSamples.samples)) * 100) / 100,
        windowsBusyPerSample:
          Math.round((lockSamples.windowsActive / Math.max(1, lockSamples.samples)) * 100) / 100,
        kiosksWaitingPerSample:
          Math.round((lockSamples.kiosksWaiting / Math.max(1, lockSamples.samples)) * 100) / 100,
      },
      callNextLatencyMs: percentiles(callLatencies),
      burstCallNextLatencyMs: percentiles(burstLatencies),
      longestPriorityRun,
      transfers,
      windowTransfers,
      pausesChecked,
      violations,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await cluster.stop();
  }
}

/**
 * Recomputes the hall's invariants from the database and from what kiosks and windows were told.
 * `unacknowledged`: tickets in the hall no kiosk was answered with that the caller accounts for (the
 * crash matrix: committed for a request whose answer was lost); any other such ticket is a violation.
 * Tickets that arrived late from offline kiosks have their own series (no place in the area's 1…n).
 */
export async function checkInvariants(
  pool: pg.Pool | pg.PoolClient,
  acked: [number, string, string, number][],
  calls: CallRecord[],
  transferred: Set<number>,
  unacknowledged: number[] = [],
): Promise<string[]> {
  const violations: string[] = [];
  // 1. Numbers gapless and unique per area per day, and the counter row agrees.
  const numbering = await pool.query<{
    area_id: string;
    business_date: string;
    n: number;
    distinct_seq: number;
    max_seq: number;
    min_seq: number;
    distinct_numbers: number;
    last_seq: number;
  }>(
    `SELECT t.area_id, t.business_date, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq,
       max(seq) AS max_seq, min(seq) AS min_seq, count(DISTINCT number)::int AS distinct_numbers, max(d.last_seq) AS last_seq
     FROM tickets t JOIN area_day_numbers d ON d.area_id = t.area_id AND d.business_date = t.business_date
     WHERE t.seq IS NOT NULL
     GROUP BY t.area_id, t.business_date`,
  );
  for (const r of numbering.rows) {
    if (
      r.n !== r.distinct_seq ||
      r.n !== r.distinct_numbers ||
      r.min_seq !== 1 ||
      r.max_seq !== r.n ||
      r.last_seq !== r.n
    ) {
      violations.push(
        `numbers of ${r.area_id} on ${r.business_date} not gapless/unique: ${JSON.stringify(r)}`,
      );
    }
  }
  // 2. Every acknowledged ticket is there with the number the kiosk printed, and nothing else is.
  const tickets = await pool.query<{
    id: number;
    number: string;
    area_id: string;
    business_date: string;
    priority: boolean;
    queued_at: Date;
  }>('SELECT id, number, area_id, business_date, priority, queued_at FROM tickets');
  const byId = new Map(tickets.rows.map((t) => [t.id, t]));
  const ackedIds = new Set<number>();
  for (const [id, number] of acked) {
    if (ackedIds.has(id)) violations.push(`ticket ${id} acknowledged twice as new`);
    ackedIds.add(id);
    if (byId.get(id)?.number !== number)
      violations.push(`acknowledged ticket ${id} ${number} is not in the database`);
  }
  for (const id of unacknowledged)
    if (ackedIds.has(id) || !byId.has(id))
      violations.push(`ticket ${id} is not an unacknowledged one of the hall`);
  if (byId.size !== ackedIds.size + new Set(unacknowledged).size)
    violations.push(
      `${byId.size} tickets stored, ${ackedIds.size} acknowledged` +
        (unacknowledged.length > 0 ? ` and ${unacknowledged.length} accounted for` : ''),
    );
  // Tickets that arrived late from offline kiosks: one number once per area and day.
  const offlineTwice = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets WHERE seq IS NULL
       GROUP BY area_id, business_date, number HAVING count(*) > 1) x`,
  );
  if (offlineTwice.rows[0]!.n > 0) violations.push(`${offlineTwice.rows[0]!.n} offline numbers twice`);
  // 3. No ticket called twice (a second call only after a transfer), one issued event per ticket.
  const doubles = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT event, lag(event) OVER (PARTITION BY ticket_id ORDER BY id) AS prev
       FROM ticket_events WHERE event IN ('called', 'transferred')) x WHERE event = 'called' AND prev = 'called'`,
  );
  if (doubles.rows[0]!.n > 0) violations.push(`${doubles.rows[0]!.n} tickets called twice`);
  // A ticket sent to one window is called next by that window and no other.
  const astray = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT event, counter_id, lag(event) OVER w AS prev, lag(to_counter_id) OVER w AS sent_to
       FROM ticket_events WHERE event IN ('called', 'transferred') WINDOW w AS (PARTITION BY ticket_id ORDER BY id)) x
     WHERE event = 'called' AND prev = 'transferred' AND sent_to IS NOT NULL AND counter_id <> sent_to`,
  );
  if (astray.rows[0]!.n > 0)
    violations.push(`${astray.rows[0]!.n} tickets sent to one window were called by another`);
  const issuedEvents = await pool.query<{ n: number; d: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS d FROM ticket_events WHERE event = 'issued'`,
  );
  if (issuedEvents.rows[0]!.n !== byId.size || issuedEvents.rows[0]!.d !== byId.size) {
    violations.push(`issued events ${JSON.stringify(issuedEvents.rows[0])} for ${byId.size} tickets`);
  }
  const seen = new Map<number, CallRecord>();
  for (const c of calls) {
    if (seen.has(c.ticketId) && !transferred.has(c.ticketId))
      violations.push(`ticket ${c.ticketId} given to two windows`);
    if (!seen.has(c.ticketId)) seen.set(c.ticketId, c);
  }
  // 4. Call order within an area and class: a window is never given a ticket while an older one of
  // the same area and class was visible (its issue acknowledged before the call began) and not being
  // called by another window (its own call began only after this call ended). Transferred tickets
  // change queues and are left out.
  const ackAt = new Map(acked.map(([id, , , at]) => [id, at]));
  const groups = new Map<string, { id: number; queuedAt: number }[]>();
  for (const t of tickets.rows) {
    if (transferred.has(t.id)) continue;
    const key = `${t.area_id}|${t.business_date}|${t.priority}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ id: t.id, queuedAt: t.queued_at.getTime() });
  }
  let orderViolations = 0;
  for (const [key, group] of groups) {
    group.sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id);
    for (let x = 0; x < group.length; x++) {
      const callX = seen.get(group[x]!.id);
      if (!callX) continue;
      for (let y = 0; y < x; y++) {
        const yId = group[y]!.id;
        const callY = seen.get(yId);
        const yVisible = (ackAt.get(yId) ?? Infinity) < callX.start;
        if (yVisible && (!callY || callY.start > callX.end)) {
          if (orderViolations++ < 5)
            violations.push(`${key}: ticket ${group[x]!.id} called before older ${yId}`);
        }
      }
    }
  }
  if (orderViolations > 5) violations.push(`… ${orderViolations} call-order violations in all`);
  return violations;
}

/**
 * The priority rule under concurrency, measured: calls in each area in the order they were logged; for
 * each run of consecutive priority calls, whether a regular ticket of the area was waiting all along
 * (acknowledged before the run's first call began, its own call begun only after the run's last ended).
 */
export async function priorityRuns(
  pool: pg.Pool | pg.PoolClient,
  acked: [number, string, string, number][],
  calls: CallRecord[],
  transferred: Set<number>,
): Promise<number> {
  // A ticket sent to one window (transfer to a window) is called by that window outside the area's
  // call order, whatever its class: such calls neither make nor break a run.
  const { rows } = await pool.query<{ ticket_id: number; area_id: string; priority: boolean }>(
    `SELECT e.ticket_id, e.area_id, e.priority FROM ticket_events e
     WHERE e.event = 'called'
       AND NOT EXISTS (SELECT 1 FROM ticket_events s WHERE s.ticket_id = e.ticket_id AND s.event = 'transferred'
                         AND s.to_counter_id IS NOT NULL AND s.id < e.id)
     ORDER BY e.id`,
  );
  const callOf = new Map<number, CallRecord>();
  for (const c of calls) if (!callOf.has(c.ticketId)) callOf.set(c.ticketId, c);
  const ackAt = new Map(acked.map(([id, , , at]) => [id, at]));
  const tickets = await pool.query<{ id: number; area_id: string; priority: boolean }>(
    'SELECT id, area_id, priority FROM tickets',
  );
  const regularsByArea = new Map<string, number[]>();
  for (const t of tickets.rows) {
    if (t.priority || transferred.has(t.id)) continue;
    if (!regularsByArea.has(t.area_id)) regularsByArea.set(t.area_id, []);
    regularsByArea.get(t.area_id)!.push(t.id);
  }
  const byArea = new Map<string, { ticketId: number; priority: boolean }[]>();
  // Every call of the area counts, as the store counts it (a ticket transferred later was still a call
  // here); transferred tickets are only left out of the regulars that could have been waiting.
  for (const r of rows) {
    if (!byArea.has(r.area_id)) byArea.set(r.area_id, []);
    byArea.get(r.area_id)!.push({ ticketId: r.ticket_id, priority: r.priority });
  }
  let longest = 0;
  for (const [area, list] of byArea) {
    let runStart = -1;
    for (let i = 0; i <= list.length; i++) {
      const isPriority = i < list.length && list[i]!.priority;
      if (isPriority && runStart === -1) runStart = i;
      if (!isPriority && runStart !== -1) {
        const first = callOf.get(list[runStart]!.ticketId);
        const last = callOf.get(list[i - 1]!.ticketId);
        const length = i - runStart;
        if (first && last && length > longest) {
          const starved = (regularsByArea.get(area) ?? []).some((id) => {
            const own = callOf.get(id);
            return (ackAt.get(id) ?? Infinity) < first.start && (!own || own.start > last.end);
          });
          if (starved) longest = length;
        }
        runStart = -1;
      }
    }
  }
  return longest;
}
