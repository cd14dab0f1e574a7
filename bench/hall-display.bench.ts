// Call → zone display painted, through the whole hall: a window's call next over HTTPS, the store's
// NOTIFY hint after commit, the hall's live feed reading the log, SSE to the display page, the page
// fetching its state and painting the number. Beside it, in the same run, a minimal page that receives
// one SSE event and paints it (the least the same browser can do for the same kind of update).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startPostgres, type PgCluster } from '../tests/support/postgres.ts';
import { startHallFixture, type HallFixture } from '../hall-server/test/hall-fixture.ts';
import { DEVICE_COOKIE } from '../hall-server/src/http/server.ts';
import { launchChromium, percentile, type Benchmark } from './harness.ts';

const PAGES = fileURLToPath(new URL('../kiosk-ui/dist', import.meta.url));
/** Calls per measurement; each measurement is the p95 of these. */
const CALLS = 20;
/** Time between calls, so each call is painted before the next (as at a window, not a burst). */
const GAP_MS = 150;

type Painted = { __painted: Promise<number> };

/**
 * Arms, in the page, `__painted`: the wall-clock time (ms) of the first frame after the element
 * `selector` shows the text `number`.
 */
function armPaintProbe(page: Page, selector: string, number: string): Promise<void> {
  // A string, not a function: tsx's name helpers (`__name`) do not exist in the page.
  return page.evaluate(`(() => {
    const selector = ${JSON.stringify(selector)};
    const number = ${JSON.stringify(number)};
    window.__painted = new Promise((resolve) => {
      const shown = () => document.querySelector(selector)?.textContent === number;
      const done = () => requestAnimationFrame(() => resolve(Date.now()));
      if (shown()) return done();
      const obs = new MutationObserver(() => {
        if (!shown()) return;
        obs.disconnect();
        done();
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  })()`);
}

const paintedAt = (page: Page) => page.evaluate(() => (window as unknown as Painted).__painted);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The baseline: a page on loopback holding one EventSource, painting each event's text. */
async function startSseBaseline(): Promise<{
  url: string;
  send(text: string): void;
  close(): Promise<void>;
}> {
  const clients = new Set<ServerResponse>();
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body>' +
    '<main><p id="n" data-testid="n"></p></main><script type="module">' +
    "const n = document.getElementById('n'); const es = new EventSource('/events');" +
    "es.addEventListener('message', (e) => { n.textContent = e.data; });" +
    "es.addEventListener('open', () => { document.documentElement.dataset.live = 'yes'; });" +
    '</script></body></html>';
  const server: Server = createServer((req, res) => {
    if (req.url === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': hello\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    send: (text) => {
      for (const c of clients) c.write(`data: ${text}\n\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}

/**
 * The hall's zone display in Chromium (an enrolled display of zone z1), window w014 (tax) calling
 * through the counter API as the person signed in there. Each measurement: CALLS calls, each the time
 * from the call-next request being sent to the called number painted on the display; the figure is
 * their p95. Timed from the request, not from its answer: the display is often painted before the
 * answer reaches the window (the answer waits for the window's state to be read after the commit,
 * while the NOTIFY hint goes at the commit), so from the answer half the calls came out negative.
 * Needs the built pages (`npm run build:ui`, which `npm run bench` does first).
 */
export function callToDisplayPainted(): Benchmark {
  let cluster: PgCluster;
  let f: HallFixture;
  let browser: Browser;
  let display: Page;
  let staff: string;
  let kiosk: string;
  let keys = 0;
  let baseline: Awaited<ReturnType<typeof startSseBaseline>>;
  let basePage: Page;
  let sent = 0;
  return {
    name: `hall: call next sent → zone display painted, p95 of ${CALLS} calls (PostgreSQL, HTTPS, SSE, Chromium)`,
    unit: 'ms',
    better: 'lower',
    runs: 5,
    async setup() {
      cluster = await startPostgres();
      f = await startHallFixture(cluster, { pagesRoot: PAGES });
      const token = await f.enrol({ id: 'bench-display', kind: 'display', zoneId: 'z1', location: '1F' });
      kiosk = await f.enrol({ id: 'bench-kiosk', kind: 'kiosk' });
      staff = await f.login('1037');
      const opened = await f.call('POST', '/api/counter/w014/open', { token: staff });
      if (opened.status !== 200) throw new Error(`open w014: ${opened.status}`);
      browser = await launchChromium();
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      await context.addCookies([
        { name: DEVICE_COOKIE, value: token, url: f.url, httpOnly: true, secure: true, sameSite: 'Strict' },
      ]);
      display = await context.newPage();
      await display.goto(`${f.url}/display`);
      await display.locator('main[data-live="live"]').waitFor({ timeout: 30_000 });
      baseline = await startSseBaseline();
      basePage = await browser.newPage();
      await basePage.goto(baseline.url);
      await basePage.locator('html[data-live="yes"]').waitFor();
    },
    async measure() {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const issued = await f.call('POST', '/api/kiosk/tickets', {
          token: kiosk,
          body: { areaId: 'tax', idempotencyKey: `bench-display-${process.pid}-${++keys}` },
        });
        if (issued.status !== 200 || !issued.body.ok) throw new Error(`issue: ${issued.status}`);
        const number = issued.body.ticket.number as string;
        // Let the issue's own update reach the display first: only the call is timed.
        await pause(GAP_MS);
        await armPaintProbe(display, '[data-testid="display-number"]', number);
        const pressed = Date.now();
        const called = await f.call('POST', '/api/counter/w014/call-next', { token: staff });
        if (called.status !== 200 || called.body.ticket?.number !== number)
          throw new Error(`call next: ${called.status} ${JSON.stringify(called.body.ticket)}`);
        times.push((await paintedAt(display)) - pressed);
      }
      return percentile(times, 95);
    },
    baseline: {
      what: 'a page painting one SSE event from its sending, p95',
      async measure() {
        const times: number[] = [];
        for (let i = 0; i < CALLS; i++) {
          const text = `B${++sent}`;
          await pause(GAP_MS);
          await armPaintProbe(basePage, '#n', text);
          const at = Date.now();
          baseline.send(text);
          times.push((await paintedAt(basePage)) - at);
        }
        return percentile(times, 95);
      },
    },
    async teardown() {
      await browser?.close();
      await baseline?.close();
      await f?.close();
      await cluster?.stop();
    },
  };
}
