import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { parseConfig, silentLogger, startDaemon, type RunningDaemon } from '@hall-kiosk/device-daemon';
import { launchChromium, percentile, type Benchmark } from './harness.ts';

const DIST = fileURLToPath(new URL('../kiosk-ui/dist/assets/', import.meta.url));
const CPU_SLOWDOWN = 4;

/** The kiosk page's own assets (index.html's scripts, preloads and styles; not the staff pages'). */
function gzipped(ext: string): number {
  const html = readFileSync(join(DIST, '..', 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  return files
    .filter((f) => f.endsWith(ext))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
}

export const initialJs: Benchmark = {
  name: 'ui: initial JavaScript, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => gzipped('.js') / 1024,
};

export const initialCss: Benchmark = {
  name: 'ui: initial CSS, gzipped',
  unit: 'KB',
  better: 'lower',
  runs: 1,
  measure: async () => gzipped('.css') / 1024,
};

/** One daemon and one Chromium shared by the browser benchmarks. */
async function stage(): Promise<{ daemon: RunningDaemon; browser: Browser }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir: dir,
      devices: {
        ticketPrinter: { connection: { emulated: {} } },
        idCardReader: { connection: { emulated: {} } },
      },
    },
    'bench',
    dir,
  );
  const daemon = await startDaemon(config, { log: silentLogger });
  const browser = await launchChromium();
  return { daemon, browser };
}

async function slowPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return page;
}

/** Navigation start → the attract screen's start button painted, on a 4× slowed CPU, cold cache. */
export function timeToAttract(): Benchmark {
  let s: Awaited<ReturnType<typeof stage>>;
  return {
    name: `ui: time to the attract screen (${CPU_SLOWDOWN}× slowed CPU, cold)`,
    unit: 'ms',
    better: 'lower',
    runs: 7,
    async setup() {
      s = await stage();
    },
    async measure() {
      const page = await slowPage(s.browser);
      await page.goto(s.daemon.url);
      await page.getByTestId('start').waitFor();
      const ms = await page.evaluate(
        () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
      );
      await page.close();
      return ms;
    },
    async teardown() {
      await s.browser.close();
      await s.daemon.close();
    },
  };
}

/**
 * From the start of the tap to the next screen being visible, timed from Node: it includes the
 * DevTools round trips of the click and of the visibility check (a few ms), so it overstates a little.
 */
async function tap(page: Page, testId: string, next: string): Promise<number> {
  const t0 = performance.now();
  await page.getByTestId(testId).click();
  await page.getByTestId(next).waitFor();
  return performance.now() - t0;
}

/** Every tap of the take-ticket journey (with and without the card step), p95 over all of them. */
export function tapToNextScreen(): Benchmark {
  let s: Awaited<ReturnType<typeof stage>>;
  return {
    name: `ui: tap → next screen visible, p95 (${CPU_SLOWDOWN}× slowed CPU)`,
    unit: 'ms',
    better: 'lower',
    runs: 5,
    async setup() {
      s = await stage();
    },
    async measure() {
      const page = await slowPage(s.browser);
      const times: number[] = [];
      for (let round = 0; round < 3; round++) {
        await page.goto(s.daemon.url);
        await page.getByTestId('start').waitFor();
        times.push(await tap(page, 'start', 'home-take-ticket'));
        times.push(await tap(page, 'home-take-ticket', 'area-tax'));
        times.push(await tap(page, 'area-tax', 'priority-question'));
        times.push(await tap(page, 'priority-no', 'ticket-number'));
        times.push(await tap(page, 'finish', 'rating'));
        times.push(await tap(page, 'rating-skip', 'goodbye'));
        times.push(await tap(page, 'goodbye-done', 'start'));
      }
      await page.close();
      return percentile(times, 95);
    },
    async teardown() {
      await s.browser.close();
      await s.daemon.close();
    },
  };
}
