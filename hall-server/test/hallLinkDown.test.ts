// The link between a kiosk and the hall down for a long time (issue 16: "link down for 10 s and for
// 30 min"). A kiosk daemon (a process, emulated printer, the default time-out, attempts and sync
// interval) reaches a real hall (PostgreSQL, HTTPS) through the fault proxy, and a counter calls through
// the same proxy. The link refuses every connection for HALL_LINK_DOWN_MS (60 s by default, long enough
// for the link probe's back-off to reach its cap and for the sync and probe timers to cycle many times;
// `npm run hall:link-down-30min` runs it for 30 real minutes). Meanwhile the kiosk issues an offline
// ticket every HALL_LINK_ISSUE_EVERY_MS and its memory is sampled; the counter's keyed call gets no
// answer. When the link heals: every offline ticket joins the hall's queue once at the place of its
// issue time, the kiosk is online again within the probe's cap, its memory did not grow, the counter's
// call is done once, and no ticket was printed twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import { DEFAULT_MAX_PROBE_MS } from '../../device-daemon/src/hall-link/link-state.ts';
import { freePort, type PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy } from '../../tests/support/fault-proxy.ts';
import {
  runKiosk,
  startEmulatedDaemon,
  tempDir,
  type DaemonProcess,
  type ReceiptJson,
} from '../../tests/support/harness.ts';
import { issueTicket } from '../../tests/support/ws-client.ts';
import { counterCallsThrough, offlineRows, offlineSeriesOf, until } from './kiosk-link-support.ts';
import { fingerprint } from '../src/tls.ts';
import { hallFault } from './hall-faults.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';

const DOWN_MS = Number(process.env['HALL_LINK_DOWN_MS'] ?? 60_000);
const EVERY_MS = Number(process.env['HALL_LINK_ISSUE_EVERY_MS'] ?? 10_000);
if (!(DOWN_MS >= 10_000) || !(EVERY_MS >= 1000))
  throw new Error('HALL_LINK_DOWN_MS ≥ 10000, HALL_LINK_ISSUE_EVERY_MS ≥ 1000');
/** The areas the citizens take tickets for, in turn (windows w001… serve every area). */
const TURN = ['tax', 'estate', 'social', 'legal'];

let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
let kiosk: DaemonProcess;
let staff: string;
const dir = tempDir('hall-link-down');

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const counterCalls = (port: number, key: string, timeoutMs = 8000) =>
  counterCallsThrough({ port, ca: f.ca, token: staff, key, timeoutMs });

/** The daemon's resident memory (MB), from /proc. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** How many of the printer's last receipts (it keeps 50) carry `number`. */
async function printed(number: string): Promise<number> {
  const r = (await (await fetch(`${kiosk.url}emulator/api/emulators/ticketPrinter/receipts`)).json()) as
    { receipts: ReceiptJson[] } | ReceiptJson[];
  const texts = (Array.isArray(r) ? r : r.receipts).map((x) => x.text.join('\n'));
  return texts.filter((t) => t.includes(number)).length;
}

/** Printed once: waits for the receipt, then checks there is no second. */
async function printedOnce(number: string): Promise<number> {
  return until(`the receipt of ${number}`, async () => (await printed(number)) || false, 5000);
}

type Issued = { result: string; ticket: { id: number; number: string; offline?: boolean; issuedAt: string } };

const figures: Record<string, unknown> = {};

beforeAll(async () => {
  cluster = await startTestCluster();
  const proxyPort = await freePort();
  f = await startHallFixture(cluster, { allowedHosts: [`127.0.0.1:${proxyPort}`] });
  const hall = new URL(f.url);
  proxy = await startFaultProxy({ host: hall.hostname, port: Number(hall.port) }, { port: proxyPort });
  const { code } = await f.hall.services.devices.register(
    { id: 'kiosk-down', kind: 'kiosk', location: 'link down' },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  const credentialFile = join(dir, 'kiosk-down.json');
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file: credentialFile });
  // The defaults of hall.server (time-out, attempts, sync interval) and of the link's probe.
  kiosk = await startEmulatedDaemon('hall-link-down-kiosk', {
    config: {
      queue: { mode: 'hall' },
      hall: {
        name: { zh: '区政务服务中心', en: 'District centre' },
        server: { url: `https://127.0.0.1:${proxyPort}`, credentialFile },
      },
      areas: AREAS,
    },
  });
  await until('the offline series', async () => offlineSeriesOf(kiosk) !== null, 30_000);
  staff = await f.login('1037');
  expect((await f.call('POST', '/api/counter/w001/open', { token: staff })).status).toBe(200);
}, 90_000);
afterAll(async () => {
  process.stdout.write(`hall link down: ${JSON.stringify(figures)}\n`);
  await kiosk?.stop();
  await proxy?.close();
  await f?.close();
  await cluster?.stop();
});

