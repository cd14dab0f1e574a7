// Windows and their rating pads for the soak, in their own process (the counter PCs of part of the
// hall): each window's person signs in and opens the window, then through the simulated day calls
// next, serves the citizen for the service time (the day's clock compressed like the arrivals), and
// finishes: done (the pad then rates a share of them), no-show, now and then a transfer to another
// area or to another window of the area; with nobody waiting the person presses again a few seconds
// later. A window of one area closes at the evening (EVENING_FROM_HOUR); the comprehensive windows
// (the 24-hour area's) call to the end of the day. Prints `ready`, waits for a line, prints one JSON
// line (SoakWindowsReport) when the day is over.
import type { RatingReason } from '@hall-kiosk/shared';
import { HallHttps, rng, waitForGo } from '../stress/https-json.ts';
import { DAY_MS, EVENING_FROM_HOUR, hourOf } from './day.ts';

export type SoakWindow = {
  counterId: string;
  staff: { number: string; pin: string };
  padToken: string;
  /** A comprehensive window (every area): open in the evening too. */
  comprehensive: boolean;
};

export type SoakWindowSettings = {
  url: string;
  ca: string;
  windows: SoakWindow[];
  /** Every area and the windows that serve it (for transfers). */
  servers: Record<string, string[]>;
  /** Simulated ms per wall ms. */
  compression: number;
  /** Mean wall time a window serves one citizen (each service 0.5–1.5 × this). */
  serviceMs: number;
  /** Wall time before pressing again when nobody was waiting: [min, max]. */
  idleMs: [number, number];
  /** Share of tickets finished as done that the pad rates. */
  rateShare: number;
  seed: number;
};

export type SoakWindowsReport = {
  presses: number;
  calls: number;
  dones: number;
  noShows: number;
  areaTransfers: number;
  windowTransfers: number;
  ratings: number;
  /** Windows of one area closed for the evening. */
  closedForEvening: number;
  /** Any answer other than the one expected, and requests that failed. */
  violations: string[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REASONS: RatingReason[] = ['waitTooLong', 'staffAttitude'];

async function main(): Promise<void> {
  const s = JSON.parse(process.env['HALL_SOAK_WINDOWS'] ?? '') as SoakWindowSettings;
  const http = new HallHttps(s.url, s.ca);
  const random = rng(s.seed);
  const report: SoakWindowsReport = {
    presses: 0,
    calls: 0,
    dones: 0,
    noShows: 0,
    areaTransfers: 0,
    windowTransfers: 0,
    ratings: 0,
    closedForEvening: 0,
    violations: [],
  };
  const tokens = await Promise.all(
    s.windows.map(async (w) => {
      const r = await http.ok('POST', '/api/staff/login', { body: w.staff });
      await http.ok('POST', `/api/counter/${w.counterId}/open`, { token: r.token, body: {} });
      return r.token as string;
    }),
  );
  process.stdout.write('ready\n');
  await waitForGo();
  const started = Date.now();
  const deadline = started + DAY_MS / s.compression;
  const simNow = () => (Date.now() - started) * s.compression;

  const windowLoop = async (w: SoakWindow, token: string) => {
    const base = `/api/counter/${w.counterId}`;
    const act = async (path: string, body: unknown = {}) => {
      const r = await http.call('POST', `${base}/${path}`, { token, body });
      if (r.status !== 200)
        throw new Error(`${w.counterId} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { ticket: { id: number; areaId: string } | null };
    };
    while (Date.now() < deadline) {
      if (!w.comprehensive && hourOf(simNow()) >= EVENING_FROM_HOUR) {
        await act('close');
        report.closedForEvening++;
        return;
      }
      report.presses++;
      const { ticket } = await act('call-next');
      if (!ticket) {
        await sleep(s.idleMs[0] + random() * (s.idleMs[1] - s.idleMs[0]));
        continue;
      }
      report.calls++;
      const roll = random();
      // The day ends with the last service cut short (the run's end, not the hall's).
      const service = s.serviceMs * (roll < 0.03 ? 0.2 : 0.5 + random());
      await sleep(Math.min(service, Math.max(0, deadline - Date.now())));
      if (roll < 0.03) {
        await act('no-show');
        report.noShows++;
      } else if (roll < 0.05) {
        const areas = Object.keys(s.servers).filter((a) => a !== ticket.areaId);
        await act('transfer', { toAreaId: areas[Math.floor(random() * areas.length)]! });
        report.areaTransfers++;
      } else if (roll < 0.06) {
        const peers = (s.servers[ticket.areaId] ?? []).filter((id) => id !== w.counterId);
        await act('transfer', { toCounterId: peers[Math.floor(random() * peers.length)]! });
        report.windowTransfers++;
      } else {
        const done = await act('done');
        if (done.ticket?.id !== ticket.id)
          report.violations.push(`${w.counterId}: done answered ${done.ticket?.id}, serving ${ticket.id}`);
        report.dones++;
        if (random() < s.rateShare) {
          const level = 1 + Math.floor(random() * 5);
          const r = await http.call('POST', '/api/pad/ratings', {
            token: w.padToken,
            body: {
              ticketId: ticket.id,
              level,
              reasons: level <= 2 ? [REASONS[Math.floor(random() * REASONS.length)]!] : [],
              idempotencyKey: `soak-pad-${w.counterId}-${ticket.id}`,
            },
          });
          if (r.status === 201) report.ratings++;
          else report.violations.push(`pad at ${w.counterId}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
    }
  };
  await Promise.all(
    s.windows.map((w, i) =>
      windowLoop(w, tokens[i]!).catch((e: unknown) => {
        report.violations.push(`${w.counterId} stopped: ${(e as Error).message}`);
      }),
    ),
  );
  http.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
