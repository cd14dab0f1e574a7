// `npx tsx bench/trace-ui.ts`: where the kiosk page's time goes, from a Chromium performance trace
// (DevTools tracing over CDP) on the bench's 4× slowed CPU at the portrait viewport: the page load up
// to the start button, and the first steps of a journey (start → home → areas). Prints the main
// thread's time per kind of work, e.g. script compile and evaluation, style, layout, paint.
import { writeFileSync } from 'node:fs';
import { launchChromium } from './harness.ts';
import { startWholeKiosk } from '../tests/support/whole-kiosk.ts';

type TraceEvent = { name: string; ph: string; dur?: number; tid: number; pid: number; cat: string };

/** Top-level main-thread durations (complete events nested under RunTask), summed by name. */
function summarise(events: TraceEvent[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    if (!/devtools\.timeline|v8|blink/.test(e.cat)) continue;
    sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 18);
}

const daemon = await startWholeKiosk('trace');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink', 'v8.execute'] });
  await page.goto(daemon.url);
  await page.getByTestId('start').waitFor();
  const painted = await page.evaluate(
    () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
  );
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => [
      r.name.replace(/.*\//, ''),
      r.responseEnd,
    ]);
    return { responseEnd: n.responseEnd, domInteractive: n.domInteractive, resources: res };
  });
  const load = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  writeFileSync('artifacts/trace-load.json', JSON.stringify(load));
  console.log(
    `start button painted at ${painted.toFixed(0)} ms; HTML at ${nav.responseEnd.toFixed(0)} ms, DOM interactive ${nav.domInteractive.toFixed(0)} ms`,
  );
  for (const [name, end] of nav.resources)
    console.log(`  ${String(name).padEnd(28)} loaded at ${Number(end).toFixed(0)} ms`);
  for (const [name, ms] of summarise(load.traceEvents))
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(1)} ms`);

  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink'] });
  const steps: [string, string][] = [
    ['start', 'home'],
    ['home-take-ticket', 'chooseArea'],
  ];
  for (const [id, screen] of steps) {
    const t0 = performance.now();
    await page.getByTestId(id).click();
    await page.waitForFunction((s) => document.documentElement.dataset.screen === s, screen);
    console.log(`tap ${id} → ${screen}: ${(performance.now() - t0).toFixed(0)} ms (from Node)`);
  }
  const taps = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  writeFileSync('artifacts/trace-taps.json', JSON.stringify(taps));
  for (const [name, ms] of summarise(taps.traceEvents))
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(1)} ms`);
} finally {
  await browser.close();
  await daemon.stop();
}
