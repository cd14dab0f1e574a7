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
export type AssetSizes = { js: number; css: number; files: string[] };

/**
 * The kiosk page's own assets, gzipped (level 9) from the built files, not the counter page, the
 * maintenance page or the hall display. `initial`: what index.html loads (its script, module preloads
 * and styles) and every module those import statically — what loads before the attract screen.
 * `later`: every chunk any of them imports dynamically (`import("./x.js")`), and what those import:
 * the English texts, loaded once the attract screen is up.
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
    }
  };
  // A Set visits what is added while it is walked: the closure of each.
  walk(initial, later);
  walk(later, later);
  const sizes = (files: Set<string>): AssetSizes => {
    let js = 0;
    let css = 0;
    for (const f of files) {
      const size = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
      if (f.endsWith('.js')) js += size;
      else if (f.endsWith('.css')) css += size;
    }
    return { js, css, files: [...files].sort() };
  };
  return { initial: sizes(initial), later: sizes(later) };
}

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

export const laterJs: Benchmark = {
  name: 'ui: kiosk page JavaScript loaded once the attract screen is up (English texts), gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => {
    const { js, css } = kioskAssets().later;
    return (js + css) / 1024;
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

async function slowPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return page;
}

/** Navigation start → the attract screen's start button painted, on a 4× slowed CPU, cold cache. */
export function timeToAttract(): Benchmark {
  let s: Awaited<ReturnType<typeof stage>>;
  let base: BaselineServer;
  /** Navigation → the start button painted, as the page's own clock says. */
  const load = async (url: string) => {
    const page = await slowPage(s.browser);
    await page.goto(url);
    await page.getByTestId('start').waitFor();
    const ms = await page.evaluate(
      () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
    );
    await page.close();
    return ms;
  };
  return {
    name: `ui: time to the attract screen (${CPU_SLOWDOWN}× slowed CPU, cold)`,
    unit: 'ms',
    better: 'lower',
    runs: 7,
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
 * Tap → next screen painted, p95, over the model-based journeys: every shortest path of the screen
 * model (tests/support/screen-model.ts) walked on a 4× slowed CPU, each step timed from Node from the
 * start of the action to the page marking the expected screen (html[data-screen]) in the frame after.
 * Steps that wait for a device (a card placed, a code scanned) are timed too: they include the
 * emulated serial transfer (about 120 ms for a card read).
 */
export function tapToNextScreen(): Benchmark {
  let daemon: DaemonProcess;
  let browser: Browser;
  let base: BaselineServer;
  /** As many taps as the journeys have steps, on the minimal page, timed the same way. */
  let steps = 70;
  /** From the start of the action to the page marking the screen, and one frame more. */
  const timed = async (page: Page, act: () => Promise<void>, screen: string) => {
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
  return {
    name: `ui: tap → next screen painted, p95 over the model-based journeys (${CPU_SLOWDOWN}× slowed CPU)`,
    unit: 'ms',
    better: 'lower',
    runs: 3,
    async setup() {
      daemon = await startWholeKiosk('bench-model');
      browser = await launchChromium();
      base = await startBaselineServer();
    },
    async measure() {
      const { model, actions } = screenModel(() => daemon);
      const page = await slowPage(browser);
      const times: number[] = [];
      for (const path of getShortestPaths(model)) {
        await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
        await control(daemon, 'idCardReader', { action: 'removeCard' });
        await page.goto(daemon.url);
        await page.getByTestId('start').waitFor();
        for (const step of path.steps.slice(1)) {
          times.push(
            await timed(page, () => actions[step.event.type]!(page as never), String(step.state.value)),
          );
        }
      }
      steps = times.length;
      await control(daemon, 'idCardReader', { action: 'removeCard' });
      await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
      await page.close();
      return percentile(times, 95);
    },
    baseline: {
      what: 'a minimal page: one button, one DOM update per tap',
      async measure() {
        const page = await slowPage(browser);
        await page.goto(`${base.url}/tap`);
        const times: number[] = [];
        for (let i = 1; i <= steps; i++)
          times.push(await timed(page, () => page.getByTestId('next').click(), `s${i}`));
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
