// `npm run bench:doc`: writes the figures table of docs/performance.md from bench/results.json, and its
// soak table from bench/soak.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { fmt } from './harness.ts';
import { readRecord, type BenchRecord, type RecordedResult } from './record.ts';
import { readSoakRecord, soakTable, type SoakReport } from './soak-record.ts';

export const DOC = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';
const SOAK_BEGIN = '<!-- soak:begin -->';
const SOAK_END = '<!-- soak:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** One row per recorded benchmark: median, spread, runs, limit and baseline, and the run it is from. */
export function figuresTable(results: RecordedResult[]): string {
  const head =
    '| benchmark | median | spread | runs | limit | ratio | baseline, same run | × baseline | measured |';
  const rule = '| --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const rows = results.map((r) => {
    const limit = r.limit ? `${fmt(r.limit.value)} ${r.unit} (${r.limit.what})` : '';
    const baseline = r.baseline
      ? `${fmt(r.baseline.median)} ${r.unit} (${fmt(r.baseline.min)}–${fmt(r.baseline.max)}): ${r.baseline.what}`
      : '';
    return [
      r.name,
      `${fmt(r.median)} ${r.unit}`,
      r.runs > 1 ? `${fmt(r.min)}–${fmt(r.max)}` : '—',
      String(r.runs),
      limit,
      r.limit ? `${r.limit.ratio.toFixed(2)}×` : '',
      baseline,
      r.baseline ? `${r.baseline.ratio.toFixed(2)}×` : '',
      `${r.run.date.slice(0, 10)}, ${r.run.commit}, ${r.run.cpus} cores${r.run.load === undefined ? '' : ` (load ${r.run.load})`}, Node ${r.run.node.replace(/^v/, '')}`,
    ]
      .map(cell)
      .join(' | ');
  });
  return [head, rule, ...rows.map((r) => `| ${r} |`)].join('\n');
}

/** `doc` with what lies between `begin` and `end` replaced by `body`. */
function replaceSection(doc: string, begin: string, end: string, body: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/performance.md has no ${begin} … ${end} section`);
  return `${doc.slice(0, start)}${begin}\n\n${body}\n\n${doc.slice(stop)}`;
}

/**
 * The doc as it should be: its figures section replaced by the table made from the record, its soak
 * section by the table made from the last full soak.
 */
export async function expectedDoc(
  doc = readFileSync(DOC, 'utf8'),
  record: BenchRecord = readRecord(),
  soak: SoakReport | null = readSoakRecord(),
): Promise<string> {
  let text = replaceSection(doc, BEGIN, END, figuresTable(record.results));
  text = replaceSection(
    text,
    SOAK_BEGIN,
    SOAK_END,
    soak ? soakTable(soak) : 'No full soak recorded yet (`npm run soak` writes bench/soak.json).',
  );
  const options = (await resolveConfig(DOC)) ?? {};
  return format(text, { ...options, filepath: DOC });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC, await expectedDoc());
  console.log('written: docs/performance.md (figures from bench/results.json, soak from bench/soak.json)');
}
