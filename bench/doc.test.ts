import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, expectedDoc, figuresTable } from './doc.ts';
import { mergeResults, readRecord, type RecordedResult } from './record.ts';
import { readSoakRecord, soakTable, type SoakReport } from './soak-record.ts';

const run = { date: '2026-11-30T01:00:00.000Z', commit: 'abc1234', node: 'v20.20.2', cpus: 2, cpuModel: 'x' };
const result = (name: string, median: number): RecordedResult => ({
  name,
  unit: 'ms',
  better: 'lower',
  runs: 3,
  median,
  min: median - 1,
  max: median + 1,
  run,
});

describe('docs/performance.md figures', () => {
  it('match bench/results.json (npm run bench:doc rewrites them)', async () => {
    expect(readFileSync(DOC, 'utf8'), 'docs/performance.md is stale: npm run bench:doc').toBe(
      await expectedDoc(),
    );
  });

  it('come from every recorded result, baselines and ratios included', () => {
    const { results } = readRecord();
    expect(results.length).toBeGreaterThan(0);
    const table = figuresTable(results);
    for (const r of results) expect(table).toContain(r.name);
    const withBaseline = {
      ...result('ui: tap', 120),
      baseline: { what: 'minimal', median: 60, min: 50, max: 70, ratio: 2 },
    };
    expect(figuresTable([withBaseline])).toContain('| 60.0 ms (50.0–70.0): minimal | 2.00× |');
  });

  it('would show a changed figure: a stale doc does not match', async () => {
    const record = readRecord();
    const changed = { results: record.results.map((r, i) => (i === 0 ? { ...r, median: r.median + 1 } : r)) };
    expect(await expectedDoc(readFileSync(DOC, 'utf8'), changed)).not.toBe(readFileSync(DOC, 'utf8'));
  });
});

describe('docs/performance.md soak table', () => {
  const report: SoakReport = {
    run: { ...run, load: 3.2 },
    apiSessions: 10_000,
    browserSessions: 500,
    seconds: 321,
    memory: [
      { phase: 'api start', sessions: 0, daemonRssMiB: 78.04 },
      { phase: 'api end', sessions: 10_000, daemonRssMiB: 91.26 },
      { phase: 'browser end', sessions: 500, daemonRssMiB: 90, pageHeapMiB: 3.9 },
    ],
    privacyScan: { filesScanned: 4, hits: 0 },
  };

  it('comes from bench/soak.json, every point of it', async () => {
    const soak = readSoakRecord();
    expect(soak, 'no bench/soak.json: npm run soak').not.toBeNull();
    const doc = readFileSync(DOC, 'utf8');
    for (const p of soak!.memory) expect(doc).toContain(`| ${p.phase} `);
    expect(doc).toContain(soakTable(soak!).split('\n').at(-1)!);
  });

  it('shows each point, the run and the privacy scan', () => {
    const table = soakTable(report);
    expect(table).toContain('| api end | 10,000 | 91.3 MiB |  |');
    expect(table).toContain('| browser end | 500 | 90.0 MiB | 3.9 MiB |');
    expect(table).toContain('in 321 s (2026-11-30, abc1234, 2 cores (load 3.2), Node 20.20.2)');
    expect(table).toContain('privacy scan: 0 hits in 4 files');
  });

  it('would show a changed soak: a stale doc does not match', async () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(await expectedDoc(doc, readRecord(), report)).not.toBe(doc);
  });
});

describe('merging a partial run', () => {
  it('replaces entries by name, keeps the others in place, appends new ones', () => {
    const merged = mergeResults([result('a', 1), result('b', 2)], [result('b', 20), result('c', 30)]);
    expect(merged.map((r) => [r.name, r.median])).toEqual([
      ['a', 1],
      ['b', 20],
      ['c', 30],
    ]);
  });

  it('drops the entries of benchmarks that no longer exist, but not the mutation score', () => {
    const mutation = result('mutation score (last npm run mutation, 2026-11-29)', 80);
    const merged = mergeResults(
      [result('a', 1), result('old name', 2), mutation],
      [result('new name', 20)],
      ['a', 'new name'],
    );
    expect(merged.map((r) => r.name)).toEqual(['a', mutation.name, 'new name']);
  });
});
