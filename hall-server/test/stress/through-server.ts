// The concurrency harness through the hall server: a real PostgreSQL; the hall server as its own
// process over HTTPS (hall-process.ts); kiosks as separate processes, each enrolled with a one-time code
// and issuing through the kiosk daemon's own hall-mode queue client (kiosk-client.ts); the hall's 190
// windows, each signed in with its own staff account, calling through the counter API, and a rating pad
// enrolled at every window rating a share of what was finished there (counter-worker.ts, in a few
// processes). After the run every invariant is recomputed from the database and held against what
// the clients were told: numbers gapless and unique, nothing acknowledged missing, no ticket called
// twice (except after a transfer), call order and the priority rule, and each call, each `done` and each
// rating carrying the staff member the clients know did it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startPostgres, type PgCluster } from '../../../tests/support/postgres.ts';
import {
  KIOSK_BIN,
  runKiosk,
  startEmulatedDaemon,
  type DaemonProcess,
} from '../../../tests/support/harness.ts';
import { issueTicket } from '../../../tests/support/ws-client.ts';
import { seedHallConfig, testCertificates } from '../hall-fixture.ts';
import { AREAS, freshDatabase, hallCounters, type TestDb } from '../support.ts';
import { checkInvariants, percentiles, priorityRuns, type CallRecord, type Percentiles } from './harness.ts';
import { HallHttps, inBatches } from './https-json.ts';
import type { KioskClientReport, KioskClientSettings } from './kiosk-client.ts';
import type { CounterWorkerReport, WindowPlan, WorkerSettings } from './counter-worker.ts';

export type ServerStressOptions = {
  durationMs: number;
  /** Kiosk processes on the daemon's hall-mode queue client (kiosk-client.ts). */
  kiosks: number;
  /**
   * Real kiosk daemons besides them (default 0): each enrolled with `kiosk enrol`, started in hall mode
   * with an emulated printer and card reader, and driven through its WebSocket API (`Queue.IssueTicket`),
   * so the whole kiosk path (screen command → daemon → hall → printed slip) is under the same load.
   */
  daemons?: number;
  /** Windows calling (the hall's 190 by default), each with its own staff account and pad. */
  counters?: number;
  /** Processes the windows and pads are spread over. */
  counterProcesses?: number;
  /** The hall server's PostgreSQL pool (`database.poolSize` of hall.json; the hall's default is 20). */
  poolSize?: number;
  /** Share of finished tickets a pad rates (default 0.4). */
  rateShare?: number;
  /** Share of tickets whose first answer a kiosk drops, so it sends the same key again (default 0.05). */
  lossRate?: number;
  /** Share of tickets a kiosk sends twice at once with one key (default 0.02). */
  raceRate?: number;
  /**
   * After the checks, break the database on purpose in a transaction that is rolled back (a rating
   * tied to another person, a `done` by another person, a gap in an area's numbers) and check again:
   * the report's `checksCaught` then shows that each check can fail.
   */
  proveChecks?: boolean;
  log?: (line: string) => void;
};

export type ServerStressReport = {
  durationMs: number;
  kiosks: number;
  daemons: number;
  /** Tickets issued and printed by the real daemons (included in `issued`). */
  daemonIssued: number;
  counters: number;
  counterProcesses: number;
  poolSize: number;
  /** os.loadavg() when the run started and when it ended (the machine is shared). */
  loadAverage: { start: number[]; end: number[] };
  /** CPU seconds the hall server process used during the run (user + system). */
  hallCpuSeconds: number;
  issued: number;
  issuedPerSecond: number;
  issueLatencyMs: Percentiles;
  /** A ticket through a real daemon: the screen's command until the slip is printed. */
  daemonIssueLatencyMs: Percentiles;
  lostReplies: number;
  racingDuplicates: number;
  calls: number;
  callsPerSecond: number;
  callNextLatencyMs: Percentiles;
  dones: number;
  noShows: number;
  transfers: number;
  windowTransfers: number;
  ratings: number;
  ratingReplays: number;
  pausesChecked: number;
  handovers: number;
  /** Ratings of the first person's last ticket, sent by the pad after another person took over. */
  ratedAfterHandover: number;
  /** Staff and pad requests sent again because the server had just closed their idle connection. */
  resentOnClosedConnection: number;
  longestPriorityRun: number;
  violations: string[];
  /** With `proveChecks`: what the checks said of the database broken on purpose. */
  checksCaught: string[];
};

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const ADMIN_PIN = '900190';
/** Windows that pause once half-way (single-area windows) and windows handed over half-way. */
const PAUSING = (i: number) => i >= 20 && i < 30;
const HANDED_OVER = (i: number) => i >= 30 && i < 40;

