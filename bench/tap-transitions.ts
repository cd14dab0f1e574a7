// `npx tsx bench/tap-transitions.ts [WALKS]`: the tap row on the page's own clock, taken apart by
// transition. Walks every shortest path of the screen model (as `tapToNextScreen('page')` does: the
// bench's 4× slowed CPU and viewport, a fresh load for each journey), records each touch → next screen
// painted with the screens it left and reached, and prints the p95 over all taps, the slowest taps,
// and per transition the count, median and slowest. Shows which taps set the p95 (docs/performance.md).
import { getShortestPaths } from 'xstate/graph';
import { launchChromium, percentile } from './harness.ts';
import { slowPage } from './ui.bench.ts';
import { control, startWholeKiosk } from '../tests/support/whole-kiosk.ts';
import { screenModel } from '../tests/support/screen-model.ts';

type Tap = [transition: string, ms: number];
type Recorded = { __tapAt?: number; __from?: string; __taps: Tap[] };

/** As the bench's TAP_RECORDER, keeping the screen each tap left and the one it reached. */
const RECORDER = `
window.__taps = [];
addEventListener('pointerdown', (e) => {
  window.__tapAt = e.timeStamp;
  window.__from = document.documentElement.dataset.screen;
}, true);
new MutationObserver(() => {
  const at = window.__tapAt;
  if (at === undefined) return;
  window.__tapAt = undefined;
  const move = window.__from + ' → ' + document.documentElement.dataset.screen;
  requestAnimationFrame(() => setTimeout(() => window.__taps.push([move, performance.now() - at])));
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-screen'] });`;

const walks = Number(process.argv[2] ?? 3);
if (!Number.isInteger(walks) || walks < 1) throw new Error('usage: tap-transitions.ts [WALKS]');

const daemon = await startWholeKiosk('tap-transitions');
const browser = await launchChromium();
const taps: Tap[] = [];
try {
  for (let w = 0; w < walks; w++) {
    const { model, actions } = screenModel(() => daemon);
    const page = await slowPage(browser);
    await page.addInitScript(RECORDER);
    for (const path of getShortestPaths(model)) {
      await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
      await control(daemon, 'idCardReader', { action: 'removeCard' });
      await page.goto(daemon.url);
      await page.getByTestId('start').waitFor();
      for (const step of path.steps.slice(1)) {
        // A step without a touch (a card placed) is not counted.
        await page.evaluate(() => ((window as unknown as Recorded).__tapAt = undefined));
        await actions[step.event.type]!(page as never);
        await page.waitForFunction(
          (want) =>
            document.documentElement.dataset.screen === want &&
            new Promise((r) => requestAnimationFrame(() => r(true))),
          String(step.state.value),
        );
      }
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
      taps.push(...(await page.evaluate(() => (window as unknown as Recorded).__taps)));
    }
    await page.close();
  }
} finally {
  await browser.close();
  await daemon.stop();
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(
  `${taps.length} taps over ${walks} walks; p95 ${ms(
    percentile(
      taps.map((t) => t[1]),
      95,
    ),
  )}`,
);
console.log('slowest:');
for (const [move, t] of [...taps].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`  ${ms(t)}  ${move}`);
const byMove = new Map<string, number[]>();
for (const [move, t] of taps) byMove.set(move, [...(byMove.get(move) ?? []), t]);
console.log('by transition (taps, median, slowest):');
for (const [move, times] of [...byMove].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1])))
  console.log(
    `  ${String(times.length).padStart(3)}  ${ms(percentile(times, 50))}  ${ms(Math.max(...times))}  ${move}`,
  );
