// `npx tsx bench/profile-ui.ts load|TESTID[,TESTID…] [FROM TO] [RUNS]`: where the kiosk page's CPU time
// goes, by function, from Chromium's sampling profiler on the bench's 4× slowed CPU at the portrait
// viewport (`slowPage`). `load`: a window from the first layout of the page's screen (more than 20
// objects laid out); a list of test ids: the taps, the window from the last one's touch (the ones
// before it set the scene, 800 ms apart). FROM and TO bound the window in ms (0 and 400 unless given).
// Each of RUNS fresh pages (3) adds to the sums, printed per run: the time in a function itself, and
// in it and what it called. The page is built with hidden source maps into kiosk-ui/dist (the same code
// as `npm run build:ui`; the maps are read, then removed before the page is served), so the page's own
// functions are named by their source file and line.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';
import { launchChromium } from './harness.ts';
import { slowPage } from './ui.bench.ts';
import { startWholeKiosk } from '../tests/support/whole-kiosk.ts';

type CallFrame = { functionName: string; url?: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; parent?: number };
type TraceEvent = {
  name: string;
  pid: number;
  ts: number;
  id?: string;
  args?: { data?: Record<string, unknown>; beginData?: { dirtyObjects?: number } };
};

const [what = 'load', fromArg = '0', toArg = '400', runsArg = '3'] = process.argv.slice(2);
const [from, to, runs] = [Number(fromArg), Number(toArg), Number(runsArg)];
if (!(to > from) || !Number.isInteger(runs) || runs < 1)
  throw new Error('usage: profile-ui.ts load|TESTID[,TESTID…] [FROM TO] [RUNS]');
const taps = what === 'load' ? [] : what.split(',');

const UI = fileURLToPath(new URL('../kiosk-ui/', import.meta.url));
const ASSETS = join(UI, 'dist', 'assets');
execFileSync('npx', ['vite', 'build', '--sourcemap', 'hidden', '--logLevel', 'warn'], {
  cwd: UI,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const mapFile = readdirSync(ASSETS).find((f) => /^kiosk-.*\.js\.map$/.test(f))!;
const map = new SourceMapConsumer(JSON.parse(readFileSync(join(ASSETS, mapFile), 'utf8')));
for (const f of readdirSync(ASSETS)) if (f.endsWith('.map')) rmSync(join(ASSETS, f));

/** A frame as a name: the page's own code by source file and line, the rest by function (and file). */
function named(cf: CallFrame): string {
  const fn = cf.functionName || '(anonymous)';
  if (!cf.url?.includes('/assets/kiosk-')) return cf.url ? `${fn} ${cf.url.replace(/.*\//, '')}` : fn;
  const at = map.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
  return `${fn} @ ${at.source?.replace(/^(\.\.\/)+/, '').replace(/.*node_modules\//, '')}:${at.line}`;
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);

const daemon = await startWholeKiosk('profile-ui');
const browser = await launchChromium();
const categories = ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler'];
try {
  for (let run = 0; run < runs; run++) {
    const page = await slowPage(browser);
    await browser.startTracing(page, { categories });
    await page.goto(daemon.url);
    await page.getByTestId('start').waitFor();
    if (taps.length) {
      await page.waitForTimeout(800);
      for (const id of taps.slice(0, -1)) {
        await page.locator(`[data-testid^="${id}"]`).first().click();
        await page.waitForTimeout(800);
      }
      // The trace of the last tap alone.
      await browser.stopTracing();
      await browser.startTracing(page, { categories });
      await page
        .locator(`[data-testid^="${taps.at(-1)}"]`)
        .first()
        .click();
    }
    await page.waitForTimeout(to + 300);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    // The trace holds Chromium's other renderers too (its own pages): only the kiosk page's main
    // thread counts, the profile that samples the page's script.
    const kioskChunk = trace.traceEvents.find(
      (e) =>
        e.name === 'ProfileChunk' &&
        (e.args?.data as { cpuProfile?: { nodes?: ProfileNode[] } }).cpuProfile?.nodes?.some((n) =>
          n.callFrame.url?.includes('/assets/kiosk-'),
        ),
    );
    const events = trace.traceEvents.filter((e) => e.pid === kioskChunk?.pid);
    const start = taps.length
      ? events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown')
      : events.find((e) => e.name === 'Layout' && (e.args?.beginData?.dirtyObjects ?? 0) > 20);
    const profile = events.find((e) => e.name === 'Profile' && e.id === kioskChunk?.id);
    if (!start || !profile)
      throw new Error("the trace has no touch or layout, or no profile of the page's script");
    const nodes = new Map<number, ProfileNode>();
    let ts = profile.args!.data!.startTime as number;
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id)) {
      const data = chunk.args!.data as {
        cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
        timeDeltas?: number[];
      };
      for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
      const samples = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      for (let i = 0; i < samples.length; i++) {
        ts += deltas[i]!;
        const at = (ts - start.ts) / 1000;
        if (at < from || at > to) continue;
        // A sample stands for the time until the next one.
        const ms = (deltas[i + 1] ?? 0) / 1000;
        let node = nodes.get(samples[i]!);
        if (!node || /^\((idle|program)\)$/.test(node.callFrame.functionName)) continue;
        add(self, named(node.callFrame), ms);
        const seen = new Set<string>();
        for (; node; node = node.parent === undefined ? undefined : nodes.get(node.parent)) {
          const name = named(node.callFrame);
          if (!seen.has(name)) add(inclusive, name, ms);
          seen.add(name);
        }
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await daemon.stop();
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `  ${(ms / runs).toFixed(2).padStart(7)} ms  ${k}`)
    .join('\n');
console.log(`${what}, ${from}–${to} ms, ${runs} runs; ms per run`);
console.log(`in the function itself:\n${top(self, 25)}`);
console.log(`in it and what it called:\n${top(inclusive, 40)}`);
