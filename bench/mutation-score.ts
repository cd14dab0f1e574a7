// The last mutation score (`npm run mutation`, StrykerJS), read from its JSON report for the bench table
// and artifacts/bench.json. Nothing is measured here: the row says how good the unit tests of the pure
// modules were at the last mutation run, and when that was.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Result } from './harness.ts';

export const MUTATION_REPORT = 'artifacts/mutation/mutation.json';

/** Counts by Stryker status, and the score: detected / (detected + undetected), in %. */
export type MutationCounts = {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Mutants that did not compile or crashed the runner, and ignored ones: not in the score. */
  invalid: number;
  score: number;
};

export type MutationSummary = MutationCounts & {
  report: string;
  /** When the report was written (its file time). */
  writtenAt: string;
  files: Record<string, MutationCounts>;
};

type Report = { files?: Record<string, { mutants?: { status?: string }[] }> };

function count(statuses: string[]): MutationCounts {
  const n = (s: string) => statuses.filter((x) => x === s).length;
  const killed = n('Killed');
  const timeout = n('Timeout');
  const survived = n('Survived');
  const noCoverage = n('NoCoverage');
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  return {
    killed,
    timeout,
    survived,
    noCoverage,
    invalid: statuses.length - valid,
    score: valid === 0 ? 0 : Math.round((detected / valid) * 1000) / 10,
  };
}

/** The summary of a Stryker JSON report (mutation-testing-elements schema), or null if there is none. */
export function readMutationReport(path = MUTATION_REPORT): MutationSummary | null {
  if (!existsSync(path)) return null;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  } catch {
    return null;
  }
  if (!report.files || typeof report.files !== 'object') return null;
  const files: Record<string, MutationCounts> = {};
  const all: string[] = [];
  for (const [file, { mutants = [] }] of Object.entries(report.files)) {
    const statuses = mutants.map((m) => String(m.status));
    files[file] = count(statuses);
    all.push(...statuses);
  }
  return { ...count(all), report: path, writtenAt: statSync(path).mtime.toISOString(), files };
}

/** The bench-table row for a mutation summary. */
export function mutationRow(summary: MutationSummary): Result {
  return {
    name: `mutation score (last npm run mutation, ${summary.writtenAt.slice(0, 10)})`,
    unit: '%',
    better: 'higher',
    runs: 1,
    median: summary.score,
    min: summary.score,
    max: summary.score,
  };
}
