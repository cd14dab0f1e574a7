import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { hhmm, localMoment, type ScreenId } from '@hall-kiosk/shared';
import { startDaemon, type DaemonProcess } from './harness.ts';
import { startPtyEmulator, waitUntil, type PtyEmulator } from './pty-emulators.ts';

// The fault matrix's rig and observers: the daemon as `kiosk start`, each device an emulator in its
// own process on a socat pseudo-terminal (the native serialport binding on the daemon's side), the
// kiosk page in Chromium. Everything a row reports is read from the running system: the page's
// screen marker and visible text, the print journal and the device event log (read-only SQLite),
// the statistics (technician API), the device state (/api/health).

export const FAULTS = [
  'absent at start',
  'unplugged mid-operation',
  'plugged back',
  'garbage bytes',
  'slow replies',
  'no reply',
] as const;
export type Fault = (typeof FAULTS)[number];

export const MATRIX_DEVICES = ['ticketPrinter', 'idCardReader', 'scanner'] as const;
export type MatrixDevice = (typeof MATRIX_DEVICES)[number];

export const DEVICE_LABEL: Record<MatrixDevice, string> = {
  ticketPrinter: 'ticket printer',
  idCardReader: 'ID-card reader',
  scanner: 'QR scanner',
};

/**
 * A counter's change over one row: exactly this much; `some`: more than 0, timing decides how many;
 * `any`: not determined (it is shown as such in docs/faults.md, and the reason is given there).
 */
export type CounterChange = number | 'some' | 'any';

/** One row of the specification, written by hand. */
export type FaultRow = {
  device: MatrixDevice;
  fault: Fault;
  /** How the test makes the fault and what the citizen does (for the document). */
  how: string;
  /** The device's state once the row has settled (/api/health). */
  state: 'online' | 'offline' | 'noDevice' | 'userError' | 'hardwareError';
  /** The screen the citizen is left on (html[data-screen]). */
  screen: ScreenId;
  /** A line of text the citizen sees on it. */
  message: string;
  /** Print-journal rows the row adds: `kind: state` or `kind: failed (reason)`. */
  journal: string[];
  /** The device's statistics that change (every other counter must not); HoursPoweredCount aside. */
  statistics: Record<string, CounterChange>;
  /**
   * The device's states entered in the event log during the row, in order, repeats collapsed; a
   * printer's paper is added when it is low or out (`online, paper low`).
   */
  events: string[];
};

/** What a row observed. */
export type Observed = {
  state: string;
  /** The state's detail as /api/health reports it, with the run's temporary folder cut out. */
  detail: string;
  screen: string;
  /** Every visible line of text on the page. */
  lines: string[];
  journal: string[];
  statistics: Record<string, number>;
  events: string[];
};

/** The differences between a row of the specification and what was observed; empty when they agree. */
export function differences(row: FaultRow, seen: Observed): string[] {
  const out: string[] = [];
  if (seen.state !== row.state) out.push(`device state: expected ${row.state}, observed ${seen.state}`);
  if (seen.screen !== row.screen) out.push(`screen: expected ${row.screen}, observed ${seen.screen}`);
  if (!seen.lines.includes(row.message))
    out.push(`message: expected "${row.message}" on the page, observed ${JSON.stringify(seen.lines)}`);
  if (JSON.stringify(seen.journal) !== JSON.stringify(row.journal))
    out.push(`journal: expected ${JSON.stringify(row.journal)}, observed ${JSON.stringify(seen.journal)}`);
  for (const name of new Set([...Object.keys(row.statistics), ...Object.keys(seen.statistics)])) {
    const want = row.statistics[name] ?? 0;
    const got = seen.statistics[name] ?? 0;
    if (want === 'any') continue;
    if (want === 'some' ? got <= 0 : got !== want)
      out.push(`statistics ${name}: expected ${want === 'some' ? '> 0' : `+${want}`}, observed +${got}`);
  }
  if (JSON.stringify(seen.events) !== JSON.stringify(row.events))
    out.push(`event log: expected ${JSON.stringify(row.events)}, observed ${JSON.stringify(seen.events)}`);
  return out;
}

