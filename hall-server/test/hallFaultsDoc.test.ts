// docs/hall-faults.md is the hall's fault matrix rendered from hall-server/test/hall-faults.ts
// (UPDATE_HALL_FAULTS=1 rewrites it), and every row's tests exist and carry the title it names.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HALL_FAULTS, hallFault, hallFaultsDoc, renderHallFaults } from './hall-faults.ts';

const ROOT = new URL('../../', import.meta.url);

/** A Markdown table as its cells (Prettier pads and aligns tables; the cells are what count). */
function tableCells(table: string): string[][] {
  return table
    .split('\n')
    .filter((l) => l.trim().startsWith('|') && !/^\|[\s|:-]+\|$/.test(l.trim()))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe('docs/hall-faults.md', () => {
  it('is the matrix of hall-server/test/hall-faults.ts (UPDATE_HALL_FAULTS=1 rewrites it)', () => {
    const table = renderHallFaults();
    const doc = hallFaultsDoc();
    if (process.env['UPDATE_HALL_FAULTS'] === '1') doc.write(table);
    expect(
      tableCells(hallFaultsDoc().table),
      'docs/hall-faults.md is stale: UPDATE_HALL_FAULTS=1 npx vitest run hall-server/test/hallFaultsDoc.test.ts',
    ).toEqual(tableCells(table));
  });

  it('names, for every row, tests that exist and run it', () => {
    expect(new Set(HALL_FAULTS.map((r) => r.fault)).size).toBe(HALL_FAULTS.length);
    for (const row of HALL_FAULTS) {
      expect(row.tests.length, row.fault).toBeGreaterThan(0);
      for (const t of row.tests) {
        const file = new URL(t.file, ROOT);
        expect(existsSync(file), `${row.fault}: ${t.file}`).toBe(true);
        expect(readFileSync(file, 'utf8'), `${row.fault}: "${t.title}" in ${t.file}`).toContain(t.title);
      }
    }
    expect(() => hallFault('no such fault')).toThrow(/no row/);
  });
});
