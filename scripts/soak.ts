// `npm run soak [-- API_SESSIONS BROWSER_SESSIONS]` (default 10,000 and 500): citizen sessions through
// the daemon's API and through Chromium against one daemon with emulated devices, measuring the
// daemon's resident memory and the page's JS heap (after a forced GC) at the start, middle and end;
// then the privacy scan over every file the run left. Writes artifacts/soak.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startWholeKiosk, control } from '../tests/support/whole-kiosk.ts';
import WebSocket from 'ws';
import { scanForPersonalData } from '../tests/support/privacy-scan.ts';

const apiSessions = Number(process.argv[2] ?? 10_000);
const browserSessions = Number(process.argv[3] ?? 500);
const rssMiB = (pid: number) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
};

const daemon = await startWholeKiosk('soak');
const t0 = Date.now();
const memory: { phase: string; sessions: number; daemonRssMiB: number; pageHeapMiB?: number }[] = [];
let id = 0;
// A promise per request, resolved by its completion (the tests' polling client is too slow here).
const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}ws`, { origin: new URL(daemon.url).origin });
await new Promise((r) => ws.once('open', r));
const pending = new Map<number, (m: { payload: Record<string, unknown> }) => void>();
ws.on('message', (data) => {
  const m = JSON.parse(data.toString()) as {
    header: { type: string; requestId: number };
    payload: Record<string, unknown>;
  };
  if (m.header.type === 'completion') {
    pending.get(m.header.requestId)?.(m);
    pending.delete(m.header.requestId);
  }
});
const send = (name: string, rid: number, payload: unknown) =>
  ws.send(JSON.stringify({ header: { type: 'command', name, requestId: rid }, payload }));
const completion = (rid: number) =>
  new Promise<{ payload: Record<string, unknown> }>((r) => pending.set(rid, r));
const call = async (name: string, payload: unknown = {}) => {
  const rid = ++id;
  const done = completion(rid);
  send(name, rid, payload);
  return done;
};

// ── API sessions: info, areas, (every 20th: a card read and a priority ticket), a ticket, a rating,
//    a search, a guide, the end of the session.
for (let i = 0; i < apiSessions; i++) {
  if (i === 0 || i === Math.floor(apiSessions / 2))
    memory.push({
      phase: i === 0 ? 'api start' : 'api middle',
      sessions: i,
      daemonRssMiB: rssMiB(daemon.pid),
    });
  await call('Kiosk.Info');
  await call('Queue.ListAreas');
  let useIdentity = false;
  if (i % 20 === 0) {
    const rid = ++id;
    const read = completion(rid);
    send('IdCard.Read', rid, {});
    await new Promise((r) => setTimeout(r, 5));
    await control(daemon, 'idCardReader', {
      action: 'placeCard',
      card: i % 40 === 0 ? 'elderResident' : 'resident',
    });
    await read;
    await control(daemon, 'idCardReader', { action: 'removeCard' });
    useIdentity = true;
  }
  const t = (
    await call('Queue.IssueTicket', {
      areaId: 'socialSecurity',
      ...(useIdentity ? { useIdentity: true } : {}),
    })
  ).payload as { ticket?: { id: number } };
  if (t.ticket)
    await call('Rating.Submit', { event: { kind: 'ticket', ref: String(t.ticket.id) }, level: 1 + (i % 5) });
  await call('Catalogue.Search', { query: ['bdc', 'shebaoka', 'huzhao', 'kai gongsi'][i % 4] });
  if (i % 10 === 0) await call('Catalogue.Guide', { code: 'SB-001' });
  await call('Session.End');
  if (i % 1000 === 999) {
    await control(daemon, 'ticketPrinter', { action: 'clearHistory' });
    process.stderr.write(`api sessions: ${i + 1}/${apiSessions}, daemon RSS ${rssMiB(daemon.pid)} MiB\n`);
  }
}
memory.push({ phase: 'api end', sessions: apiSessions, daemonRssMiB: rssMiB(daemon.pid) });
ws.close();

// ── Browser sessions in one page, as a kiosk runs for days: take a ticket, skip the rating, goodbye.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-precise-memory-info'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
const heapMiB = async () => {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / 1024 / 1024) * 10) / 10;
};
await page.goto(daemon.url);
for (let i = 0; i < browserSessions; i++) {
  if (i === 0 || i === Math.floor(browserSessions / 2))
    memory.push({
      phase: i === 0 ? 'browser start' : 'browser middle',
      sessions: i,
      daemonRssMiB: rssMiB(daemon.pid),
      pageHeapMiB: await heapMiB(),
    });
  await page.getByTestId('start').click();
  await page.getByTestId('home-take-ticket').click();
  await page.getByTestId('area-comprehensive').click();
  await page.getByTestId('priority-no').click();
  await page.getByTestId('finish').click();
  await page.getByTestId('rating-skip').click();
  await page.getByTestId('goodbye-done').click();
  if (i % 100 === 99) {
    await control(daemon, 'ticketPrinter', { action: 'clearHistory' });
    process.stderr.write(`browser sessions: ${i + 1}/${browserSessions}\n`);
  }
}
memory.push({
  phase: 'browser end',
  sessions: browserSessions,
  daemonRssMiB: rssMiB(daemon.pid),
  pageHeapMiB: await heapMiB(),
});
await browser.close();
await daemon.stop();

const privacy = scanForPersonalData([daemon.dir]);
const report = {
  apiSessions,
  browserSessions,
  seconds: Math.round((Date.now() - t0) / 1000),
  memory,
  privacyScan: { filesScanned: privacy.filesScanned, hits: privacy.hits.length },
};
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/soak.json', `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
process.exit(privacy.hits.length === 0 ? 0 : 1);
