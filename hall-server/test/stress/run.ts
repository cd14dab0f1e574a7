// npm run hall:stress [-- SECONDS]: the concurrency harness for longer than CI runs it, with its figures.
//   --through-server: the hall server as a process over HTTPS, kiosk processes through the kiosks' API,
//   the windows signed in through the counter API and their pads rating (through-server.ts); without
//   it, the store-level harness (harness.ts), which measures the database alone.
import { runHallStress } from './harness.ts';
import { runHallStressThroughServer } from './through-server.ts';

const args = process.argv.slice(2);
const throughServer = args.includes('--through-server');
const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? process.env.HALL_STRESS_SECONDS ?? 60);
const kiosks = Number(process.env.HALL_STRESS_KIOSKS ?? 8);
const log = (l: string) => process.stdout.write(`${l}\n`);
// HALL_STRESS_NOTIFY=0 sends no NOTIFY hints, to compare (store-level harness).
const notify = process.env.HALL_STRESS_NOTIFY !== '0';
const report = throughServer
  ? await runHallStressThroughServer({
      durationMs: seconds * 1000,
      kiosks,
      // HALL_STRESS_DAEMONS: real kiosk daemons (emulated devices, driven over their WebSocket) besides.
      daemons: Number(process.env.HALL_STRESS_DAEMONS ?? 0),
      // HALL_STRESS_POOL: the hall server's database pool (hall.json database.poolSize).
      ...(process.env.HALL_STRESS_POOL ? { poolSize: Number(process.env.HALL_STRESS_POOL) } : {}),
      log,
    })
  : await runHallStress({ durationMs: seconds * 1000, kiosks, notify, log });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if ('ratings' in report)
  process.stdout.write(
    `through the hall server: ${report.issuedPerSecond} issued/s, issue p50 ${report.issueLatencyMs.p50} ms ` +
      `p99 ${report.issueLatencyMs.p99} ms, call next p99 ${report.callNextLatencyMs.p99} ms, ` +
      `${report.ratings} ratings, load ${report.loadAverage.start[0]} → ${report.loadAverage.end[0]}\n`,
  );
if (report.violations.length > 0) {
  console.error(`${report.violations.length} violations`);
  process.exit(1);
}
