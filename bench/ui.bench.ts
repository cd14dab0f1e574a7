import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { parseConfig, silentLogger, startDaemon, type RunningDaemon } from '@hall-kiosk/device-daemon';
import { EmulatedDevices } from '@hall-kiosk/device-daemon/mock';
import { getShortestPaths } from 'xstate/graph';
import { launchChromium, percentile, type Benchmark } from './harness.ts';
import { startBaselineServer, type BaselineServer } from './baseline.ts';
import { control, startWholeKiosk } from '../tests/support/whole-kiosk.ts';
import { screenModel } from '../tests/support/screen-model.ts';
import type { DaemonProcess } from '../tests/support/harness.ts';

const DIST = fileURLToPath(new URL('../kiosk-ui/dist/assets/', import.meta.url));
const CPU_SLOWDOWN = 4;

/** Gzipped sizes (level 9) of some of the built kiosk page's files, by kind, and which files. */
export type AssetSizes = { js: number; css: number; data: number; files: string[] };

/**
 * The kiosk page's own assets, gzipped (level 9) from the built files, not the counter page, the
 * maintenance page or the hall display. `initial`: what index.html loads (its script, module preloads
 * and styles) and every module those import statically — what loads before the attract screen.
 * `later`: every chunk any of them imports dynamically (`import("./x.js")`) and what those import,
 * and every data file (`"/assets/x.json"`) their code names: the English texts, fetched once the
 * attract screen is up.
 */