export type Child<R> = { child: ChildProcess; ready: Promise<void>; report: Promise<R> };

/** A harness process speaking the line protocol: `ready`, then (after a line from us) one JSON line. */
export function startChild<R>(file: string, env: Record<string, string>): Child<R> {
  const child = spawn(process.execPath, ['--import', 'tsx', here(file)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let onReady: () => void;
  let onFailed: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFailed = reject;
  });
  const report = new Promise<R>((resolve, reject) => {
    let result: R | null = null;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else if (line.startsWith('{')) result = JSON.parse(line) as R;
    });
    // 'close' (not 'exit'): every line has been read by then.
    child.on('close', (code) => {
      const e = new Error(`${file} exited ${code} without a report`);
      onFailed(e);
      if (result && code === 0) resolve(result);
      else reject(e);
    });
  });
  report.catch(() => undefined);
  return { child, ready, report };
}

/**
 * The hall server as its own process; resolves with its URL. The first start (hall-process.ts) makes
 * the admin (9001) and hashes new PINs cheaply; a restart on the same database (`restart: true`) is
 * `kiosk hall start --config`, as a hall runs it.
 */
export function startHallProcess(
  configFile: string,
  o: { restart?: boolean } = {},
): { child: ChildProcess; url: Promise<string> } {
  const args = o.restart
    ? [KIOSK_BIN, 'hall', 'start', '--config', configFile]
    : ['--import', 'tsx', here('./hall-process.ts'), configFile];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(o.restart ? {} : { HALL_ADMIN_PIN: ADMIN_PIN }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve((JSON.parse(line.slice(6)) as { url: string }).url);
      else if (line.startsWith('hall server: ')) resolve(line.slice('hall server: '.length).trim());
      else process.stderr.write(`hall: ${line}\n`);
    });
    child.on('close', (code) => reject(new Error(`the hall server exited ${code}`)));
  });
  url.catch(() => undefined);
  return { child, url };
}

/** User + system CPU seconds of a process so far (Linux /proc). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

/** A hall under test: PostgreSQL, the hall server's process, its staff and pads. */
export type HallUnderTest = {
  cluster: PgCluster;
  dir: string;
  /** The database (for the checks at the end). */
  connection: TestDb['connection'];
  caCert: string;
  configFile: string;
  seed: ReturnType<typeof seedHallConfig>;
  /** The hall server's process (a harness that restarts it puts the new one here). */
  hall: ChildProcess;
  url: string;
  http: HallHttps;
  /** The admin's session token (sessions do not survive a restart of the hall server). */
  admin: string;
  counters: ReturnType<typeof hallCounters>;
  /** Each window's plan (staff account, pad), with a hand-over and a pause on some unless `plain`. */
  plans: WindowPlan[];
  /** Every area and the windows that serve it. */
  servers: Record<string, string[]>;
};

/**
 * Starts PostgreSQL and the hall server (a process), and makes the hall's people and devices as the
 * admin page makes them: a staff account per window (and one per hand-over), a pad per window. With
 * `port` the hall listens there (a restart finds it again); `plain` plans no hand-overs or pauses.
 */
