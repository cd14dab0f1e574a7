// npm run hall:stress [-- SECONDS]: the concurrency harness for longer than CI runs it, with its figures.
import { runHallStress } from './harness.ts';

const seconds = Number(process.argv[2] ?? process.env.HALL_STRESS_SECONDS ?? 60);
const kiosks = Number(process.env.HALL_STRESS_KIOSKS ?? 8);
// HALL_STRESS_NOTIFY=0 sends no NOTIFY hints, to compare.
const notify = process.env.HALL_STRESS_NOTIFY !== '0';
const report = await runHallStress({
  durationMs: seconds * 1000,
  kiosks,
  notify,
  log: (l) => process.stdout.write(`${l}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (report.violations.length > 0) {
  console.error(`${report.violations.length} violations`);
  process.exit(1);
}
