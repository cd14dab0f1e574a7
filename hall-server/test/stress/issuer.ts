// One simulated kiosk, in its own process with its own connections: issues tickets as fast as the hall
// store answers until the deadline, retries some requests with the same key as after a lost reply, and
// sends some twice at once. Started by harness.ts; prints one JSON line with what it was told.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PgHallStore, type HallIssueRequest } from '../../src/store.ts';

export type IssuerReport = {
  kioskId: string;
  /** [ticket id, number, area id, ms when the answer arrived] of every ticket acknowledged. */
  acked: [number, string, string, number][];
  latenciesMs: number[];
  refused: number;
  retries: number;
  racingDuplicates: number;
  /** Retries or duplicates that got a different ticket than the original (must stay 0). */
  mismatches: number;
};

type Settings = {
  connection: pg.PoolConfig;
  kioskId: string;
  areaIds: string[];
  durationMs: number;
  timeZone: string;
  hints: boolean;
  seed: number;
};

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.HALL_ISSUER ?? '') as Settings;
  const pool = new pg.Pool({ ...settings.connection, max: 2, application_name: settings.kioskId });
  pool.on('error', (err) => console.error(`${settings.kioskId}: idle connection lost: ${err.message}`));
  const store = new PgHallStore(pool, { timeZone: settings.timeZone, hints: settings.hints });
  const random = rng(settings.seed);
  await pool.query('SELECT 1');
  // Ready; wait for the harness's go so every kiosk starts together.
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', () => {
      lines.close();
      process.stdin.destroy();
      resolve();
    });
  });
  const report: IssuerReport = {
    kioskId: settings.kioskId,
    acked: [],
    latenciesMs: [],
    refused: 0,
    retries: 0,
    racingDuplicates: 0,
    mismatches: 0,
  };
  const deadline = Date.now() + settings.durationMs;
  let n = 0;
  while (Date.now() < deadline) {
    const request: HallIssueRequest = {
      kioskId: settings.kioskId,
      idempotencyKey: `${settings.kioskId}-${String(++n).padStart(8, '0')}`,
      areaId: settings.areaIds[Math.floor(random() * settings.areaIds.length)]!,
      now: Date.now(),
    };
    if (random() < 0.2) request.priorityReason = 'age';
    const racing = random() < 0.02;
    const t0 = performance.now();
    const answers = await Promise.all(
      racing ? [store.issue(request), store.issue(request)] : [store.issue(request)],
    );
    report.latenciesMs.push(performance.now() - t0);
    const first = answers[0]!;
    if (!first.ok) {
      report.refused++;
      continue;
    }
    report.acked.push([first.ticket.id, first.ticket.number, request.areaId, Date.now()]);
    if (racing) {
      report.racingDuplicates++;
      const second = answers[1]!;
      const fresh = answers.filter((a) => a.ok && !a.replayed).length;
      if (!second.ok || second.ticket.id !== first.ticket.id || fresh !== 1) report.mismatches++;
    }
    if (random() < 0.1) {
      // The answer was "lost": the kiosk asks again with the same key.
      report.retries++;
      const again = await store.issue({ ...request, now: Date.now() });
      if (!again.ok || !again.replayed || again.ticket.id !== first.ticket.id) report.mismatches++;
    }
  }
  await pool.end();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