const KIOSK = fileURLToPath(new URL('../../device-daemon/bin/kiosk.js', import.meta.url));
const TECH_PIN = '135790';
let pinHash: string | undefined;
/** The technician PIN's hash, made as an installer would: `echo PIN | kiosk hash-pin`. */
function technicianPinHash(): string {
  if (pinHash) return pinHash;
  const r = spawnSync(process.execPath, [KIOSK, 'hash-pin'], { input: `${TECH_PIN}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kiosk hash-pin failed: ${r.stderr}`);
  pinHash = r.stdout.trim();
  return pinHash;
}

/** The booking codes the scanner rows show, one per row so that none is a reprint. */
export const BOOKING_CODES = [
  'QR-FAULT-1',
  'QR-FAULT-2',
  'QR-FAULT-3',
  'QR-FAULT-4',
  'QR-FAULT-5',
  'QR-FAULT-6',
];

/** Where the observers start from: what existed before the row. */
export type Cursor = { jobId: number; eventId: number; statistics: Record<string, number> };

const TRANSIENT: ReadonlySet<string> = new Set([
  'loadingAreas',
  'issuing',
  'identifyReading',
  'identifyGreeting',
  'checkInChecking',
]);

/** A kiosk with all three devices, one of them not there when the daemon starts. */
export class FaultKiosk {
  readonly emulators: Partial<Record<MatrixDevice, PtyEmulator>> = {};
  #token = '';

  private constructor(
    readonly dir: string,
    readonly paths: Record<MatrixDevice, string>,
    readonly daemon: DaemonProcess,
    private readonly readerBaud: number,
  ) {}

  /**
   * Starts the emulators of every device but `absent`, then the daemon. The reader runs at
   * `readerBaud` (a card read takes 1295 bytes on the wire: 1.35 s at 9600 baud).
   */
  static async start(dir: string, absent: MatrixDevice, readerBaud = 9600): Promise<FaultKiosk> {
    const paths = {
      ticketPrinter: join(dir, 'ttyPrinter'),
      idCardReader: join(dir, 'ttyIdCard'),
      scanner: join(dir, 'ttyScanner'),
    };
    const here = localMoment(Date.now(), 'Asia/Shanghai');
    writeFileSync(
      join(dir, 'bookings.json'),
      JSON.stringify({
        bookings: BOOKING_CODES.map((code, i) => ({
          id: `fault-${i + 1}`,
          code,
          areaId: 'socialSecurity',
          date: here.date,
          time: hhmm(here.minutes),
          idDigest: 'f'.repeat(64),
        })),
      }),
    );
    const emulators: Partial<Record<MatrixDevice, PtyEmulator>> = {};
    for (const device of MATRIX_DEVICES)
      if (device !== absent)
        emulators[device] = await startPtyEmulator(
          device,
          paths[device],
          device === 'idCardReader' ? { baud: readerBaud } : {},
        );
    const daemon = await startDaemon({
      dir,
      config: {
        devices: {
          // Status is asked at connection and before every job; no idle polling, so that no poll
          // lands in a row and every counter of the row is determined.
          ticketPrinter: { connection: { serial: paths.ticketPrinter }, statusPollMs: 600_000 },
          idCardReader: { connection: { serial: paths.idCardReader, baudRate: readerBaud } },
          scanner: { connection: { serial: paths.scanner } },
        },
        appointments: {
          source: { file: join(dir, 'bookings.json') },
          digestKey: 'fault-matrix-digest-key',
          window: { beforeMinutes: 720, afterMinutes: 720 },
        },
        // The printer rows take tickets while the printer is down: numbers on screen, not a pause.
        queue: { maxTicketsPerIdentity: 0, whenTicketPrinterDown: 'numberOnScreen' },
        maintenance: { pinHash: technicianPinHash() },
      },
    });
    const kiosk = new FaultKiosk(dir, paths, daemon, readerBaud);
    Object.assign(kiosk.emulators, emulators);
    const login = await fetch(`${daemon.url}api/tech/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: TECH_PIN }),
    });
    if (!login.ok) throw new Error(`technician login: ${login.status} ${await login.text()}`);
    kiosk.#token = ((await login.json()) as { token: string }).token;
    return kiosk;
  }

  emulator(device: MatrixDevice): PtyEmulator {
    const e = this.emulators[device];
    if (!e) throw new Error(`the ${device} emulator is not running`);
    return e;
  }

  /** Plugs in a device that was absent: its emulator process starts on the configured path. */
  async plugIn(device: MatrixDevice): Promise<void> {
    this.emulators[device] = await startPtyEmulator(
      device,
      this.paths[device],
      device === 'idCardReader' ? { baud: this.readerBaud } : {},
    );
  }

  async status(device: MatrixDevice): Promise<{ state: string; detail: string }> {
    const health = await this.daemon.health();
    const d = health.devices.find((x) => x.device === device);
    if (!d) throw new Error(`/api/health lists no ${device}`);
    return { state: d.state, detail: (d.detail ?? '').replaceAll(`${this.dir}/`, '') };
  }

  /** Waits until /api/health reports the device in `state`; throws with the last state seen. */
  async waitForState(device: MatrixDevice, state: string, timeoutMs = 15_000): Promise<void> {
    await waitUntil(
      `${device} to be ${state}`,
      async () => ((await this.status(device)).state === state ? true : undefined),
      { timeoutMs, everyMs: 50, last: () => this.status(device) },
    );
  }

  async tech<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.daemon.url}api/tech/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`technician API ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The device's statistics as the technician sees them (the daemon adds the running counts first). */
  async statistics(device: MatrixDevice): Promise<Record<string, number>> {
    const overview = await this.tech<{ statistics: Record<string, Record<string, number>> }>('overview');
    const { HoursPoweredCount: _hours, ...counters } = overview.statistics[device] ?? {};
    return counters;
  }

  #db<T>(read: (db: Database.Database) => T): T {
    const db = new Database(join(this.dir, 'data', 'kiosk.db'), { readonly: true, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  async cursor(device: MatrixDevice): Promise<Cursor> {
    return {
      ...this.#db((db) => ({
        jobId: (db.prepare(`SELECT coalesce(max(id), 0) AS n FROM print_jobs`).get() as { n: number }).n,
        eventId: (db.prepare(`SELECT coalesce(max(id), 0) AS n FROM device_events`).get() as { n: number }).n,
      })),
      statistics: await this.statistics(device),
    };
  }

  /** Everything the row's columns report, read from the running system since `from`. */
  async observe(page: Page, device: MatrixDevice, from: Cursor): Promise<Observed> {
    const { state, detail } = await this.status(device);
    const screen = await screenOf(page);
    const lines = await page.evaluate(() =>
      document.body.innerText
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    const { journal, states } = this.#db((db) => ({
      journal: (
        db
          .prepare(`SELECT kind, state, failure FROM print_jobs WHERE id > ? ORDER BY id`)
          .all(from.jobId) as { kind: string; state: string; failure: string | null }[]
      ).map((j) => `${j.kind}: ${j.state}${j.failure ? ` (${j.failure.split(':')[0]})` : ''}`),
      states: (
        db
          .prepare(`SELECT state, paper FROM device_events WHERE device = ? AND id > ? ORDER BY id`)
          .all(device, from.eventId) as { state: string; paper: string | null }[]
      ).map((e) => (e.paper === 'low' || e.paper === 'out' ? `${e.state}, paper ${e.paper}` : e.state)),
    }));
    const now = await this.statistics(device);
    const statistics: Record<string, number> = {};
    for (const [name, value] of Object.entries(now)) {
      const delta = value - (from.statistics[name] ?? 0);
      if (delta !== 0) statistics[name] = delta;
    }
    return {
      state,
      detail,
      screen,
      lines,
      journal,
      statistics,
      events: states.filter((s, i) => s !== states[i - 1]),
    };
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
    for (const e of Object.values(this.emulators)) await e.stop();
  }
}

