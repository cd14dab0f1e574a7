import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Reads each text as pinyin syllables without tones (as pinyin-pro gives them); one array per text. */
export type PinyinReader = (texts: readonly string[]) => string[][];

/** Why the catalogue's pinyin could not be worked out. */
export class PinyinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinyinError';
  }
}

// The child: pinyin-pro (its dictionaries take about 28 MiB once loaded) is loaded here only, in a
// process that ends as soon as the catalogue's texts are read, so the daemon never holds them.
const CHILD = `
const { pinyin } = require(process.argv[1]);
const texts = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const readings = texts.map((t) => pinyin(t, { toneType: 'none', type: 'array', nonZh: 'removed', v: true }));
process.stdout.write(JSON.stringify(readings));
`;

const isReadings = (v: unknown, n: number): v is string[][] =>
  Array.isArray(v) &&
  v.length === n &&
  v.every((r) => Array.isArray(r) && r.every((s) => typeof s === 'string'));

/**
 * The pinyin of the catalogue's texts, worked out once (at load) by a short-lived child process run
 * with `node` (this process's own executable unless told), so that the daemon keeps only the
 * resulting syllables. Synchronous: the catalogue is loaded before the daemon serves anything. Throws
 * PinyinError when the child fails or answers something else.
 */
export function pinyinReaderRunning(node: string): PinyinReader {
  return (texts) => readInChild(node, texts);
}

export const readPinyinInChild: PinyinReader = pinyinReaderRunning(process.execPath);

function readInChild(node: string, texts: readonly string[]): string[][] {
  if (texts.length === 0) return [];
  const pinyinPro = createRequire(import.meta.url).resolve('pinyin-pro');
  const child = spawnSync(node, ['--input-type=commonjs', '-e', CHILD, pinyinPro], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
    stdio: ['pipe', 'pipe', 'pipe'],
    // The child needs none of the daemon's own Node options (loaders, heap sizes).
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (child.error) throw new PinyinError(`pinyin: could not run the reader: ${child.error.message}`);
  if (child.status !== 0)
    throw new PinyinError(`pinyin: the reader failed (${child.status}): ${child.stderr.slice(0, 300)}`);
  let readings: unknown;
  try {
    readings = JSON.parse(child.stdout);
  } catch {
    throw new PinyinError('pinyin: the reader answered something that is not JSON');
  }
  if (!isReadings(readings, texts.length))
    throw new PinyinError('pinyin: the reader did not answer one list of syllables per text');
  return readings;
}
