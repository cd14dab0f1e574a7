// npm run hall:soak [-- MINUTES [LOAD]]: the hall soak's full day (soak.ts) — 12 simulated hours in
// MINUTES of wall time (30) at LOAD × the hall's peak (10) — printing its progress and its figures,
// writing them to artifacts/hall-soak.json. Exits 1 when anything was lost, doubled or inconsistent,
// or when a process's memory was not flat (memory.ts says what flat means).
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { runHallSoak } from './soak.ts';

const [minutes = '30', load = '10'] = process.argv.slice(2);
const log = (l: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const report = await runHallSoak({ dayMs: Number(minutes) * 60_000, load: Number(load), log });
const out = { commit, ...report };
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/hall-soak.json', `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(
  `${JSON.stringify({ ...out, invariants: undefined, memorySeries: undefined }, null, 2)}\n`,
);
for (const c of report.invariants.checks)
  process.stdout.write(`${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name} (${c.violations})\n`);
process.stdout.write(
  `invariants: ${report.invariants.tickets} tickets, ${report.invariants.events} events, ${report.invariants.ms} ms\n`,
);
const notFlat = report.memory.filter((m) => !m.flat);
for (const m of report.memory)
  process.stdout.write(
    `${m.flat ? 'flat' : 'GROWS'} ${m.name}: ${m.startMiB} → ${m.endMiB} MiB (median ${m.secondQuarterMedianMiB} in ` +
      `the 2nd quarter, ${m.lastQuarterMedianMiB} in the last; max ${m.secondQuarterMaxMiB}, ${m.lastQuarterMaxMiB}; ` +
      `slope ${m.slopeMiBPerHour} MiB/h)\n`,
  );
if (report.violations.length > 0) console.error(`${report.violations.length} violations`);
if (notFlat.length > 0) console.error(`memory not flat: ${notFlat.map((m) => m.name).join(', ')}`);
process.exit(report.violations.length === 0 && notFlat.length === 0 ? 0 : 1);
