// The hall's crash matrix: the through-the-server harness's hall (PostgreSQL, the hall server as a
// process, the 190 windows signed in with their pads, in counter-worker processes) with real kiosk
// daemons in hall mode (emulated printer and card reader) issuing through their WebSocket API as the
// kiosk page does (a `requestKey` per citizen, sent again unchanged until answered), while the matrix
// kills, one fault at a time at random moments: the hall server (SIGKILL, started again on the same
// port), a kiosk daemon (SIGKILL of one at random, started again on its data directory and
// credential) and PostgreSQL (stopped `fast` or `immediate`, started again). The windows send every
// action with an idempotency key until answered, sign in again after a restart, and the pads send
// every rating with its key until answered (counter-worker.ts `outages`). A counter page's live feed
// is opened again whenever it ends.
//
// At the end every kiosk's offline tickets reach the hall, and every invariant is recomputed from the
// database against what the clients were told (harness.ts checkInvariants, through-server.ts
// checkPeople), plus what only a crash can break: a ticket in the hall no kiosk acknowledged must be
// one the hall committed for a request whose answer was lost and that the citizen was then answered
// otherwise (offline, or refused) — counted as `unansweredAtTheHall`, never a second ticket for an
// answered request.
import { request } from 'node:https';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { DaemonProcess } from '../../../tests/support/harness.ts';
import { TestSocket, type Message } from '../../../tests/support/ws-client.ts';
import { AREAS } from '../support.ts';
import { checkInvariants, priorityRuns, type CallRecord } from './harness.ts';
import { UNANSWERED_ONLINE } from '../../src/store.ts';
import type { CounterWorkerReport, WorkerSettings } from './counter-worker.ts';
import { inBatches } from './https-json.ts';
import {
  checkPeople,
  enrolDaemon,
  startChild,
  startHallProcess,
  startHallUnderTest,
  stopHallUnderTest,
} from './through-server.ts';
import { freePort } from '../../../tests/support/postgres.ts';

export type CrashMatrixOptions = {
  /** SIGKILLs of the hall server (each followed by a start on the same port). */
  serverKills: number;
  /** SIGKILLs of one kiosk daemon at random (each followed by a start on its data directory). */
  kioskKills: number;
  /** Stops of PostgreSQL (`fast` and `immediate` in turn), each followed by a start. */
  pgStops: number;
  /** Real kiosk daemons (8 in the hall). */
  kiosks?: number;
  /** Windows calling, each with its staff account and pad (the hall's 190 by default). */
  counters?: number;
  counterProcesses?: number;
  poolSize?: number;
  /** Share of finished tickets a pad rates (default 0.4). */
  rateShare?: number;
  /** Random wait before each fault (ms, default 300–1500). */
  gapMs?: [number, number];
  /** The order of the faults (default: shuffled). */
  seed?: number;
  log?: (line: string) => void;
};

export type Spread = { count: number; median: number; p95: number; max: number };

export type CrashMatrixReport = {
  kiosks: number;
  counters: number;
  kills: { hallServer: number; kioskDaemon: number; postgresFast: number; postgresImmediate: number };
  tickets: {
    /** Tickets the kiosks were answered `issued` for (each printed). */
    acknowledged: number;
    /** Of them, issued from a kiosk's offline series while the hall could not be reached. */
    offline: number;
    refused: number;
    inHall: number;
    /**
     * Tickets the hall committed for a request whose answer never reached the kiosk (the hall server
     * killed or PostgreSQL stopped after the commit), which then answered the citizen otherwise (an
     * offline ticket, or a refusal): in the hall, nobody holds them; they end as no-shows.
     */
    hallAnswerLost: number;
  };
  calls: number;
  dones: number;
  noShows: number;
  transfers: number;
  ratings: number;
  ratingReplays: number;
  /** Kiosk answers other than success, by completion code (the page then sent the request again). */
  kioskFailures: Record<string, number>;
  /** Requests sent again after no answer: a citizen's ticket request at a kiosk, a window's, a pad's. */
  retried: { kioskRequests: number; windowAndPadRequests: number };
  windowsSignedInAgain: number;
  feedOpens: number;
  /** Kill → started again (hall server: listening; kiosk daemon: ready, devices online). */
  restartMs: { hallServer: Spread; kioskDaemon: Spread; postgres: Spread };
  /** PostgreSQL: started again → the hall's readiness true. */
  postgresToHallReadyMs: Spread;
  /** After the load stopped: until every offline ticket the kiosks acknowledged was in the hall. */
  offlineDrainMs: number;
  /** After each fault, started again → every kiosk answered, a window called, (hall) the feed open. */
  allAnsweringAgainMs: Spread;
  durationMs: number;
  loadAverage: { start: number[]; end: number[] };
  violations: string[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    median: Math.round(at(0.5)),
    p95: Math.round(at(0.95)),
    max: sorted.at(-1) ?? 0,
  };
}

