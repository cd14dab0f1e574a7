// `npx tsx bench/compare-builds.ts tap|attract ROUNDS A B [C …]`: two or more builds of the kiosk page,
// measured alternately by one of the bench's browser rows on the page's own clock (the tap's p95 over
// the journeys, or the time to the attract screen), each measure followed by the row's baseline, as the
// bench takes them. A build is either a built `kiosk-*.js` (the script alone, e.g. copied out of
// kiosk-ui/dist at two commits) or a directory holding a build's `kiosk-*.js` and `kiosk-*.css` (a
// copy of kiosk-ui/dist/assets: a change to the style sheets). Its files are put in the place of the
// current build's before each measure, and the current ones are put back at the end. The order of the
// builds turns round each round, so a slow spell of the host falls on each. Prints every measure, then
// each build's median and its ratio to the baseline's median.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tapToNextScreen, timeToAttract } from './ui.bench.ts';

const [row, roundsArg, ...builds] = process.argv.slice(2);
const rounds = Number(roundsArg);
if ((row !== 'tap' && row !== 'attract') || !Number.isInteger(rounds) || rounds < 1 || builds.length < 2)
  throw new Error('usage: compare-builds.ts tap|attract ROUNDS A B [C …] (each a kiosk-*.js or a directory)');

/** The kiosk page's file of a kind in a directory of built assets. */
const pageFile = (dir: string, ext: 'js' | 'css') => {
  const name = readdirSync(dir).find((f) => f.startsWith('kiosk-') && f.endsWith(`.${ext}`));
  if (!name) throw new Error(`no kiosk-*.${ext} in ${dir}`);
  return join(dir, name);
};
const assets = fileURLToPath(new URL('../kiosk-ui/dist/assets/', import.meta.url));
/** The current build's files, which each build's take the place of: the script, then the style sheet. */
const targets = [pageFile(assets, 'js'), pageFile(assets, 'css')];
/** Each build's files, in the order of `targets` (a script alone leaves the current style sheet). */
const filesOf = (build: string) =>
  statSync(build).isDirectory() ? [pageFile(build, 'js'), pageFile(build, 'css')] : [build];
const saved = mkdtempSync(join(tmpdir(), 'compare-builds-'));
for (const t of targets) copyFileSync(t, join(saved, basename(t)));
const putBack = () => targets.forEach((t) => copyFileSync(join(saved, basename(t)), t));
const install = (build: string) => {
  putBack();
  filesOf(build).forEach((f, i) => copyFileSync(f, targets[i]!));
};

const bench = row === 'tap' ? tapToNextScreen('page') : timeToAttract('page');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const measured = new Map<string, number[]>(builds.map((b) => [b, []]));
const baseline: number[] = [];
await bench.setup!();
try {
  for (let r = 0; r < rounds; r++) {
    for (const build of r % 2 ? [...builds].reverse() : builds) {
      install(build);
      const ms = await bench.measure();
      measured.get(build)!.push(ms);
      // Right after each measure, as the bench takes it (the tap's walks as many journeys, as long).
      baseline.push(await bench.baseline!.measure());
      console.log(`${build}: ${ms.toFixed(1)} ms`);
    }
  }
} finally {
  await bench.teardown!();
  putBack();
  rmSync(saved, { recursive: true });
}
const base = median(baseline);
console.log(
  `baseline: median ${base.toFixed(1)} ms (${Math.min(...baseline).toFixed(1)}–${Math.max(...baseline).toFixed(1)})`,
);
for (const [build, xs] of measured)
  console.log(`${build}: median ${median(xs).toFixed(1)} ms, ${(median(xs) / base).toFixed(2)} × baseline`);
