import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, expectedDoc, figuresTable } from './doc.ts';
import { mergeResults, readRecord, type RecordedResult } from './record.ts';

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