/** xorshift32 (the fault order and the kiosk chosen). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

type Fault = 'hallServer' | 'kioskDaemon' | 'postgresFast' | 'postgresImmediate';

/** A citizen's request as the kiosk page sent it and what it was finally answered. */
type KioskAnswer = {
  requestKey: string;
  kioskId: string;
  areaId: string;
  at: number;
  result: 'issued' | 'refused';
  ticket?: { id: number; number: string; businessDate: string; offline: boolean };
};

export async function runCrashMatrix(o: CrashMatrixOptions): Promise<CrashMatrixReport> {
  const log = o.log ?? (() => {});
  const kioskCount = o.kiosks ?? 8;
  const counterCount = o.counters ?? 190;
  const workerCount = o.counterProcesses ?? 2;
  const random = rng(o.seed ?? 16);
  const port = await freePort();
  const t = await startHallUnderTest({
    counters: counterCount,
    poolSize: o.poolSize ?? 20,
    port,
    plain: true,
    log,
  });
  const violations: string[] = [];
  const workers: ReturnType<typeof startChild<CounterWorkerReport>>[] = [];
  const slots: { id: string; daemon: DaemonProcess | null; start: () => Promise<DaemonProcess> }[] = [];

  let stopping = false;
  const loops: Promise<void>[] = [];
  try {
    // The kiosks: enrolled once, each on its own data directory; the offline series synced often.
    // In the order of their ids (the fault order's kiosk choice depends on it); each kept as soon as
    // it runs, so that a failure of the set-up still stops it.
    await inBatches(
      Array.from({ length: kioskCount }, (_, i) => async () => {
        const enrolled = await enrolDaemon(t, `kiosk-${i + 1}`, {
          offlineSyncMs: 1000,
          // A restart on a loaded machine may take longer than a test's usual 20 s.
          startTimeoutMs: 90_000,
        });
        const slot = { ...enrolled, daemon: null as DaemonProcess | null };
        slot.daemon = await enrolled.start();
        slots.push(slot);
      }),
      2,
    );
    slots.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    log(`${kioskCount} kiosk daemons in hall mode`);
    for (let k = 0; k < workerCount; k++) {
      const settings: WorkerSettings = {
        url: t.url,
        ca: t.caCert,
        windows: t.plans.filter((_, i) => i % workerCount === k),
        servers: t.servers,
        durationMs: 0,
        seed: 5000 + k,
        rateShare: o.rateShare ?? 0.4,
        outages: true,
      };
      workers.push(
        startChild<CounterWorkerReport>('./counter-worker.ts', {
          HALL_COUNTER_WORKER: JSON.stringify(settings),
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));

    const answers: KioskAnswer[] = [];
    const retried = { kiosk: 0 };
    /** Completions other than success, by code (each followed by the same request again). */
    const failedAnswers = new Map<string, number>();
    /** Per kiosk and for the feed: when it was last answered. */
    const lastAnswer = new Map<string, number>();

    const kioskLoop = async (slot: (typeof slots)[number], index: number) => {
      for (let n = 1; !stopping; n++) {
        const requestKey = `crash-${slot.id}-${n}`;
        const areaId = AREAS[(index + n) % AREAS.length]!.id;
        // The page sends the same key until it is answered, whatever happens to the daemon meanwhile.
        for (let attempt = 0; ; attempt++) {
          if (attempt > 0) {
            retried.kiosk++;
            await sleep(200);
          }
          const daemon = slot.daemon;
          if (!daemon) continue;
          let answer: Message;
          try {
            answer = await issueOnce(daemon.url, areaId, requestKey, n);
          } catch {
            continue;
          }
          if (answer.header.type !== 'completion') {
            violations.push(`${slot.id} ${requestKey}: ${JSON.stringify(answer).slice(0, 300)}`);
            break;
          }
          // A failure (a time-out while the hall or PostgreSQL was down): the page sends it again.
          const code = answer.header['completionCode'] as string;
          if (code !== 'success') {
            failedAnswers.set(code, (failedAnswers.get(code) ?? 0) + 1);
            continue;
          }
          const p = answer.payload as {
            result: 'issued' | 'refused';
            reason?: string;
            ticket?: { id: number; number: string; businessDate: string; offline?: boolean };
            print?: { printed: boolean };
          };
          const at = Date.now();
          lastAnswer.set(slot.id, at);
          if (p.result === 'issued' && p.ticket) {
            if (p.print?.printed !== true)
              violations.push(`${slot.id} ${requestKey}: ticket ${p.ticket.number} not printed`);
            answers.push({
              requestKey,
              kioskId: slot.id,
              areaId,
              at,
              result: 'issued',
              ticket: {
                id: p.ticket.id,
                number: p.ticket.number,
                businessDate: p.ticket.businessDate,
                offline: p.ticket.offline === true,
              },
            });
          } else {
            answers.push({ requestKey, kioskId: slot.id, areaId, at, result: 'refused' });
            await sleep(300);
          }
          break;
        }
        // The next citizen (a busy hall's pace many times over; offline issuing is local and fast, and
        // each offline ticket is sent to the hall later, one at a time).
        await sleep(300 + Math.floor(random() * 600));
      }
    };

    // A counter page's live feed: opened again whenever it ends (signing in again when told to).
    let feedOpens = 0;
    const feedPlan = t.plans[0]!;
    const feedLoop = async () => {
      let token: string | null = null;
      while (!stopping) {
        if (token === null) {
          const r = await t.http
            .call('POST', '/api/staff/login', { body: feedPlan.staff, timeoutMs: 10_000 })
            .catch(() => null);
          if (r?.status !== 200) {
            await sleep(200);
            continue;
          }
          token = r.body.token as string;
        }
        const status = await openFeed(
          t.caCert,
          port,
          `/api/counter/${feedPlan.counterId}/events`,
          token,
          () => {
            feedOpens++;
            lastAnswer.set('feed', Date.now());
          },
          () => stopping,
        );
        if (status === 401) token = null;
        if (!stopping) await sleep(200);
      }
    };

    const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
    const started = Date.now();
    for (const w of workers) w.child.stdin!.write('go\n');
    slots.forEach((s, i) => loops.push(kioskLoop(s, i)));
    loops.push(feedLoop());

    // The harness's own reads never wait without end while PostgreSQL is down: at most 5 s for a
    // connection and 5 s for an answer.
    const pool = new pg.Pool({ ...t.connection, max: 2, connectionTimeoutMillis: 5000, query_timeout: 5000 });
    pool.on('error', () => undefined);
    /** The newest call's id, or null when the database did not answer. */
    const lastCallId = async (): Promise<number | null> => {
      const r = await pool
        .query<{ id: number | null }>(`SELECT max(id) AS id FROM ticket_events WHERE event = 'called'`)
        .catch(() => null);
      return r ? (r.rows[0]!.id ?? 0) : null;
    };
    /**
     * Every kiosk answered, a window called, and (after a hall restart) the feed open, since `since`.
     * Its limit, 150 s, is well inside the test's own time-out, so a recovery that never comes fails
     * with what it waited for instead of a bare time-out (the slowest seen under heavy load: 106 s).
     */
    const allAnswering = async (since: number, feed: boolean, what: string) => {
      const deadline = Date.now() + 150_000;
      let mark: number | null = null;
      let nextReport = Date.now() + 30_000;
      for (;;) {
        const late = [...slots.map((s) => s.id), ...(feed ? ['feed'] : [])].filter(
          (id) => (lastAnswer.get(id) ?? 0) < since,
        );
        const last = await lastCallId();
        if (mark === null) mark = last;
        const called = mark !== null && last !== null && last > mark;
        if (late.length === 0 && called) return;
        // A slow recovery says who it waits for, before any time-out does.
        if (Date.now() > nextReport) {
          nextReport += 30_000;
          log(
            `after ${what}, ${Math.round((Date.now() - since) / 1000)} s: waiting for ${late.join(', ') || 'nobody'}${called ? '' : ' and a call'}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(
            `after ${what}: not answering within 150 s: ${late.join(', ')}${called ? '' : ' (no call)'}`,
          );
        await sleep(50);
      }
    };

    const faults: Fault[] = [
      ...Array.from({ length: o.serverKills }, (): Fault => 'hallServer'),
      ...Array.from({ length: o.kioskKills }, (): Fault => 'kioskDaemon'),
      ...Array.from({ length: o.pgStops }, (_, i): Fault =>
        i % 2 === 0 ? 'postgresImmediate' : 'postgresFast',
      ),
    ];
    for (let i = faults.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    const kills = { hallServer: 0, kioskDaemon: 0, postgresFast: 0, postgresImmediate: 0 };
    const restart = { hallServer: [] as number[], kioskDaemon: [] as number[], postgres: [] as number[] };
    const pgToReady: number[] = [];
    const answering: number[] = [];
    await allAnswering(started, true, 'the start');
    const [gapMin, gapMax] = o.gapMs ?? [300, 1500];
    for (const [n, fault] of faults.entries()) {
      await sleep(gapMin + random() * (gapMax - gapMin));
      const killedAt = Date.now();
      let upAt: number;
      if (fault === 'hallServer') {
        const old = t.hall;
        const exited = new Promise((r) => old.once('exit', r));
        old.kill('SIGKILL');
        await exited;
        const next = startHallProcess(t.configFile, { restart: true });
        t.hall = next.child;
        await next.url;
        upAt = Date.now();
        restart.hallServer.push(upAt - killedAt);
      } else if (fault === 'kioskDaemon') {
        const slot = slots[Math.floor(random() * slots.length)]!;
        const daemon = slot.daemon!;
        slot.daemon = null;
        await daemon.kill9();
        slot.daemon = await slot.start();
        upAt = Date.now();
        restart.kioskDaemon.push(upAt - killedAt);
      } else {
        await t.cluster.halt(fault === 'postgresFast' ? 'fast' : 'immediate');
        // Down for a moment while everyone keeps working.
        await sleep(300 + random() * 1200);
        const resumeAt = Date.now();
        await t.cluster.resume();
        upAt = Date.now();
        restart.postgres.push(upAt - resumeAt);
        for (;;) {
          const r = await t.http.call('GET', '/api/health', { timeoutMs: 5000 }).catch(() => null);
          if (r?.status === 200) break;
          if (Date.now() - upAt > 60_000) throw new Error('the hall not ready 60 s after PostgreSQL started');
          await sleep(50);
        }
        pgToReady.push(Date.now() - upAt);
      }
      kills[fault]++;
      try {
        await allAnswering(upAt, fault === 'hallServer', `fault ${n + 1} (${fault})`);
      } catch (e) {
        // Not answering again is a failure: stop here and report what everyone saw.
        violations.push((e as Error).message);
        break;
      }
      answering.push(Date.now() - upAt);
      if ((n + 1) % 10 === 0) log(`${n + 1}/${faults.length} faults; ${answers.length} answers so far`);
    }

    // Stop: the kiosks finish their request, the windows and pads their round, then report.
    stopping = true;
    await Promise.all(loops);
    for (const w of workers) w.child.stdin!.end('stop\n');
    const workerReports = await Promise.all(workers.map((w) => w.report));
    const elapsed = Date.now() - started;
    const loadEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    log(`stopped after ${elapsed} ms; waiting for the kiosks' offline tickets to reach the hall`);

    // Every offline ticket reaches the hall (the kiosks send them once it answers).
    const offlineAcks = answers.filter((a) => a.ticket?.offline);
    const hallTicketOf = async () => {
      const { rows } = await pool.query<{
        id: number;
        number: string;
        area_id: string;
        business_date: string;
        offline: boolean;
      }>('SELECT id, number, area_id, business_date, offline_series IS NOT NULL AS offline FROM tickets');
      return new Map(rows.map((r) => [`${r.area_id}|${r.business_date}|${r.number}`, r]));
    };
    const stoppedAt = Date.now();
    const syncDeadline = stoppedAt + 600_000;
    let byNumber = await hallTicketOf();
    while (
      offlineAcks.some((a) => !byNumber.has(`${a.areaId}|${a.ticket!.businessDate}|${a.ticket!.number}`)) &&
      Date.now() < syncDeadline
    ) {
      await sleep(500);
      byNumber = await hallTicketOf();
    }
    const offlineDrainMs = Date.now() - stoppedAt;
    // What a kiosk still holds when its tickets did not all arrive (to say why).
    for (const slot of slots) {
      const missing = offlineAcks.filter(
        (a) =>
          a.kioskId === slot.id && !byNumber.has(`${a.areaId}|${a.ticket!.businessDate}|${a.ticket!.number}`),
      ).length;
      if (missing === 0 || !slot.daemon) continue;
      const kioskDb = new Database(join(slot.daemon.dir, 'data', 'kiosk.db'), { readonly: true });
      try {
        const states = kioskDb
          .prepare('SELECT state, count(*) AS n, min(failure) AS failure FROM offline_tickets GROUP BY state')
          .all();
        violations.push(
          `${slot.id}: ${missing} offline tickets not in the hall; on the kiosk ${JSON.stringify(states)}`,
        );
      } finally {
        kioskDb.close();
      }
    }
    // The kiosks are stopped before the checks: nothing arrives while they count.
    await Promise.all(
      slots.map(async (s) => {
        const d = s.daemon;
        s.daemon = null;
        await d?.stop();
      }),
    );
    byNumber = await hallTicketOf();

    // What the kiosks acknowledged, as hall tickets: an offline ticket by its number (the kiosk's own
    // id is local). The same request answered twice must be the same ticket.
    const byRequest = new Map<string, KioskAnswer>();
    for (const a of answers) {
      const first = byRequest.get(a.requestKey);
      if (first) violations.push(`request ${a.requestKey} answered twice`);
      byRequest.set(a.requestKey, a);
    }
    const acked: [number, string, string, number][] = [];
    for (const a of answers) {
      if (a.result !== 'issued') continue;
      const hall = byNumber.get(`${a.areaId}|${a.ticket!.businessDate}|${a.ticket!.number}`);
      if (!hall) {
        violations.push(`acknowledged ticket ${a.ticket!.number} (${a.requestKey}) is not in the hall`);
        continue;
      }
      if (!a.ticket!.offline && hall.id !== a.ticket!.id)
        violations.push(
          `ticket ${a.ticket!.number} acknowledged as id ${a.ticket!.id}, the hall has ${hall.id}`,
        );
      if (hall.offline !== a.ticket!.offline)
        violations.push(
          `ticket ${a.ticket!.number}: offline at the kiosk ${a.ticket!.offline}, at the hall ${hall.offline}`,
        );
      // An offline ticket is seen by the windows only once it reached the hall: not before the end.
      acked.push([hall.id, hall.number, a.areaId, a.ticket!.offline ? Number.MAX_SAFE_INTEGER : a.at]);
    }

    // Tickets in the hall that no kiosk acknowledged: each must be the hall's ticket for a request the
    // kiosk could not hear the answer of and answered otherwise (its key names the request).
    const ackedIds = new Set(acked.map(([id]) => id));
    const { rows: keys } = await pool.query<{ kiosk_id: string; key: string; ticket_id: number }>(
      'SELECT kiosk_id, key, ticket_id FROM idempotency_keys WHERE ticket_id IS NOT NULL',
    );
    const keyOf = new Map(keys.map((k) => [k.ticket_id, k]));
    // An unanswered online ticket called before the offline ticket printed for its request arrived has
    // no key of its own: that offline ticket took it and names it (store.ts, UNANSWERED_ONLINE).
    const { rows: named } = await pool.query<{ ticket_id: number; ghost: string }>(
      `SELECT ticket_id, substring(detail from $1) AS ghost FROM ticket_events
       WHERE event = 'issued' AND strpos(detail, $2) > 0`,
      [`${escapeRegExp(UNANSWERED_ONLINE)}(\\d+) `, UNANSWERED_ONLINE],
    );
    for (const n of named) {
      const k = keyOf.get(n.ticket_id);
      if (k && !keyOf.has(Number(n.ghost))) keyOf.set(Number(n.ghost), k);
    }
    const unanswered: number[] = [];
    for (const [, hall] of byNumber) {
      if (ackedIds.has(hall.id)) continue;
      const k = keyOf.get(hall.id);
      const requestKey = k ? requestKeyOf(k.key) : null;
      const answer = requestKey ? byRequest.get(requestKey) : undefined;
      if (!answer) {
        violations.push(
          `ticket ${hall.id} ${hall.number} in the hall: no kiosk asked for it (key ${k?.key ?? 'none'})`,
        );
        continue;
      }
      // A kiosk that restarted answers the page's repeated request with the ticket it already issued
      // for it (the hall's, by the key made from the request; its own offline one, from its data):
      // another ticket for an answered request is a second number for one citizen. Only the hall's
      // ticket whose answer never came, the kiosk answering offline or refusing, is nobody's.
      if (hall.offline || (answer.result === 'issued' && !answer.ticket!.offline))
        violations.push(
          `request ${requestKey} was answered ${answer.result} ${answer.ticket?.number ?? ''} and the hall also holds ${hall.number}`,
        );
      else unanswered.push(hall.id);
    }

    const calls: CallRecord[] = workerReports.flatMap((r) =>
      r.calls.map(([ticketId, counterId, , start, end]) => ({ ticketId, counterId, start, end })),
    );
    const transferred = new Set(workerReports.flatMap((r) => r.transferred));
    for (const r of workerReports) violations.push(...r.violations.slice(0, 20));
    violations.push(...(await checkInvariants(pool, acked, calls, transferred, unanswered)));
    const longestPriorityRun = await priorityRuns(pool, acked, calls, transferred);
    if (longestPriorityRun > 2)
      violations.push(`${longestPriorityRun} priority calls in a row while a regular waited`);
    violations.push(...(await checkPeople(pool, workerReports)));
    await pool.end();

    const sum = (f: (r: CounterWorkerReport) => number) => workerReports.reduce((n, r) => n + f(r), 0);
    return {
      kiosks: kioskCount,
      counters: counterCount,
      kills,
      tickets: {
        acknowledged: acked.length,
        offline: offlineAcks.length,
        refused: answers.filter((a) => a.result === 'refused').length,
        inHall: byNumber.size,
        hallAnswerLost: unanswered.length,
      },
      calls: calls.length,
      dones: sum((r) => r.dones.length),
      noShows: sum((r) => r.noShows),
      transfers: sum((r) => r.areaTransfers + r.windowTransfers),
      ratings: sum((r) => r.ratings.length),
      ratingReplays: sum((r) => r.ratingReplays),
      kioskFailures: Object.fromEntries(failedAnswers),
      retried: { kioskRequests: retried.kiosk, windowAndPadRequests: sum((r) => r.retried) },
      windowsSignedInAgain: sum((r) => r.signInsAgain),
      feedOpens,
      restartMs: {
        hallServer: spread(restart.hallServer),
        kioskDaemon: spread(restart.kioskDaemon),
        postgres: spread(restart.postgres),
      },
      postgresToHallReadyMs: spread(pgToReady),
      allAnsweringAgainMs: spread(answering),
      offlineDrainMs,
      durationMs: elapsed,
      loadAverage: { start: loadStart, end: loadEnd },
      violations,
    };
  } finally {
    stopping = true;
    await Promise.race([Promise.all(loops), sleep(30_000)]);
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(slots.map((s) => s.daemon?.stop().catch(() => undefined)));
    await stopHallUnderTest(t);
  }
}

/** The citizen's request key in the hall key a kiosk daemon sent for it (see hall-queue-store.ts). */
function requestKeyOf(hallKey: string): string | null {
  return /^page-([A-Za-z0-9_-]+)$/.exec(hallKey)?.[1] ?? null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One `Queue.IssueTicket` over a fresh connection; rejects when the daemon goes away first. */
async function issueOnce(
  url: string,
  areaId: string,
  requestKey: string,
  requestId: number,
): Promise<Message> {
  const ws = await TestSocket.open(url);
  try {
    const closed = new Promise<never>((_, reject) => ws.ws.once('close', () => reject(new Error('closed'))));
    closed.catch(() => undefined);
    ws.command('Queue.IssueTicket', requestId, { areaId, requestKey });
    return await Promise.race([
      // The completion, or an acknowledgement that refuses the command.
      ws.next(
        (m) =>
          m.header.requestId === requestId &&
          (m.header.type === 'completion' ||
            (m.header.type === 'acknowledge' && m.header['status'] !== null)),
        90_000,
      ),
      closed,
    ]);
  } finally {
    ws.close();
  }
}

/** Opens a live feed and resolves with its status once it ends (or when `stop` says so). */
function openFeed(
  ca: string,
  port: number,
  path: string,
  token: string,
  onOpen: () => void,
  stop: () => boolean,
): Promise<number> {
  return new Promise<number>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        ca,
        headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` },
      },
      (res) => {
        if (res.statusCode === 200) onOpen();
        res.resume();
        res.on('close', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    const timer = setInterval(() => {
      if (stop()) {
        clearInterval(timer);
        req.destroy();
      }
    }, 100);
    req.on('close', () => clearInterval(timer));
    req.end();
  });
}
