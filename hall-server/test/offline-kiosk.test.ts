// Two kiosk daemons (processes, emulated printers) in hall mode against a real hall (real PostgreSQL,
// HTTPS); the second reaches the hall through a fault proxy. The link drops: the second kiosk goes on
// issuing from its offline series and prints it so; online and offline tickets interleave; the link
// returns: every offline ticket joins the hall's queue at the place of its issue time, a counter calls
// them in that order, no number is on two tickets, and the caps add up as docs/queue.md says.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import { freePort, type PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy } from '../../tests/support/fault-proxy.ts';
import {
  runKiosk,
  startEmulatedDaemon,
  tempDir,
  type DaemonProcess,
  type ReceiptJson,
} from '../../tests/support/harness.ts';
import { issueTicket, TestSocket } from '../../tests/support/ws-client.ts';
import { fingerprint } from '../src/tls.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';
import { offlineRows, offlineSeriesOf, until } from './kiosk-link-support.ts';

const HALL_NAME = { zh: '区政务服务中心', en: 'District Government Service Centre' };
// The legal area has a daily cap of 3, in the hall and on the kiosks.
const CAPPED = AREAS.map((a) => (a.id === 'legal' ? { ...a, dailyCap: 3 } : a));

let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
let direct: DaemonProcess;
let behind: DaemonProcess;
const dir = tempDir('offline-kiosk');

async function enrolled(id: string): Promise<string> {
  const { code } = await f.hall.services.devices.register(
    { id, kind: 'kiosk', location: `${id} 一楼大厅` },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  const file = join(dir, `${id}.json`);
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file });
  return file;
}

const config = (credentialFile: string, url: string) => ({
  queue: { mode: 'hall' },
  hall: {
    name: HALL_NAME,
    server: { url, credentialFile, timeoutMs: 1500, attempts: 1, offlineSyncMs: 200 },
  },
  areas: CAPPED,
});

type Issued = {
  result: string;
  reason?: string;
  ticket: { number: string; offline?: boolean; issuedAt: string };
};
const take = async (d: DaemonProcess, areaId: string) => (await issueTicket(d.url, areaId)).payload as Issued;

beforeAll(async () => {
  cluster = await startTestCluster();
  const proxyPort = await freePort();
  f = await startHallFixture(cluster, {
    config: { areas: CAPPED },
    allowedHosts: [`127.0.0.1:${proxyPort}`],
  });
  const hall = new URL(f.url);
  proxy = await startFaultProxy({ host: hall.hostname, port: Number(hall.port) }, { port: proxyPort });
  const [a, b] = [await enrolled('kiosk-a'), await enrolled('kiosk-b')];
  [direct, behind] = await Promise.all([
    startEmulatedDaemon('offline-ka', { config: config(a, f.url) }),
    startEmulatedDaemon('offline-kb', { config: config(b, `https://127.0.0.1:${proxyPort}`) }),
  ]);
  // The kiosk behind the proxy has its offline series once its first sync round is done.
  await until('the offline series', async () => offlineSeriesOf(behind));
}, 90_000);
afterAll(async () => {
  await direct?.stop();
  await behind?.stop();
  await proxy?.close();
  await f?.close();
  await cluster?.stop();
});