export async function screenOf(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.dataset.screen ?? '');
}

/** Waits until the page has left `leaving` and every screen that passes by itself; returns the screen. */
export async function settledScreen(page: Page, leaving: ScreenId[], timeoutMs = 20_000): Promise<string> {
  return waitUntil(
    `the page to leave ${[...leaving, ...TRANSIENT].join('/')}`,
    async () => {
      const s = await screenOf(page);
      return s && !leaving.includes(s as ScreenId) && !TRANSIENT.has(s) ? s : undefined;
    },
    { timeoutMs, everyMs: 20, last: () => screenOf(page) },
  );
}

/** Waits until the page shows `screen`; throws naming the screen it is on. */
export async function onScreen(page: Page, screen: ScreenId, timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    `the ${screen} screen`,
    async () => ((await screenOf(page)) === screen ? true : undefined),
    { timeoutMs, everyMs: 10, last: () => screenOf(page) },
  );
}

// ── docs/faults.md ─────────────────────────────────────────────────────────────────────────────

export const FAULTS_DOC = fileURLToPath(new URL('../../docs/faults.md', import.meta.url));

const cell = (s: string) => s.replace(/\|/g, '\\|');
const counters = (c: Record<string, CounterChange>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v === 'some' ? '> 0' : v === 'any' ? 'any' : `+${v}`}`)
    .join(', ') || 'no change';

/** The table of docs/faults.md: the specification, with each row's device detail as observed. */
export function faultsTable(rows: readonly FaultRow[], observed: ReadonlyMap<string, Observed>): string {
  return [
    '| device | fault | how the test makes it | device state (detail observed) | screen | the citizen reads | print journal | statistics | event log |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const seen = observed.get(`${r.device}/${r.fault}`);
      const detail = seen?.detail ? ` (${seen.detail})` : '';
      return `| ${[
        DEVICE_LABEL[r.device],
        r.fault,
        r.how,
        `${r.state}${detail}`,
        `\`${r.screen}\``,
        r.message,
        r.journal.join('; ') || 'nothing',
        counters(r.statistics),
        r.events.join(' → ') || 'no change',
      ]
        .map(cell)
        .join(' | ')} |`;
    }),
  ].join('\n');
}

/** The table's cells, whatever the column padding (prettier aligns the columns). */
export const tableCells = (markdown: string) =>
  markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

/** The part of docs/faults.md between its markers, and a way to replace it. */
export function faultsDoc(): { table: string; write(table: string): void } {
  const doc = readFileSync(FAULTS_DOC, 'utf8');
  const begin = '<!-- faults:begin -->';
  const end = '<!-- faults:end -->';
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/faults.md has no ${begin} … ${end} section`);
  return {
    table: doc.slice(a + begin.length, b),
    write: (table) => writeFileSync(FAULTS_DOC, `${doc.slice(0, a)}${begin}\n\n${table}\n\n${doc.slice(b)}`),
  };
}