export async function startHallUnderTest(o: {
  counters: number;
  poolSize: number;
  port?: number;
  plain?: boolean;
  /** Other `host:port`s the hall answers on (the fault proxies' in front of it). */
  allowedHosts?: string[];
  /** PostgreSQL's connection limit (default: the hall's pool + 40). */
  maxConnections?: number;
  log: (line: string) => void;
}): Promise<HallUnderTest> {
  const cluster = await startPostgres({ maxConnections: o.maxConnections ?? o.poolSize + 40 });
  const dir = mkdtempSync(join(tmpdir(), 'hall-stress-'));
  let hall: ChildProcess | null = null;
  let http: HallHttps | null = null;
  try {
    const db = await freshDatabase(cluster, 2);
    await db.close();
    const certs = testCertificates();
    writeFileSync(join(dir, 'server.pem'), certs.cert);
    writeFileSync(join(dir, 'server.key'), certs.key);
    writeFileSync(join(dir, 'ca.pem'), certs.caCert);
    const seed = seedHallConfig(db, dir);
    if (o.port !== undefined) seed.server.port = o.port;
    if (o.allowedHosts) seed.server.allowedHosts = o.allowedHosts;
    const configFile = join(dir, 'hall.json');
    writeFileSync(
      configFile,
      JSON.stringify({ ...seed, database: { url: seed.database!.url, poolSize: o.poolSize } }, null, 2),
    );
    const hallProcess = startHallProcess(configFile);
    hall = hallProcess.child;
    const url = await hallProcess.url;
    o.log(`hall server at ${url} (pid ${hall.pid}, pool ${o.poolSize})`);
    http = new HallHttps(url, certs.caCert);
    const h = http;
    const admin = (await h.ok('POST', '/api/staff/login', { body: { number: '9001', pin: ADMIN_PIN } }))
      .token as string;

    const counters = hallCounters().slice(0, o.counters);
    const pinOf = (number: string) => `${number}0000`.slice(0, 8);
    const handedOver = (i: number) => !o.plain && HANDED_OVER(i);
    const accounts = [
      ...counters.map((_, i) => `C${String(i + 1).padStart(3, '0')}`),
      ...counters.flatMap((_, i) => (handedOver(i) ? [`H${String(i + 1).padStart(3, '0')}`] : [])),
    ];
    await inBatches(
      accounts.map(
        (number) => () =>
          h.ok('POST', '/api/admin/staff', {
            token: admin,
            body: { number, name: `职员${number}`, role: 'counter', pin: pinOf(number) },
            expect: [201],
          }),
      ),
      24,
    );
    const padTokens = await inBatches(
      counters.map((c) => async () => {
        const { code } = await h.ok('POST', '/api/admin/devices', {
          token: admin,
          body: { id: `pad-${c.id}`, kind: 'pad', counterId: c.id, location: `${c.name}评价器` },
          expect: [201],
        });
        return (await h.ok('POST', '/api/enrol', { body: { code } })).token as string;
      }),
      24,
    );
    o.log(`${accounts.length} staff accounts, ${counters.length} pads enrolled`);
    const servers: Record<string, string[]> = {};
    for (const a of AREAS) servers[a.id] = counters.filter((c) => c.areaIds.includes(a.id)).map((c) => c.id);
    const plans: WindowPlan[] = counters.map((c, i) => {
      const number = `C${String(i + 1).padStart(3, '0')}`;
      const handover = `H${String(i + 1).padStart(3, '0')}`;
      return {
        counterId: c.id,
        staff: { number, pin: pinOf(number) },
        ...(handedOver(i) ? { handover: { number: handover, pin: pinOf(handover) } } : {}),
        ...(!o.plain && PAUSING(i) ? { pause: true } : {}),
        padToken: padTokens[i]!,
      };
    });
    return {
      cluster,
      dir,
      connection: db.connection,
      caCert: certs.caCert,
      configFile,
      seed,
      hall,
      url,
      http,
      admin,
      counters,
      plans,
      servers,
    };
  } catch (e) {
    http?.close();
    if (hall && hall.exitCode === null) hall.kill('SIGKILL');
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Stops the hall server (it closes its pool and listener: hall-process.ts when its standard input
 * ends, `kiosk hall start` on SIGTERM), PostgreSQL, and removes the files.
 */
export async function stopHallUnderTest(t: HallUnderTest): Promise<void> {
  t.http.close();
  const hall = t.hall;
  if (hall.exitCode === null && hall.signalCode === null) {
    const exited = new Promise<void>((resolve) => hall.once('close', () => resolve()));
    hall.stdin!.end();
    if (hall.spawnargs.includes('start')) hall.kill('SIGTERM');
    const timer = setTimeout(() => hall.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await t.cluster.stop();
  rmSync(t.dir, { recursive: true, force: true });
}

/**
 * A kiosk daemon for the hall: registered by the admin, enrolled with `kiosk enrol` (its credential
 * file in the hall's directory), and a way to start it in hall mode with an emulated printer and card
 * reader — again on the same data directory and credential after a crash.
 */
export async function enrolDaemon(
  t: HallUnderTest,
  id: string,
  hallLink: { timeoutMs?: number; attempts?: number; offlineSyncMs?: number; startTimeoutMs?: number } = {},
): Promise<{ id: string; start: () => Promise<DaemonProcess> }> {
  const r = await t.http.ok('POST', '/api/admin/devices', {
    token: t.admin,
    body: { id, kind: 'kiosk', location: `${id} 取号机` },
    expect: [201],
  });
  const credentialFile = join(t.dir, `${id}.json`);
  const enrolled = await runKiosk([
    'enrol',
    t.url,
    r.code as string,
    '--fingerprint',
    r.caFingerprint as string,
    '--out',
    credentialFile,
  ]);
  if (enrolled.code !== 0) throw new Error(`kiosk enrol ${id}: ${enrolled.stderr}`);
  const config = {
    queue: { mode: 'hall' },
    hall: {
      name: t.seed.hall.name,
      server: {
        url: t.url,
        credentialFile,
        timeoutMs: hallLink.timeoutMs ?? 30_000,
        attempts: hallLink.attempts ?? 3,
        ...(hallLink.offlineSyncMs !== undefined ? { offlineSyncMs: hallLink.offlineSyncMs } : {}),
      },
    },
    areas: AREAS,
  };
  const dir = join(t.dir, id);
  mkdirSync(dir);
  const startTimeoutMs = hallLink.startTimeoutMs;
  return {
    id,
    start: () =>
      startEmulatedDaemon(`hall-stress-${id}`, {
        config,
        dir,
        ...(startTimeoutMs !== undefined ? { startTimeoutMs } : {}),
      }),
  };
}

export async function runHallStressThroughServer(options: ServerStressOptions): Promise<ServerStressReport> {
  const log = options.log ?? (() => {});
  const counterCount = options.counters ?? 190;
  const workerCount = options.counterProcesses ?? 2;
  const poolSize = options.poolSize ?? 20;
  const t = await startHallUnderTest({ counters: counterCount, poolSize, log });
  const { http: h, admin, url, dir, plans, servers } = t;
  const children: ChildProcess[] = [];
  const realDaemons: DaemonProcess[] = [];
  try {
    const kiosks = await inBatches(
      Array.from({ length: options.kiosks }, (_, i) => async () => {
        const r = await h.ok('POST', '/api/admin/devices', {
          token: admin,
          body: { id: `kiosk-${i + 1}`, kind: 'kiosk', location: `${i + 1}号取号机` },
          expect: [201],
        });
        const settings: KioskClientSettings = {
          url,
          code: r.code as string,
          fingerprint: r.caFingerprint as string,
          credentialFile: join(dir, `kiosk-${i + 1}.json`),
          areas: AREAS,
          durationMs: options.durationMs,
          seed: 2000 + i,
          lossRate: options.lossRate ?? 0.05,
          raceRate: options.raceRate ?? 0.02,
        };
        return startChild<KioskClientReport>('./kiosk-client.ts', {
          HALL_KIOSK_CLIENT: JSON.stringify(settings),
        });
      }),
      24,
    );
    children.push(...kiosks.map((k) => k.child));

    const daemons = await inBatches(
      Array.from({ length: options.daemons ?? 0 }, (_, i) => async () => {
        const enrolled = await enrolDaemon(t, `kiosk-d${i + 1}`);
        const daemon = await enrolled.start();
        realDaemons.push(daemon);
        return daemon;
      }),
      4,
    );

    const workers = Array.from({ length: workerCount }, (_, k) => {
      const settings: WorkerSettings = {
        url,
        ca: t.caCert,
        windows: plans.filter((_, i) => i % workerCount === k),
        servers,
        durationMs: options.durationMs,
        seed: 3000 + k,
        rateShare: options.rateShare ?? 0.4,
      };
      return startChild<CounterWorkerReport>('./counter-worker.ts', {
        HALL_COUNTER_WORKER: JSON.stringify(settings),
      });
    });
    children.push(...workers.map((w) => w.child));
    await Promise.all([...kiosks, ...workers].map((c) => c.ready));

    const loadStart = loadavg().map((x) => round(x, 2));
    const cpuStart = cpuSeconds(t.hall.pid);
    log(`go: ${options.kiosks} kiosks, ${counterCount} windows, ${options.durationMs} ms`);
    const started = Date.now();
    for (const c of [...kiosks, ...workers]) c.child.stdin!.end('go\n');
    const daemonRuns = daemons.map((d) => driveDaemon(d, started + options.durationMs));
    const kioskReports = await Promise.all(kiosks.map((k) => k.report));
    const daemonReports = await Promise.all(daemonRuns);
    const workerReports = await Promise.all(workers.map((w) => w.report));
    const elapsed = Date.now() - started;
    const hallCpuSeconds = round(cpuSeconds(t.hall.pid) - cpuStart);
    const loadEnd = loadavg().map((x) => round(x, 2));
    log(`done after ${elapsed} ms; checking`);

    const violations: string[] = [];
    for (const r of kioskReports) {
      // The run's hall has no caps and no per-person limit: a refusal is unexplained.
      if (r.refused > 0) violations.push(`${r.kioskId}: ${r.refused} tickets refused`);
      violations.push(...r.mismatches.slice(0, 5).map((m) => `${r.kioskId}: ${m}`));
      violations.push(...r.failures.slice(0, 5).map((m) => `${r.kioskId} failed: ${m}`));
    }
    for (const r of workerReports) violations.push(...r.violations.slice(0, 20));
    for (const r of daemonReports) violations.push(...r.failures.slice(0, 5));
    const daemonAcked = daemonReports.flatMap((r) => r.acked);
    const acked = [...kioskReports.flatMap((r) => r.acked), ...daemonAcked];
    const callRows = workerReports.flatMap((r) => r.calls);
    const calls: CallRecord[] = callRows.map(([ticketId, counterId, , start, end]) => ({
      ticketId,
      counterId,
      start,
      end,
    }));
    const transferred = new Set(workerReports.flatMap((r) => r.transferred));
    const pool = new pg.Pool({ ...t.connection, max: 2 });
    try {
      violations.push(...(await checkInvariants(pool, acked, calls, transferred)));
      const longestPriorityRun = await priorityRuns(pool, acked, calls, transferred);
      if (longestPriorityRun > 2)
        violations.push(`${longestPriorityRun} priority calls in a row in one area while a regular waited`);
      violations.push(...(await checkPeople(pool, workerReports)));

      const checksCaught = options.proveChecks
        ? await proveChecks(pool, async (client) => [
            ...(await checkInvariants(client, acked, calls, transferred)),
            ...(await checkPeople(client, workerReports)),
          ])
        : [];
      const callLatencies = workerReports.flatMap((r) => r.callNextLatencyMs);
      const sum = (f: (r: CounterWorkerReport) => number) => workerReports.reduce((n, r) => n + f(r), 0);
      return {
        durationMs: elapsed,
        kiosks: options.kiosks,
        counters: counterCount,
        counterProcesses: workerCount,
        poolSize,
        loadAverage: { start: loadStart, end: loadEnd },
        hallCpuSeconds,
        issued: acked.length,
        issuedPerSecond: round((acked.length / elapsed) * 1000),
        issueLatencyMs: percentiles(kioskReports.flatMap((r) => r.latenciesMs)),
        daemons: daemons.length,
        daemonIssued: daemonAcked.length,
        daemonIssueLatencyMs: percentiles(daemonReports.flatMap((r) => r.latenciesMs)),
        lostReplies: kioskReports.reduce((n, r) => n + r.lostReplies, 0),
        racingDuplicates: kioskReports.reduce((n, r) => n + r.racingDuplicates, 0),
        calls: calls.length,
        callsPerSecond: round((calls.length / elapsed) * 1000),
        callNextLatencyMs: percentiles(callLatencies),
        dones: sum((r) => r.dones.length),
        noShows: sum((r) => r.noShows),
        transfers: sum((r) => r.areaTransfers),
        windowTransfers: sum((r) => r.windowTransfers),
        ratings: sum((r) => r.ratings.length),
        ratingReplays: sum((r) => r.ratingReplays),
        pausesChecked: sum((r) => r.pausesChecked),
        handovers: sum((r) => r.handovers),
        ratedAfterHandover: sum((r) => r.ratedAfterHandover),
        resentOnClosedConnection: sum((r) => r.resentOnClosedConnection),
        longestPriorityRun,
        violations,
        checksCaught,
      };
    } finally {
      await pool.end();
    }
  } finally {
    await Promise.all(realDaemons.map((d) => d.stop().catch(() => undefined)));
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await stopHallUnderTest(t);
  }
}

/**
 * One real kiosk daemon, driven as its screen drives it: `Queue.IssueTicket` over its WebSocket, one
 * citizen after another, until the deadline; every ticket must come back issued and printed.
 */
async function driveDaemon(
  daemon: DaemonProcess,
  deadline: number,
): Promise<{ acked: [number, string, string, number][]; latenciesMs: number[]; failures: string[] }> {
  const acked: [number, string, string, number][] = [];
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let n = 0;
  while (Date.now() < deadline && failures.length < 5) {
    const area = AREAS[n % AREAS.length]!;
    const t0 = performance.now();
    try {
      const answer = await issueTicket(daemon.url, area.id, ++n);
      const p = answer.payload as {
        result?: string;
        ticket?: { id: number; number: string };
        print?: { printed: boolean };
      };
      if (p.result !== 'issued' || !p.ticket || p.print?.printed !== true) {
        failures.push(`daemon ${daemon.url}: ${JSON.stringify(answer.payload).slice(0, 200)}`);
        continue;
      }
      latenciesMs.push(performance.now() - t0);
      acked.push([p.ticket.id, p.ticket.number, area.id, Date.now()]);
    } catch (e) {
      failures.push(`daemon ${daemon.url}: ${(e as Error).message}`);
    }
  }
  return { acked, latenciesMs, failures };
}

/** The checks run again on a database broken on purpose (rolled back after): what they said. */
async function proveChecks(
  pool: pg.Pool,
  check: (client: pg.PoolClient) => Promise<string[]>,
): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // A rating tied to another person than the one who finished the ticket.
    await client.query(
      `UPDATE ratings SET staff_id = (SELECT min(id) FROM staff WHERE id <> ratings.staff_id)
       WHERE id = (SELECT min(id) FROM ratings WHERE source = 'pad')`,
    );
    // A ticket finished by another person than the one signed in at the window.
    await client.query(
      `UPDATE ticket_events SET staff_id = (SELECT min(id) FROM staff WHERE id <> ticket_events.staff_id)
       WHERE id = (SELECT max(id) FROM ticket_events WHERE event = 'done')`,
    );
    // A number skipped in one area.
    await client.query(
      `UPDATE area_day_numbers SET last_seq = last_seq + 1
       WHERE (area_id, business_date) = (SELECT area_id, business_date FROM area_day_numbers LIMIT 1)`,
    );
    return await check(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/**
 * Who did what, from the clients against the database: every call and every `done` the windows were
 * answered is one event with that window and the staff member signed in there (and the database has
 * no others), and every rating a pad was answered is stored, once, for that ticket, window and level,
 * with the staff member who finished the ticket — as the window that finished it knew it, not only as
 * the database says.
 */
export async function checkPeople(
  pool: pg.Pool | pg.PoolClient,
  reports: CounterWorkerReport[],
): Promise<string[]> {
  const violations: string[] = [];
  const byKey = async (event: string) => {
    const { rows } = await pool.query<{ ticket_id: number; counter_id: string; staff_id: number | null }>(
      'SELECT ticket_id, counter_id, staff_id FROM ticket_events WHERE event = $1',
      [event],
    );
    const map = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.ticket_id}|${r.counter_id}|${r.staff_id}`;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return { map, count: rows.length };
  };
  const compare = async (event: string, rows: [number, string, number][]) => {
    const db = await byKey(event);
    let wrong = 0;
    for (const [ticketId, counterId, staffId] of rows) {
      const key = `${ticketId}|${counterId}|${staffId}`;
      const n = db.map.get(key) ?? 0;
      if (n === 0) {
        if (wrong++ < 5)
          violations.push(
            `${event} of ticket ${ticketId} at ${counterId} by staff ${staffId} is not in the database as such`,
          );
      } else db.map.set(key, n - 1);
    }
    if (db.count !== rows.length)
      violations.push(`${db.count} ${event} events in the database, ${rows.length} answered to the windows`);
    if (wrong > 5) violations.push(`… ${wrong} ${event} events in all not as the windows were told`);
  };
  await compare(
    'called',
    reports.flatMap((r) => r.calls.map(([t, c, s]): [number, string, number] => [t, c, s])),
  );
  await compare(
    'done',
    reports.flatMap((r) => r.dones),
  );

  const { rows } = await pool.query<{
    id: number;
    ticket_id: number;
    counter_id: string;
    staff_id: number | null;
    level: number;
  }>(`SELECT id, ticket_id, counter_id, staff_id, level FROM ratings WHERE source = 'pad'`);
  const stored = new Map(rows.map((r) => [r.id, r]));
  const finishedBy = new Map<number, number>();
  for (const r of reports) for (const [ticketId, , staffId] of r.dones) finishedBy.set(ticketId, staffId);
  const acked = reports.flatMap((r) => r.ratings);
  let wrongStaff = 0;
  for (const [ratingId, ticketId, counterId, level, staffId] of acked) {
    const row = stored.get(ratingId);
    if (!row) {
      violations.push(`rating ${ratingId} of ticket ${ticketId} was acknowledged and is missing`);
      continue;
    }
    if (row.ticket_id !== ticketId || row.counter_id !== counterId || row.level !== level)
      violations.push(
        `rating ${ratingId} stored as ${JSON.stringify(row)}, sent for ${ticketId} at ${counterId} level ${level}`,
      );
    if (row.staff_id !== staffId || finishedBy.get(ticketId) !== staffId) {
      if (wrongStaff++ < 5)
        violations.push(
          `rating ${ratingId} of ticket ${ticketId} is tied to staff ${row.staff_id}; the window finished it as staff ${finishedBy.get(ticketId)}, the pad's client expected ${staffId}`,
        );
    }
  }
  if (wrongStaff > 5) violations.push(`… ${wrongStaff} ratings tied to the wrong person in all`);
  if (stored.size !== acked.length)
    violations.push(`${stored.size} pad ratings stored, ${acked.length} acknowledged`);
  if (new Set(rows.map((r) => r.ticket_id)).size !== rows.length) violations.push('a ticket was rated twice');
  return violations;
}
