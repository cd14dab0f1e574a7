import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const SQLITE = join(SRC, 'storage', 'sqlite');
const SQLITE_ENTRY = join(SQLITE, 'index.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g))
    found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Why `file` may not import `spec`, or null when it may. */
function violation(file: string, spec: string): string | null {
  if (file.startsWith(SQLITE + sep)) return null;
  if (spec === 'better-sqlite3' || spec.startsWith('better-sqlite3/'))
    return 'imports better-sqlite3 (only storage/sqlite/ may)';
  if (!spec.startsWith('.')) return null;
  const target = resolve(dirname(file), spec);
  if (target.startsWith(SQLITE + sep) && target !== SQLITE_ENTRY)
    return `imports ${relative(SRC, target)} (outside storage/sqlite/, only its index.ts may be imported)`;
  return null;
}

describe('storage boundary', () => {
  it('no file outside storage/sqlite/ imports better-sqlite3 or the SQLite adapters’ internals', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(SRC))
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const why = violation(file, spec);
        if (why) problems.push(`${relative(SRC, file)}: ${why}`);
      }
    expect(problems).toEqual([]);
  });

  it('would catch each way of reaching past the boundary', () => {
    const api = join(SRC, 'api', 'x.ts');
    const cases = [
      `import Database from 'better-sqlite3';`,
      `import type { Statement } from 'better-sqlite3';`,
      `import type { Db } from '../storage/sqlite/database.ts';`,
      `export { SqliteQueueStore } from '../storage/sqlite/queue-store.ts';`,
      `const m = await import('../storage/sqlite/rating-store.ts');`,
      `import {\n  openDatabase,\n} from "../storage/sqlite/database.ts";`,
    ];
    for (const text of cases)
      expect(
        specifiers(text).some((s) => violation(api, s) !== null),
        text,
      ).toBe(true);
    expect(
      specifiers(`import { openSqliteStorage } from '../storage/sqlite/index.ts';`).map((s) =>
        violation(api, s),
      ),
    ).toEqual([null]);
    expect(violation(join(SQLITE, 'queue-store.ts'), 'better-sqlite3')).toBeNull();
  });
});
