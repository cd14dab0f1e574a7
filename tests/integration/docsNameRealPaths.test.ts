import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The docs say what is: every repository path they name (in backticks: a file with a slash and a
// source extension, or a folder ending in a slash; or a relative Markdown link) must exist.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Folders a doc may name a path relative to, besides the repository root and the doc's own folder. */
const BASES = ['shared', 'device-daemon', 'hardware-mocks', 'kiosk-ui', 'tests'].flatMap((p) => [
  p,
  `${p}/src`,
]);
/** Folders that hold what runs write (ignored by git), named in the docs as outputs. */
const GENERATED = ['artifacts/'];
const EXTENSIONS = /\.(ts|tsx|js|mjs|cjs|json|md|sh|html|css|sql|ya?ml)$/;

/** `{a,b}` alternatives, expanded: `transport/{serial,tcp}.ts` → two paths. */
export function expandBraces(path: string): string[] {
  const m = /\{([^{}]*)\}/.exec(path);
  if (!m) return [path];
  return m[1]!
    .split(',')
    .flatMap((alt) => expandBraces(path.slice(0, m.index) + alt + path.slice(m.index + m[0].length)));
}

/** The repository paths a Markdown text names, with their line numbers. */
export function namedPaths(markdown: string): { line: number; path: string; link: boolean }[] {
  const found: { line: number; path: string; link: boolean }[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const [, path] of text.matchAll(/`([^`\s]+)`/g)) {
      const file = path!.includes('/') && EXTENSIONS.test(path!);
      const folder = /^[\w.{},-]+\/([\w.{},-]+\/)*$/.test(path!);
      if ((file || folder) && !/^[a-z]+:|^\//.test(path!))
        found.push({ line: i + 1, path: path!, link: false });
    }
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const path = target!.split('#')[0]!;
      if (path && !/^[a-z]+:/.test(path)) found.push({ line: i + 1, path, link: true });
    }
  });
  return found;
}

/** Whether a named path exists: from the root, the doc's folder or a package (globs: `*` in the last part). */
export function exists(path: string, docDir: string, root = ROOT): boolean {
  if (GENERATED.some((g) => path.startsWith(g))) return true;
  return expandBraces(path).every((p) =>
    [root, docDir, ...BASES.map((b) => join(root, b))].some((base) => {
      const full = join(base, p);
      if (!full.startsWith(root)) return false;
      if (!p.includes('*')) return existsSync(full);
      const dir = dirname(full);
      const re = new RegExp(
        `^${full
          .slice(dir.length + 1)
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}$`,
      );
      return existsSync(dir) && readdirSync(dir).some((f) => re.test(f));
    }),
  );
}

function docs(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (d: string) =>
    readdirSync(d).forEach((f) => {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.md')) out.push(p);
    });
  walk(join(ROOT, 'docs'));
  return out;
}

describe('the docs name only paths that exist', () => {
  it('finds the paths a doc names, and tells a missing one from a real one', () => {
    const text = [
      'Code: `device-daemon/src/api/staff-http.ts` and `api/technician-http.ts`.',
      'Gone: `tickets/ticket-layout.ts`; both `transport/{serial,nope}.ts`; see [faults](faults.md).',
      'Folders: `hardware-mocks/src/printer/`, `flows/{take-ticket,nowhere}/`.',
      'Not paths: `npx kiosk diag`, `/etc/hall-kiosk/config.json`, `a/b`, `/emulator/`, `src/flows/<flow>/`,',
      '[web](https://example.org/x.md).',
    ].join('\n');
    const named = namedPaths(text);
    expect(named.map((n) => n.path)).toEqual([
      'device-daemon/src/api/staff-http.ts',
      'api/technician-http.ts',
      'tickets/ticket-layout.ts',
      'transport/{serial,nope}.ts',
      'faults.md',
      'hardware-mocks/src/printer/',
      'flows/{take-ticket,nowhere}/',
    ]);
    const docDir = join(ROOT, 'docs');
    expect(named.map((n) => exists(n.path, docDir))).toEqual([true, true, false, false, true, true, false]);
    expect(exists('bench/*.bench.ts', docDir)).toBe(true);
    expect(exists('bench/*.nothing.ts', docDir)).toBe(false);
    expect(exists('../../outside.md', docDir)).toBe(false);
  });

  it('README.md and every doc under docs/', () => {
    const missing: string[] = [];
    for (const doc of docs()) {
      for (const { line, path } of namedPaths(readFileSync(doc, 'utf8')))
        if (!exists(path, dirname(doc))) missing.push(`${relative(ROOT, doc)}:${line} ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
