// `npx tsx bench/compare-builds.ts tap|attract ROUNDS A.js B.js [C.js …]`: two or more builds of the
// kiosk page's script, measured alternately by one of the bench's browser rows on the page's own clock
// (the tap's p95 over the journeys, or the time to the attract screen), each measure followed by the
// row's baseline, as the bench takes them. Each file is a built `kiosk-*.js` (e.g. copied out of
// kiosk-ui/dist at two commits); it is put in the place of the current build's script before each
// measure, and the current one is put back at the end. The order of the builds turns round each round,
// so a slow spell of the host falls on each. Prints every measure, then each build's median and its
// ratio to the baseline's median.
import { copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tapToNextScreen, timeToAttract } from './ui.bench.ts';

const [row, roundsArg, ...builds] = process.argv.slice(2);
const rounds = Number(roundsArg);
if ((row !== 'tap' && row !== 'attract') || !Number.isInteger(rounds) || rounds < 1 || builds.length < 2)
  throw new Error('usage: compare-builds.ts tap|attract ROUNDS A.js B.js [C.js …]');

const assets = fileURLToPath(new URL('../kiosk-ui/dist/assets/', import.meta.url));
const script = readdirSync(assets).find((f) => /^kiosk-.*\.js$/.test(f));
if (!script) throw new Error('no kiosk page script in kiosk-ui/dist: npm run build:ui first');
const target = join(assets, script);
const saved = join(tmpdir(), `compare-builds-${process.pid}.js`);
copyFileSync(target, saved);

const bench = row === 'tap' ? tapToNextScreen('page') : timeToAttract('page');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const measured = new Map<string, number[]>(builds.map((b) => [b, []]));
const baseline: number[] = [];
await bench.setup!();
try {
  for (let r = 0; r < rounds; r++) {
    for (const build of r % 2 ? [...builds].reverse() : builds) {
      copyFileSync(build, target);
      const ms = await bench.measure();
      measured.get(build)!.push(ms);
      // Right after each measure, as the bench takes it (the tap's walks as many journeys, as long).
      baseline.push(await bench.baseline!.measure());
      console.log(`${build}: ${ms.toFixed(1)} ms`);
    }
  }
} finally {
  await bench.teardown!();
  copyFileSync(saved, target);
}
const base = median(baseline);
console.log(
  `baseline: median ${base.toFixed(1)} ms (${Math.min(...baseline).toFixed(1)}–${Math.max(...baseline).toFixed(1)})`,
);
for (const [build, xs] of measured)
  console.log(`${build}: median ${median(xs).toFixed(1)} ms, ${(median(xs) / base).toFixed(2)} × baseline`);