describe('a kiosk that cannot reach the hall', () => {
  it('keeps issuing, marked offline; the hall takes the tickets at their place; no number twice', async () => {
    const series = offlineSeriesOf(behind)!;
    const a1 = await take(direct, 'tax');
    const b1 = await take(behind, 'tax');
    expect([a1.ticket.number, b1.ticket.number]).toEqual(['A001', 'A002']);

    proxy.set({ mode: 'down' });
    // A quarter of a second between citizens: the kiosk's measured offset is only as exact as half the
    // round trip it was measured over, so tickets issued milliseconds apart on two kiosks may swap.
    const apart = () => new Promise((r) => setTimeout(r, 250));
    const b2 = await take(behind, 'tax');
    await apart();
    const a2 = await take(direct, 'tax');
    await apart();
    const b3 = await take(behind, 'tax');
    const b4 = await take(behind, 'estate');
    const a3 = await take(direct, 'estate');
    expect(b2).toMatchObject({ result: 'issued', ticket: { number: `AK${series}-001`, offline: true } });
    expect(b3.ticket.number).toBe(`AK${series}-002`);
    expect(b4.ticket.number).toBe(`BK${series}-001`);
    expect([a2.ticket.number, a3.ticket.number]).toEqual(['A003', 'B001']);
    expect(a2.ticket.offline).toBeUndefined();
    // Printed, and the paper says it was issued offline.
    const printed = (await (
      await fetch(`${behind.url}emulator/api/emulators/ticketPrinter/receipts`)
    ).json()) as { receipts: ReceiptJson[] } | ReceiptJson[];
    const receipts = (Array.isArray(printed) ? printed : printed.receipts).map((r) => r.text.join('\n'));
    const offlinePaper = receipts.filter((t) => t.includes(`AK${series}-001`));
    expect(offlinePaper).toHaveLength(1);
    expect(offlinePaper[0]).toContain('离线取号');
    expect(offlinePaper[0]).toContain('Issued offline');
    expect(receipts.find((t) => t.includes('A002'))).not.toContain('离线取号');
    // The hall has none of them yet; the kiosk keeps them.
    const inHall = await f.db.pool.query<{ number: string }>('SELECT number FROM tickets ORDER BY id');
    expect(inHall.rows.map((r) => r.number)).toEqual(['A001', 'A002', 'A003', 'B001']);
    expect(offlineRows(behind).map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    // A technician's `kiosk status` says so, not the stale counts.
    const status = await runKiosk(['status', '--config', join(behind.dir, 'config.json')]);
    expect(status.stdout).toContain(
      "queue today: the hall's queue cannot be reached: issuing offline, 3 offline ticket(s) not yet sent",
    );

    proxy.set({ mode: 'up' });
    await until('the offline tickets in the hall', async () =>
      offlineRows(behind).every((r) => r.state === 'accepted'),
    );
    const dup = await f.db.pool.query(
      'SELECT business_date, number FROM tickets GROUP BY business_date, number HAVING count(*) > 1',
    );
    expect(dup.rows).toEqual([]);
    const late = await f.db.pool.query<{ number: string; issued_at: Date; kiosk_id: string; detail: string }>(
      `SELECT t.number, t.issued_at, t.kiosk_id, e.detail FROM tickets t
       JOIN ticket_events e ON e.ticket_id = t.id AND e.event = 'issued'
       WHERE t.offline_series IS NOT NULL ORDER BY t.id`,
    );
    expect(late.rows.map((r) => [r.number, r.kiosk_id])).toEqual([
      [`AK${series}-001`, 'kiosk-b'],
      [`AK${series}-002`, 'kiosk-b'],
      [`BK${series}-001`, 'kiosk-b'],
    ]);
    expect(late.rows.every((r) => r.detail.startsWith('late from offline kiosk'))).toBe(true);
    // At the place of its issue time (same machine: the measured offset is a few ms at most).
    expect(Math.abs(late.rows[0]!.issued_at.getTime() - Date.parse(b2.ticket.issuedAt))).toBeLessThan(1000);

    // A counter calls the tax queue in issue order: A001, A002, AK-001, A003, AK-002.
    const li = await f.login('1037');
    await f.call('POST', '/api/counter/w014/open', { token: li });
    const called: { number: string; offline?: boolean }[] = [];
    for (;;) {
      const r = await f.call('POST', '/api/counter/w014/call-next', { token: li });
      if (!r.body.ticket) break;
      called.push({ number: r.body.ticket.number, offline: r.body.state.current.offline });
      await f.call('POST', '/api/counter/w014/done', { token: li });
    }
    expect(called).toEqual([
      { number: 'A001', offline: undefined },
      { number: 'A002', offline: undefined },
      { number: `AK${series}-001`, offline: true },
      { number: 'A003', offline: undefined },
      { number: `AK${series}-002`, offline: true },
    ]);
  }, 90_000);

  it('enforces the cap offline from the last known count, and the hall counts the offline tickets after', async () => {
    expect((await take(direct, 'legal')).ticket.number).toBe('F001');
    // The kiosk behind the proxy reads the area screen: the hall has 1 of 3.
    const ws = await TestSocket.open(behind.url);
    ws.command('Queue.ListAreas', 1);
    await ws.completion(1);
    ws.close();

    proxy.set({ mode: 'down' });
    const series = offlineSeriesOf(behind)!;
    const first = await take(behind, 'legal');
    const second = await take(behind, 'legal');
    const third = await take(behind, 'legal');
    expect([first.ticket.number, second.ticket.number]).toEqual([`FK${series}-001`, `FK${series}-002`]);
    expect(third).toMatchObject({ result: 'refused', reason: 'capReached' });
    // Meanwhile the other kiosk, online, takes the cap's last place: the one over-issue the docs allow.
    expect((await take(direct, 'legal')).ticket.number).toBe('F002');

    proxy.set({ mode: 'up' });
    await until('the offline legal tickets in the hall', async () =>
      offlineRows(behind).every((r) => r.state === 'accepted'),
    );
    const counted = await f.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE area_id = 'legal'`,
    );
    expect(counted.rows[0]!.n).toBe(4);
    // Both kiosks are refused now: the hall counts the offline tickets against the cap.
    expect(await take(direct, 'legal')).toMatchObject({ result: 'refused', reason: 'capReached' });
    expect(await take(behind, 'legal')).toMatchObject({ result: 'refused', reason: 'capReached' });
  }, 90_000);

  it('goes offline after one time-out on a half-open link, and the ticket reaches the hall once it heals', async () => {
    const series = offlineSeriesOf(behind)!;
    proxy.set({ mode: 'blackhole' });
    const started = Date.now();
    const t = await take(behind, 'social');
    expect(t).toMatchObject({ result: 'issued', ticket: { number: `CK${series}-001`, offline: true } });
    // One request's time-out (1.5 s) and no more: the next ticket does not wait for the hall.
    const firstMs = Date.now() - started;
    expect(firstMs).toBeLessThan(6000);
    const quick = Date.now();
    expect((await take(behind, 'social')).ticket.number).toBe(`CK${series}-002`);
    const nextMs = Date.now() - quick;
    // Shorter than one time-out: asking the hall again would take at least that long.
    expect(nextMs).toBeLessThan(1500);
    process.stdout.write(
      `half-open link (time-out 1500 ms): first offline ticket in ${firstMs} ms, the next in ${nextMs} ms\n`,
    );
    proxy.set({ mode: 'up' });
    await until('the social tickets in the hall', async () =>
      offlineRows(behind).every((r) => r.state === 'accepted'),
    );
    const rows = await f.db.pool.query<{ number: string }>(
      `SELECT number FROM tickets WHERE area_id = 'social' ORDER BY queued_at, id`,
    );
    expect(rows.rows.map((r) => r.number)).toEqual([`CK${series}-001`, `CK${series}-002`]);
  }, 60_000);

  it('after a power cut while offline the kiosk goes on with its series; the hall gets every ticket once', async () => {
    const series = offlineSeriesOf(behind)!;
    proxy.set({ mode: 'down' });
    const before = await take(behind, 'hr');
    expect(before.ticket.number).toBe(`EK${series}-001`);
    await behind.kill9();
    behind = await startEmulatedDaemon('offline-kb', {
      dir: behind.dir,
      config: config(join(dir, 'kiosk-b.json'), `https://127.0.0.1:${proxy.port}`),
    });
    // The series and the clock offset were on disk; the hall's counts and salt were not (docs/queue.md).
    const after = await take(behind, 'hr');
    expect(after).toMatchObject({ result: 'issued', ticket: { number: `EK${series}-002`, offline: true } });
    const upAt = Date.now();
    proxy.set({ mode: 'up' });
    await until('the hr tickets in the hall', async () =>
      offlineRows(behind).every((r) => r.state === 'accepted'),
    );
    process.stdout.write(
      `offline tickets in the hall ${Date.now() - upAt} ms after the link came back (sync every 200 ms)\n`,
    );
    const rows = await f.db.pool.query<{ number: string }>(
      `SELECT number FROM tickets WHERE area_id = 'hr' ORDER BY queued_at, id`,
    );
    expect(rows.rows.map((r) => r.number)).toEqual([`EK${series}-001`, `EK${series}-002`]);
    const dup = await f.db.pool.query(
      'SELECT business_date, number FROM tickets GROUP BY business_date, number HAVING count(*) > 1',
    );
    expect(dup.rows).toEqual([]);
  }, 90_000);
});
