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
import { control, startWholeKiosk } from '../tests/support/whole-kiosk.ts';
import { screenModel } from '../tests/support/screen-model.ts';
import type { DaemonProcess } from '../tests/support/harness.ts';

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
  const daemon = await startDaemon(config, { log: silentLogger, emulation: new EmulatedDevices() });
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
 * Tap → next screen painted, p95, over the model-based journeys: every shortest path of the screen
 * model (tests/support/screen-model.ts) walked on a 4× slowed CPU, each step timed from Node from the
 * start of the action to the page marking the expected screen (html[data-screen]) in the frame after.
 * Steps that wait for a device (a card placed, a code scanned) are timed too: they include the
 * emulated serial transfer (about 120 ms for a card read).
 */
export function tapToNextScreen(): Benchmark {
  let daemon: DaemonProcess;
  let browser: Browser;
  return {
    name: `ui: tap → next screen painted, p95 over the model-based journeys (${CPU_SLOWDOWN}× slowed CPU)`,
    unit: 'ms',
    better: 'lower',
    runs: 3,
    async setup() {
      daemon = await startWholeKiosk('bench-model');
      browser = await launchChromium();
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
          const t0 = performance.now();
          await actions[step.event.type]!(page as never);
          await page.waitForFunction(
            (screen) =>
              document.documentElement.dataset.screen === screen &&
              new Promise((r) => requestAnimationFrame(() => r(true))),
            String(step.state.value),
          );
          times.push(performance.now() - t0);
        }
      }
      await control(daemon, 'idCardReader', { action: 'removeCard' });
      await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
      await page.close();
      return percentile(times, 95);
    },
    async teardown() {
      await browser.close();
      await daemon.stop();
    },
  };
}