export function kioskAssets(dist = DIST): { initial: AssetSizes; later: AssetSizes } {
  const html = readFileSync(join(dist, '..', 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  const later = new Set<string>();
  const walk = (start: Set<string>, dynamicTo: Set<string> | undefined) => {
    for (const f of start) {
      if (!f.endsWith('.js')) continue;
      const code = readFileSync(join(dist, f), 'utf8');
      // Static imports of a chunk (`from"./x.js"`, `import"./x.js"`) load with it.
      for (const m of code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g))
        if (!initial.has(m[1]!)) start.add(m[1]!);
      for (const m of code.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g))
        if (!initial.has(m[1]!)) dynamicTo?.add(m[1]!);
      // Data files the code fetches by their built address.
      for (const m of code.matchAll(/["'`]\/assets\/([^"'`/]+\.json)["'`]/g))
        if (!initial.has(m[1]!)) dynamicTo?.add(m[1]!);
    }
  };
  // A Set visits what is added while it is walked: the closure of each.
  walk(initial, later);
  walk(later, later);
  const sizes = (files: Set<string>): AssetSizes => {
    let js = 0;
    let css = 0;
    let data = 0;
    for (const f of files) {
      const size = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
      if (f.endsWith('.js')) js += size;
      else if (f.endsWith('.css')) css += size;
      else if (f.endsWith('.json')) data += size;
    }
    return { js, css, data, files: [...files].sort() };
  };
  // The English texts are always fetched later: finding none means the walk above missed them (the
  // way their address is written changed), and every figure would be short of them.
  if (![...later].some((f) => f.endsWith('.json')))
    throw new Error("the kiosk page's English texts were not found among the files its code names");
  return { initial: sizes(initial), later: sizes(later) };
}

/** All of a set's bytes, in KB. */
const kb = ({ js, css, data }: AssetSizes) => (js + css + data) / 1024;

export const initialJs: Benchmark = {
  name: 'ui: kiosk page JavaScript before the attract screen, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => kioskAssets().initial.js / 1024,
};

export const initialCss: Benchmark = {
  name: 'ui: kiosk page CSS, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => kioskAssets().initial.css / 1024,
};

export const kioskTotal: Benchmark = {
  name: 'ui: kiosk page JavaScript + CSS before the attract screen, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => {
    const { js, css } = kioskAssets().initial;
    return (js + css) / 1024;
  },
};

export const laterFiles: Benchmark = {
  name: 'ui: kiosk page English texts, fetched once the attract screen is up, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => kb(kioskAssets().later),
};

export const kioskAllFiles: Benchmark = {
  name: 'ui: kiosk page JavaScript + CSS + texts, all its files, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => {
    const { initial, later } = kioskAssets();
    return kb(initial) + kb(later);
  },
};

/** One daemon and one Chromium shared by the browser benchmarks. */
async function stage(): Promise<{ daemon: RunningDaemon; browser: Browser }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir: dir,
      // The page's own speed: no minimum showing of the boot self-test.
      ui: { selfTestMinSeconds: 0 },
      devices: {
        ticketPrinter: { connection: { emulated: {} } },
        idCardReader: { connection: { emulated: {} } },
      },
    },
    'bench',
    dir,
  );
  const daemon = await startDaemon(config, { log: silentLogger, emulation: new EmulatedDevices() });
  const browser = await launchChromium();
  return { daemon, browser };
}

/** The common kiosk glass: portrait 1080 × 1920 (立式). */
const VIEWPORT = { width: 1080, height: 1920 };

/** A new page (a fresh context: cold cache) at the bench's viewport, its CPU slowed 4×. */
export async function slowPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return page;
}

/**
 * Records on the page's own clock when the start button was first painted: a task after the frame
 * that follows its first appearance in the DOM (`__startPainted`; the `node` row reads its clock
 * inside a frame's callback, slightly earlier in the same frame).
 */
const START_RECORDER = `
new MutationObserver((_, observer) => {
  if (!document.querySelector('[data-testid="start"]')) return;
  observer.disconnect();
  requestAnimationFrame(() => setTimeout(() => { window.__startPainted = performance.now(); }));
}).observe(document, { subtree: true, childList: true });`;

/**
 * Navigation start → the attract screen's start button painted, on a 4× slowed CPU, cold cache.
 * `node`: the page's clock read in the frame after Playwright has found the button, which adds the
 * harness's polling for it (Playwright looks again after 20, 50, 100 ms…). `page`: the frame after
 * the button first appears in the DOM, recorded by the page itself (START_RECORDER), without that.
 */
export function timeToAttract(clock: Clock): Benchmark {
  let s: Awaited<ReturnType<typeof stage>>;
  let base: BaselineServer;
  const load = async (url: string) => {
    const page = await slowPage(s.browser);
    if (clock === 'page') await page.addInitScript(START_RECORDER);
    await page.goto(url);
    await page.getByTestId('start').waitFor();
    const ms =
      clock === 'node'
        ? await page.evaluate(
            () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
          )
        : await page
            .waitForFunction(() => (window as { __startPainted?: number }).__startPainted)
            .then((h) => h.jsonValue() as Promise<number>);
    await page.close();
    return ms;
  };
  return {
    name:
      clock === 'node'
        ? `ui: time to the attract screen (${CPU_SLOWDOWN}× slowed CPU, cold)`
        : `ui: time to the attract screen, the page's own clock (${CPU_SLOWDOWN}× slowed CPU, cold)`,
    unit: 'ms',
    better: 'lower',
    // On the page's clock, 25 loads (15 until session 9): its ratio sits near its goal, and the
    // median of 15 moved 1.94–2.10 × between runs of one build.
    runs: clock === 'page' ? 25 : 15,
    async setup() {
      s = await stage();
      base = await startBaselineServer();
    },
    measure: () => load(s.daemon.url),
    baseline: {
      what: 'a minimal page whose one module script shows a start button',
      measure: () => load(`${base.url}/load`),
    },
    async teardown() {
      await s.browser.close();
      await s.daemon.close();
      await base.close();
    },
  };
}

/**
 * Records on the page's own clock, for each tap, the time from the touch (the pointerdown's event
 * timestamp, taken when the input reached the page) to the frame after the page next marks a screen
 * (html[data-screen]): what the citizen waits for, without the harness's round trips before the touch
 * and after the screen. The screens change on the click, at the pointerup: the one DevTools round trip
 * between Playwright's press and release is inside the figure, as a finger's press is (the baseline
 * has the same). `__taps` holds the times; `__tapAt` is cleared before each step, so a step without a
 * touch (a card placed) is not counted.
 */
const TAP_RECORDER = `
window.__taps = [];
addEventListener('pointerdown', (e) => { window.__tapAt = e.timeStamp; }, true);
new MutationObserver(() => {
  const at = window.__tapAt;
  if (at === undefined) return;
  window.__tapAt = undefined;
  requestAnimationFrame(() => setTimeout(() => window.__taps.push(performance.now() - at)));
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-screen'] });`;

type Clock = 'node' | 'page';

/**
 * Tap → next screen painted, p95, over the model-based journeys: every shortest path of the screen
 * model (tests/support/screen-model.ts) walked on a 4× slowed CPU.
 *
 * - `node`: each step timed from Node, from the start of the action to the page marking the
 *   expected screen in the frame after. Steps that wait for a device (a card placed, a code scanned)
 *   are timed too: they include the emulated serial transfer (about 120 ms for a card read).
 * - `page`: each tap timed on the page's own clock (TAP_RECORDER), from the touch to the next screen
 *   painted: the harness's round trips (Playwright finding the button, checking it is steady, sending
 *   the touch, polling for the screen) are left out, and so are steps without a touch.
 *
 * The baseline walks the same shape: as many journeys, each on a freshly loaded minimal page, with as
 * many taps as the kiosk's journey has steps. The first tap on a page just loaded costs the harness
 * (Playwright's click on a new document) 90–170 ms even on the minimal page; a quarter of the
 * journeys' steps are such first taps (start → home), so a baseline of one page tapped 70 times in a
 * row left that cost in the kiosk's figure alone.
 */
export function tapToNextScreen(clock: Clock): Benchmark {
  let daemon: DaemonProcess;
  let browser: Browser;
  let base: BaselineServer;
  /** The journeys' lengths (steps each), walked on the minimal page the same way. */
  let journeys: number[] = [];
  /** From the start of the action to the page marking the screen, and one frame more. */
  const timed = async (page: Page, act: () => Promise<void>, screen: string) => {
    if (clock === 'page') await page.evaluate(() => ((window as { __tapAt?: number }).__tapAt = undefined));
    const t0 = performance.now();
    await act();
    await page.waitForFunction(
      (want) =>
        document.documentElement.dataset.screen === want &&
        new Promise((r) => requestAnimationFrame(() => r(true))),
      screen,
    );
    return performance.now() - t0;
  };
  /** The page's own times of the taps since it loaded, once the last one is in. */
  const pageTimes = async (page: Page) => {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    return page.evaluate(() => (window as unknown as { __taps: number[] }).__taps);
  };
  const newPage = async () => {
    const page = await slowPage(browser);
    if (clock === 'page') await page.addInitScript(TAP_RECORDER);
    return page;
  };
  return {
    name:
      clock === 'node'
        ? `ui: tap → next screen painted, p95 over the model-based journeys (${CPU_SLOWDOWN}× slowed CPU)`
        : `ui: tap → next screen painted, p95 over the journeys' taps, the page's own clock (${CPU_SLOWDOWN}× slowed CPU)`,
    unit: 'ms',
    better: 'lower',
    // On the page's clock, nine walks (five until session 9): the ratio sits near its goal, and the
    // median of five moved 1.83–2.12 × between two full runs of one commit. From Node, five.
    runs: clock === 'page' ? 9 : 5,
    async setup() {
      daemon = await startWholeKiosk('bench-model');
      browser = await launchChromium();
      base = await startBaselineServer();
    },
    async measure() {
      const { model, actions } = screenModel(() => daemon);
      const page = await newPage();
      const times: number[] = [];
      journeys = [];
      for (const path of getShortestPaths(model)) {
        await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
        await control(daemon, 'idCardReader', { action: 'removeCard' });
        await page.goto(daemon.url);
        await page.getByTestId('start').waitFor();
        journeys.push(path.steps.length - 1);
        for (const step of path.steps.slice(1)) {
          const ms = await timed(
            page,
            () => actions[step.event.type]!(page as never),
            String(step.state.value),
          );
          if (clock === 'node') times.push(ms);
        }
        if (clock === 'page') times.push(...(await pageTimes(page)));
      }
      await control(daemon, 'idCardReader', { action: 'removeCard' });
      await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
      await page.close();
      return percentile(times, 95);
    },
    baseline: {
      what: 'a minimal page: one button, one DOM update per tap; loaded afresh for each journey, tapped as often as it has steps',
      async measure() {
        const page = await newPage();
        const times: number[] = [];
        for (const steps of journeys) {
          await page.goto(`${base.url}/tap`);
          await page.getByTestId('next').waitFor();
          for (let i = 1; i <= steps; i++) {
            const ms = await timed(page, () => page.getByTestId('next').click(), `s${i}`);
            if (clock === 'node') times.push(ms);
          }
          if (clock === 'page') times.push(...(await pageTimes(page)));
        }
        await page.close();
        return percentile(times, 95);
      },
    },
    async teardown() {
      await browser.close();
      await daemon.stop();
      await base.close();
    },
  };
}

/**
 * The first tap on "English" → the attract screen painted in English, on a 4× slowed CPU, cold: each
 * run a fresh page, the tap as soon as the start button is up — the English texts (loaded on their own
 * once the attract screen is up) may still be on their way, and then the tap waits for them.
 */
export function firstTapOnEnglish(): Benchmark {
  let s: Awaited<ReturnType<typeof stage>>;
  let base: BaselineServer;
  return {
    name: `ui: first tap on English → English painted, right after the start button is up (${CPU_SLOWDOWN}× slowed CPU, cold)`,
    unit: 'ms',
    better: 'lower',
    runs: 7,
    async setup() {
      s = await stage();
      base = await startBaselineServer();
    },
    async measure() {
      const page = await slowPage(s.browser);
      await page.goto(s.daemon.url);
      await page.getByTestId('start').waitFor();
      const t0 = performance.now();
      await page.getByRole('button', { name: /English/ }).click();
      await page.waitForFunction(
        () =>
          document.documentElement.lang === 'en' &&
          document.querySelector('[data-testid="start"]')?.textContent === 'Touch to start' &&
          new Promise((r) => requestAnimationFrame(() => r(true))),
      );
      const ms = performance.now() - t0;
      await page.close();
      return ms;
    },
    baseline: {
      what: 'a minimal page: the first tap on its one button, right after it loaded (one DOM update)',
      async measure() {
        const page = await slowPage(s.browser);
        await page.goto(`${base.url}/tap`);
        const t0 = performance.now();
        await page.getByTestId('next').click();
        await page.waitForFunction(
          () =>
            document.documentElement.dataset.screen === 's1' &&
            new Promise((r) => requestAnimationFrame(() => r(true))),
        );
        const ms = performance.now() - t0;
        await page.close();
        return ms;
      },
    },
    async teardown() {
      await s.browser.close();
      await s.daemon.close();
      await base.close();
    },
  };
}