describe('the link between a kiosk and the hall, down for long', () => {
  it(
    hallFault('link down 30 min').id,
    async () => {
      const first = (await issueTicket(kiosk.url, 'tax')).payload as Issued;
      expect(first).toMatchObject({ result: 'issued', ticket: { number: 'A001' } });
      expect(await printedOnce('A001')).toBe(1);

      proxy.set({ mode: 'down' });
      const downAt = Date.now();
      const counterKey = 'link-down-long-call-1';
      expect(await counterCalls(proxy.port, counterKey)).toBeNull();
      const tickets: { number: string; issuedAt: string; ms: number }[] = [];
      const rss: number[] = [];
      let slowest = 0;
      for (let i = 0; Date.now() - downAt < DOWN_MS - 1000; i++) {
        const t = Date.now();
        const r = (await issueTicket(kiosk.url, TURN[i % TURN.length]!)).payload as Issued;
        const ms = Date.now() - t;
        slowest = Math.max(slowest, ms);
        expect(r).toMatchObject({ result: 'issued', ticket: { offline: true } });
        tickets.push({ number: r.ticket.number, issuedAt: r.ticket.issuedAt, ms });
        expect(await printedOnce(r.ticket.number), r.ticket.number).toBe(1);
        rss.push(rssMb(kiosk.pid));
        await pause(Math.min(EVERY_MS - ms, DOWN_MS - (Date.now() - downAt)));
      }
      // The counter page is stale meanwhile: its action gets no answer.
      expect(await counterCalls(proxy.port, counterKey, 2000)).toBeNull();
      expect(offlineRows(kiosk).every((r) => r.state === 'pending')).toBe(true);
      const status = await runKiosk(['status', '--config', join(kiosk.dir, 'config.json')]);
      expect(status.stdout).toContain(`${tickets.length} offline ticket(s) waiting to sync`);

      proxy.set({ mode: 'up' });
      const upAt = Date.now();
      await until(
        'every offline ticket in the hall',
        async () => offlineRows(kiosk).every((r) => r.state === 'accepted'),
        DEFAULT_MAX_PROBE_MS + 10_000,
      );
      const joinedMs = Date.now() - upAt;
      // Online again: the next citizen gets a number of the hall.
      const after = (await issueTicket(kiosk.url, 'tax')).payload as Issued;
      expect(after).toMatchObject({ result: 'issued', ticket: { number: 'A002' } });
      expect(after.ticket.offline).toBeUndefined();
      // The counter's keyed call, sent again, is done once.
      const called = await until('the keyed call', () => counterCalls(proxy.port, counterKey), 20_000);
      expect(called).toBe('A001');
      expect(await counterCalls(proxy.port, counterKey)).toBe('A001');

      // Every offline ticket once in the hall, at the place of its issue time.
      const inHall = await f.db.pool.query<{ number: string; queued_at: Date; n: number }>(
        `SELECT number, min(queued_at) AS queued_at, count(*)::int AS n FROM tickets
         WHERE offline_series IS NOT NULL GROUP BY number`,
      );
      const byNumber = new Map(inHall.rows.map((r) => [r.number, r]));
      expect(inHall.rows.length).toBe(tickets.length);
      for (const t of tickets) {
        const row = byNumber.get(t.number);
        expect(row?.n).toBe(1);
        expect(Math.abs(row!.queued_at.getTime() - Date.parse(t.issuedAt))).toBeLessThan(1000);
      }
      const twice = await f.db.pool.query(
        'SELECT 1 FROM tickets GROUP BY business_date, number HAVING count(*) > 1',
      );
      expect(twice.rowCount).toBe(0);
      const calledTwice = await f.db.pool.query(
        `SELECT 1 FROM ticket_events WHERE event = 'called' GROUP BY ticket_id HAVING count(*) > 1`,
      );
      expect(calledTwice.rowCount).toBe(0);
      // Nothing printed twice: each offline ticket was checked as it was printed; nothing more since.
      expect(await printedOnce('A002')).toBe(1);
      for (const t of tickets.slice(-40)) expect(await printed(t.number), t.number).toBe(1);

      // The probe's back-off reached its cap and stayed there: a handful of probes, not one a second.
      // The last recovery: the one after this outage (not a blip while the kiosk started).
      const back = kiosk
        .logs()
        .filter((l) => l['msg'] === 'the hall answers again')
        .at(-1) as { probes: number; downMs: number } | undefined;
      expect(back).toBeDefined();
      const downFor = upAt - downAt;
      expect(back!.probes).toBeLessThanOrEqual(Math.ceil(downFor / DEFAULT_MAX_PROBE_MS) + 5);
      // Memory: after the first tickets (warm-up), flat within a few MB.
      const warm = rss.slice(Math.min(2, rss.length - 1));
      const growth = Math.max(...warm.slice(-3)) - Math.min(...warm.slice(0, 3));
      figures['down ms'] = downFor;
      figures['offline tickets'] = tickets.length;
      figures['slowest offline issue ms'] = slowest;
      figures['all offline tickets in the hall after heal ms'] = joinedMs;
      figures['probes while down'] = back!.probes;
      figures['kiosk rss MB first/last/max'] = [rss[0], rss.at(-1), Math.max(...rss)].map(
        (x) => Math.round(x! * 10) / 10,
      );
      figures['kiosk rss growth after warm-up MB'] = Math.round(growth * 10) / 10;
      expect(slowest).toBeLessThan(5000);
      expect(joinedMs).toBeLessThan(DEFAULT_MAX_PROBE_MS + 5000);
      // Memory is measured, not asserted, in the short run CI makes (a minute says nothing of a leak);
      // the 30-minute run (npm run hall:link-down-30min) holds the kiosk to 10 MB after its warm-up.
      if (DOWN_MS >= 30 * 60_000) expect(growth).toBeLessThan(10);
    },
    DOWN_MS + 180_000,
  );
});
