// What the kiosk page's gzipped bytes are made of: each built chunk's bytes attributed to the source
// module they came from (through the build's source map), and the chunk's real gzipped size shared out
// among those modules. Pure functions; `bench/ui-size-report.ts` builds the page and prints the table.
import { gzipSync } from 'node:zlib';

/** One mapping segment of a source map: generated column, and the source it comes from (if any). */
export type Segment = { column: number; source: number | undefined };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one Base64 VLQ group (a segment) into its signed integers. */
export function decodeVlq(group: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of group) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`source map: not a base64 VLQ digit: ${JSON.stringify(c)}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error('source map: a VLQ number ends in the middle');
  return out;
}

/**
 * A source map's `mappings` as segments per generated line: generated columns are relative within a
 * line, the source index relative across the whole map (source map v3).
 */
export function decodeMappings(mappings: string): Segment[][] {
  let source = 0;
  return mappings.split(';').map((line) => {
    let column = 0;
    const segments: Segment[] = [];
    for (const group of line.split(',')) {
      if (group === '') continue;
      const fields = decodeVlq(group);
      if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5)
        throw new Error(`source map: a segment of ${fields.length} fields`);
      column += fields[0]!;
      if (fields.length === 1) segments.push({ column, source: undefined });
      else {
        source += fields[1]!;
        segments.push({ column, source });
      }
    }
    return segments.sort((a, b) => a.column - b.column);
  });
}

/** Text from no source (the bundler's own glue, or before a line's first mapping). */
export const NO_SOURCE = '(bundler glue)';

/**
 * The generated code cut into pieces per source: each segment's text runs to the next segment of its
 * line. Returns each source's pieces joined in order of appearance (the whole code, nothing left out).
 */
export function attribute(
  code: string,
  map: { sources: string[]; mappings: string },
  name: (source: string) => string = (s) => s,
): Map<string, string> {
  const lines = code.split('\n');
  const segments = decodeMappings(map.mappings);
  const parts = new Map<string, string[]>();
  const add = (key: string, text: string) => {
    if (text === '') return;
    const list = parts.get(key);
    if (list) list.push(text);
    else parts.set(key, [text]);
  };
  const key = (s: Segment | undefined) => {
    const source = s?.source === undefined ? undefined : map.sources[s.source];
    return source === undefined ? NO_SOURCE : name(source);
  };
  lines.forEach((line, i) => {
    const segs = segments[i] ?? [];
    add(NO_SOURCE, line.slice(0, segs[0]?.column ?? line.length));
    segs.forEach((s, j) => {
      const end = j + 1 < segs.length ? segs[j + 1]!.column : line.length;
      add(key(s), line.slice(s.column, end));
    });
    // The line break belongs with whatever ended the line.
    if (i < lines.length - 1) add(key(segs.at(-1)), '\n');
  });
  return new Map([...parts].map(([k, v]) => [k, v.join('')]));
}

/** One row of the report: a module's bytes in the built file, and its share of the gzipped file. */
export type SizeRow = { module: string; file: string; bytes: number; gzipAlone: number; gzipShare: number };

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/**
 * Shares out a file's real gzipped size (level 9, as the bench) among its modules, in proportion to
 * each module's text gzipped on its own — so the rows of a file add up to what the bench counts for it.
 */
export function shareOut(file: string, pieces: Map<string, string>, gzippedFile: number): SizeRow[] {
  const rows = [...pieces].map(([module, text]) => ({
    module,
    file,
    bytes: Buffer.byteLength(text),
    gzipAlone: gz(text),
    gzipShare: 0,
  }));
  const alone = rows.reduce((s, r) => s + r.gzipAlone, 0);
  for (const r of rows) r.gzipShare = alone === 0 ? 0 : (gzippedFile * r.gzipAlone) / alone;
  return rows.sort((a, b) => b.gzipShare - a.gzipShare);
}

/**
 * A source path of the map (relative to the built file) as the report names it: a package in
 * node_modules by the package's name (`xstate`, `@preact/signals`), the repository's own files by
 * their path from the repository's root.
 */
export function moduleName(source: string, byPackage = true): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 'node_modules/'.length);
    const [a, b] = rest.split('/');
    if (!byPackage) return rest;
    return a!.startsWith('@') ? `${a}/${b}` : a!;
  }
  // Rolldown's virtual modules start with a NUL character.
  return source.replace(/^(\.\.\/)+/, '').replace(String.fromCharCode(0), '');
}

/** Sums rows that name the same module (a module split over several files). */
export function byModule(rows: SizeRow[]): SizeRow[] {
  const sums = new Map<string, SizeRow>();
  for (const r of rows) {
    const s = sums.get(r.module);
    if (!s) sums.set(r.module, { ...r });
    else {
      s.bytes += r.bytes;
      s.gzipAlone += r.gzipAlone;
      s.gzipShare += r.gzipShare;
      if (!s.file.split(', ').includes(r.file)) s.file += `, ${r.file}`;
    }
  }
  return [...sums.values()].sort((a, b) => b.gzipShare - a.gzipShare);
}

export { gz as gzipped };
