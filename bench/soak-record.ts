// The committed record of the last full soak (`npm run soak`): bench/soak.json, the soak's report as
// scripts/soak.ts writes it. `npm run bench:doc` writes the soak table of docs/performance.md from it;
// bench/doc.test.ts fails when the doc does not match it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunInfo } from './record.ts';

export const SOAK_RECORD = fileURLToPath(new URL('./soak.json', import.meta.url));

export type SoakPoint = { phase: string; sessions: number; daemonRssMiB: number; pageHeapMiB?: number };

export type SoakReport = {
  run: RunInfo;
  apiSessions: number;
  browserSessions: number;
  seconds: number;
  memory: SoakPoint[];
  privacyScan: { filesScanned: number; hits: number };
};

export function readSoakRecord(file = SOAK_RECORD): SoakReport | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<SoakReport> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    !Array.isArray(r.memory) ||
    typeof r.run?.date !== 'string' ||
    typeof r.privacyScan?.hits !== 'number'
  )
    throw new Error(`${file}: not a soak report (npm run soak writes one)`);
  return r as SoakReport;
}

const mib = (n: number) => `${n.toFixed(1)} MiB`;

/** The soak's memory at each point, and the run it comes from. */
export function soakTable(r: SoakReport): string {
  const rows = r.memory.map((p) =>
    [
      p.phase,
      p.sessions.toLocaleString('en'),
      mib(p.daemonRssMiB),
      p.pageHeapMiB === undefined ? '' : mib(p.pageHeapMiB),
    ].join(' | '),
  );
  const run = `${r.run.date.slice(0, 10)}, ${r.run.commit}, ${r.run.cpus} cores${r.run.load === undefined ? '' : ` (load ${r.run.load})`}, Node ${r.run.node.replace(/^v/, '')}`;
  return [
    '| point | sessions | daemon RSS | page JS heap |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
    `${r.apiSessions.toLocaleString('en')} API sessions and ${r.browserSessions.toLocaleString('en')} browser sessions in ${r.seconds} s (${run}); privacy scan: ${r.privacyScan.hits} hits in ${r.privacyScan.filesScanned} files.`,
  ].join('\n');
}
