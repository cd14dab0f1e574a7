import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Result } from './harness.ts';

/**
 * The committed record of the benchmarks: `bench/results.json`. `artifacts/` is ignored by git (it
 * holds each run's output), so the figures docs/performance.md shows are kept here, one entry per
 * benchmark with the run it came from (date, commit, host, Node). A run of some benchmarks
 * (`npm run bench -- ui`) replaces only their entries. `npm run bench:doc` writes the doc's table
 * from this file; a test fails when the doc does not match it.
 */
export const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/** Where and when a run was made. */
export type RunInfo = {
  date: string;
  commit: string;
  node: string;
  cpus: number;
  cpuModel: string;
  /** The host's 1-minute load average when the run ended (other work slows every figure). */
  load?: number;
};
export type RecordedResult = Result & { run: RunInfo };
export type BenchRecord = { results: RecordedResult[] };

export function readRecord(file = RESULTS): BenchRecord {
  if (!existsSync(file)) return { results: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { results?: unknown }).results)
  )
    throw new Error(`${file}: not a benchmark record ({ "results": [...] })`);
  return parsed as BenchRecord;
}

/**
 * Entries of `fresh` replace those of the same name; others keep their place; new ones go last. With
 * `benchmarks` (the names bench/run.ts runs today), entries of benchmarks that no longer exist (renamed
 * or removed) are dropped; the mutation score's row, which is not a benchmark, stays.
 */
export function mergeResults(
  old: RecordedResult[],
  fresh: RecordedResult[],
  benchmarks?: readonly string[],
): RecordedResult[] {
  const byName = new Map(fresh.map((r) => [r.name, r]));
  const exists = (r: RecordedResult) =>
    !benchmarks || benchmarks.includes(r.name) || r.name.startsWith(MUTATION_ROW);
  const merged = old.filter(exists).map((r) => byName.get(r.name) ?? r);
  for (const r of fresh) if (!old.some((o) => o.name === r.name)) merged.push(r);
  return merged;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

/** The start of the mutation score's row name (bench/mutation-score.ts). */
export const MUTATION_ROW = 'mutation score';

/** This run: now, the checkout's commit, this host and its load. */
export function runInfo(): RunInfo {
  return {
    date: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    load: Math.round(loadavg()[0]! * 10) / 10,
  };
}

/** Writes this run to artifacts/bench.json and merges it into bench/results.json. */
export function recordRun(results: Result[], benchmarks?: readonly string[]): void {
  const run = runInfo();
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/bench.json', JSON.stringify({ ...run, results }, null, 2) + '\n');
  const record = readRecord();
  const merged = mergeResults(
    record.results,
    results.map((r) => ({ ...r, run })),
    benchmarks,
  );
  writeFileSync(RESULTS, JSON.stringify({ results: merged }, null, 2) + '\n');
}
