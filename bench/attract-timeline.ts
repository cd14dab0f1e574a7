// `npx tsx bench/attract-timeline.ts [LOADS]`: the attract-screen row on the page's own clock, taken
// apart. Loads the kiosk page and the row's minimal page alternately (the bench's 4× slowed CPU and
// viewport, cold) and prints, for each, the medians on the page's clock of: its files in, DOM
// interactive, the start button in the DOM, and painted (the frame after it, as the row records it).
import { launchChromium, percentile } from './harness.ts';
import { startBaselineServer } from './baseline.ts';
import { slowPage } from './ui.bench.ts';
import { startWholeKiosk } from '../tests/support/whole-kiosk.ts';

type Marks = Record<string, number>;

/** When the start button first appears in the DOM and when it is painted (as START_RECORDER). */
const RECORDER = `
window.__marks = {};
new MutationObserver((_, observer) => {
  if (!document.querySelector('[data-testid="start"]')) return;
  observer.disconnect();
  window.__marks.inDom = performance.now();
  requestAnimationFrame(() => setTimeout(() => { window.__marks.painted = performance.now(); }));
}).observe(document, { subtree: true, childList: true });`;

const loads = Number(process.argv[2] ?? 11);
if (!Number.isInteger(loads) || loads < 1) throw new Error('usage: attract-timeline.ts [LOADS]');

const daemon = await startWholeKiosk('attract-timeline');
const base = await startBaselineServer();
const browser = await launchChromium();
const pages = { kiosk: daemon.url, minimal: `${base.url}/load` };
const seen: Record<keyof typeof pages, Record<string, number[]>> = { kiosk: {}, minimal: {} };
try {
  for (let i = 0; i < loads; i++)
    for (const [name, url] of Object.entries(pages) as [keyof typeof pages, string][]) {
      const page = await slowPage(browser);
      await page.addInitScript(RECORDER);
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __marks: Marks }).__marks.painted);
      const marks = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const m: Marks = { domInteractive: nav.domInteractive };
        for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          if (/\.(js|css)$/.test(r.name))
            m[`${r.name.replace(/.*\/|-[^-.]+(?=\.)/g, '')} in`] = r.responseEnd;
        return { ...m, ...(window as unknown as { __marks: Marks }).__marks };
      });
      for (const [k, v] of Object.entries(marks)) (seen[name][k] ??= []).push(v);
      await page.close();
    }
} finally {
  await browser.close();
  await daemon.stop();
  await base.close();
}
for (const [name, marks] of Object.entries(seen)) {
  console.log(`${name} page, medians of ${loads} loads (ms on its clock):`);
  for (const [k, v] of Object.entries(marks).sort((a, b) => percentile(a[1], 50) - percentile(b[1], 50)))
    console.log(`  ${percentile(v, 50).toFixed(1).padStart(7)}  ${k}`);
}
