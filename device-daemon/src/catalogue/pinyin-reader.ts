import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Reads each text as pinyin syllables without tones (as pinyin-pro gives them); one array per text. */
export type PinyinReader = (texts: readonly string[]) => string[][];
/** The same, without blocking: what the daemon uses, so that it serves while the child reads. */
export type AsyncPinyinReader = (texts: readonly string[]) => Promise<string[][]>;

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
 * resulting syllables. `pinyinReaderRunning` waits for the child (tests, tools); the daemon uses
 * `asyncPinyinReaderRunning`, so its start does not wait for the child. Both fail with PinyinError
 * when the child cannot run, fails or answers something else.
 */
export function pinyinReaderRunning(node: string): PinyinReader {
  return (texts) => {
    if (texts.length === 0) return [];
    const child = spawnSync(node, childArgs(), {
      input: JSON.stringify(texts),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 60_000,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnv(),
    });
    if (child.error) throw new PinyinError(`pinyin: could not run the reader: ${child.error.message}`);
    return readingsFrom(child.status, child.stdout, child.stderr, texts.length);
  };
}

export function asyncPinyinReaderRunning(node: string): AsyncPinyinReader {
  return (texts) =>
    new Promise((resolve, reject) => {
      if (texts.length === 0) return resolve([]);
      const child = spawn(node, childArgs(), { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      // A child that dies before reading its input closes the pipe: its exit says why.
      child.stdin.on('error', () => undefined);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new PinyinError(`pinyin: could not run the reader: ${e.message}`));
      });
      child.once('close', (status) => {
        clearTimeout(timer);
        try {
          resolve(
            readingsFrom(
              status,
              Buffer.concat(out).toString('utf8'),
              Buffer.concat(err).toString('utf8'),
              texts.length,
            ),
          );
        } catch (e) {
          reject(e as Error);
        }
      });
      child.stdin.end(JSON.stringify(texts));
    });
}

export const readPinyinInChild: PinyinReader = pinyinReaderRunning(process.execPath);
export const readPinyinInChildAsync: AsyncPinyinReader = asyncPinyinReaderRunning(process.execPath);

function childArgs(): string[] {
  return ['--input-type=commonjs', '-e', CHILD, createRequire(import.meta.url).resolve('pinyin-pro')];
}

/** The child needs none of the daemon's own Node options (loaders, heap sizes). */
function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: '' };
}

function readingsFrom(status: number | null, stdout: string, stderr: string, n: number): string[][] {
  if (status !== 0) throw new PinyinError(`pinyin: the reader failed (${status}): ${stderr.slice(0, 300)}`);
  let readings: unknown;
  try {
    readings = JSON.parse(stdout);
  } catch {
    throw new PinyinError('pinyin: the reader answered something that is not JSON');
  }
  if (!isReadings(readings, n))
    throw new PinyinError('pinyin: the reader did not answer one list of syllables per text');
  return readings;
}
