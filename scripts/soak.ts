// `npm run soak [-- API_SESSIONS BROWSER_SESSIONS]` (default 10,000 and 500): citizen sessions through
// the daemon's API and through Chromium against one daemon — the production build as a kiosk runs
// it (bench/built-kiosk.ts; `npm run soak` builds it first), its printer and ID-card reader emulated
// on TCP outside its process — measuring the daemon's resident memory and the page's JS heap (after
// a forced GC) at the start, middle and end; then the privacy scan over every file the run left.
// Writes artifacts/soak.json and, for a full run, bench/soak.json (committed: `npm run bench:doc` puts
// it in docs/performance.md).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { runApiSessions } from '../bench/api-sessions.ts';
import { startBuiltKiosk } from '../bench/built-kiosk.ts';
import { runInfo } from '../bench/record.ts';
import { SOAK_RECORD, type SoakPoint, type SoakReport } from '../bench/soak-record.ts';
import { scanForPersonalData } from '../tests/support/privacy-scan.ts';

const DEFAULTS = { api: 10_000, browser: 500 };
const apiSessions = Number(process.argv[2] ?? DEFAULTS.api);
const browserSessions = Number(process.argv[3] ?? DEFAULTS.browser);
for (const n of [apiSessions, browserSessions])
  if (!Number.isInteger(n) || n < 0)
    throw new Error('usage: npm run soak [-- API_SESSIONS BROWSER_SESSIONS]');

const kiosk = await startBuiltKiosk('soak');
const t0 = Date.now();
const mib = (n: number) => Math.round(n * 10) / 10;
const memory: SoakPoint[] = [];
let report: SoakReport;
try {
  // ── API sessions (bench/api-sessions.ts): info, areas, a card read and a priority ticket every 20th,
  //    a ticket, a rating, a search, a guide every 10th, the end of the session.
  const tally = await runApiSessions(apiSessions, {
    url: kiosk.url,
    reader: kiosk.reader,
    onSession(i) {
      if (i === 0 || i === Math.floor(apiSessions / 2) || i === apiSessions)
        memory.push({
          phase: i === 0 ? 'api start' : i === apiSessions ? 'api end' : 'api middle',
          sessions: i,
          daemonRssMiB: mib(kiosk.rssMiB()),
        });
      if (i % 1000 === 999)
        process.stderr.write(
          `api sessions: ${i + 1}/${apiSessions}, daemon RSS ${mib(kiosk.rssMiB())} MiB\n`,
        );
    },
  });
  if (tally.tickets !== apiSessions || tally.cardReads !== Math.ceil(apiSessions / 20))
    throw new Error(`the API sessions did not do their work: ${JSON.stringify(tally)}`);

  // ── Browser sessions in one page, as a kiosk runs for days: take a ticket, skip the rating, goodbye.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const cdp = await page.context().newCDPSession(page);
    const heapMiB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return mib(usedSize / 1024 / 1024);
    };
    await page.goto(kiosk.url);
    for (let i = 0; i <= browserSessions; i++) {
      if (i === 0 || i === Math.floor(browserSessions / 2) || i === browserSessions)
        memory.push({
          phase: i === 0 ? 'browser start' : i === browserSessions ? 'browser end' : 'browser middle',
          sessions: i,
          daemonRssMiB: mib(kiosk.rssMiB()),
          pageHeapMiB: await heapMiB(),
        });
      if (i === browserSessions) break;
      await page.getByTestId('start').click();
      await page.getByTestId('home-take-ticket').click();
      await page.getByTestId('area-comprehensive').click();
      await page.getByTestId('priority-no').click();
      await page.getByTestId('finish').click();
      await page.getByTestId('rating-skip').click();
      await page.getByTestId('goodbye-done').click();
      if (i % 100 === 99) process.stderr.write(`browser sessions: ${i + 1}/${browserSessions}\n`);
    }
  } finally {
    await browser.close();
  }
  await kiosk.stop({ keepDir: true });
  const privacy = scanForPersonalData([kiosk.dir]);
  report = {
    run: runInfo(),
    apiSessions,
    browserSessions,
    seconds: Math.round((Date.now() - t0) / 1000),
    memory,
    privacyScan: { filesScanned: privacy.filesScanned, hits: privacy.hits.length },
  };
} finally {
  await kiosk.stop();
  rmSync(kiosk.dir, { recursive: true, force: true });
}
mkdirSync('artifacts', { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync('artifacts/soak.json', json);
// Only a full run stands for the soak in the docs.
const full = apiSessions === DEFAULTS.api && browserSessions === DEFAULTS.browser;
if (full) writeFileSync(SOAK_RECORD, json);
console.log(json);
console.log(
  full
    ? 'written: artifacts/soak.json, bench/soak.json (npm run bench:doc for docs/performance.md)'
    : 'written: artifacts/soak.json (not a full run: bench/soak.json unchanged)',
);
process.exit(report.privacyScan.hits === 0 ? 0 : 1);
