// A partition during the hall's midnight rollover (docs/queue.md#midnight): two kiosk daemons in hall
// mode (in this process, with injected clocks; one of them 40 s slow) reach a hall on a manual clock
// through the fault proxy. The link drops at 23:58 hall time and comes back at 00:03; meanwhile each
// kiosk issues offline before and after midnight by its own clock corrected by its measured offset, and
// a counter calls before and after. Checked from the database after the link heals: the day of every
// ticket is the day of its hall-corrected issue time, no number twice, the new day's online numbers
// from 001 without a gap, the old day's waiting tickets (online and late offline ones) called after
// midnight ahead of the new day's, caps counted in their own day, and the kiosk's ticket dated by the
// hall. The control: the hall's clock crossing midnight while the kiosks are online.
import { request } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock, type Clock } from '@hall-kiosk/shared';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon } from '../../device-daemon/src/app/start-daemon.ts';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import { EmulatedDevices } from '../../device-daemon/src/mock/index.ts';
import { freePort, type PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy } from '../../tests/support/fault-proxy.ts';
import { tempDir } from '../../tests/support/harness.ts';
import { issueTicket, TestSocket } from '../../tests/support/ws-client.ts';
import { fingerprint } from '../src/tls.ts';
import { hallFault } from './hall-faults.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';
import { until as waitFor } from './kiosk-link-support.ts';

/** A time of the hall's zone (Asia/Shanghai, UTC+8, no summer time). */
const hall = (local: string) => Date.parse(`${local}+08:00`);
// The legal area takes 2 tickets a day, in the hall and on the kiosks.
const CAPPED = AREAS.map((a) => (a.id === 'legal' ? { ...a, dailyCap: 2 } : a));
const SLOW_MS = -40_000;

const hallClock = new ManualClock(hall('2026-11-29T23:58:00'));
let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
const dir = tempDir('midnight-partition');
type Kiosk = { daemon: Awaited<ReturnType<typeof startDaemon>>; dataDir: string };
let onTime: Kiosk;
let slow: Kiosk;

/** Moves the hall's clock (and with it both kiosks' clocks) to a hall time, firing the hall's timers. */
async function advanceTo(t: number): Promise<void> {
  if (t < hallClock.now()) throw new Error('the hall clock does not go back');
  await hallClock.advance(t - hallClock.now());
}

/** Waits for `probe`, polled every 50 ms (20 s at most). */
const until = <T>(what: string, probe: () => T | null | undefined | false) =>
  waitFor(what, probe, 20_000, 50);

function kioskDb<T>(k: Kiosk, read: (db: Database.Database) => T): T {
  const db = new Database(join(k.dataDir, 'kiosk.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const seriesOf = (k: Kiosk) =>
  kioskDb(
    k,
    (db) => (db.prepare('SELECT series FROM offline_series').get() as { series: number } | undefined)?.series,
  );
const offsetOf = (k: Kiosk) =>
  kioskDb(
    k,
    (db) =>
      (
        db.prepare('SELECT clock_offset_ms AS o FROM offline_series').get() as
          { o: number | null } | undefined
      )?.o,
  );
const allSent = (k: Kiosk) =>
  kioskDb(k, (db) =>
    (db.prepare('SELECT state FROM offline_tickets').all() as { state: string }[]).every(
      (r) => r.state === 'accepted',
    ),
  );

/** A kiosk daemon in hall mode, reaching the hall through the proxy, whose clock is the hall's plus `skewMs`. */
async function kiosk(id: string, skewMs: number): Promise<Kiosk> {
  const cred = join(dir, `${id}.json`);
  const { code } = await f.hall.services.devices.register(
    { id, kind: 'kiosk', location: id },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file: cred });
  const dataDir = tempDir(`midnight-${id}`);
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir,
      devices: { ticketPrinter: { connection: { emulated: {} } } },
      queue: { mode: 'hall' },
      hall: {
        name: { zh: '区政务服务中心', en: 'District centre' },
        server: {
          url: `https://127.0.0.1:${proxy.port}`,
          credentialFile: cred,
          timeoutMs: 1500,
          attempts: 1,
          offlineSyncMs: 200,
        },
      },
      areas: CAPPED,
    },
    'test',
    dataDir,
  );
  const clock: Clock = { ...systemClock, now: () => hallClock.now() + skewMs };
  const daemon = await startDaemon(config, {
    log: silentLogger,
    uiDir: null,
    clock,
    emulation: new EmulatedDevices(),
  });
  const k = { daemon, dataDir };
  await until('the printer online', () => daemon.registry.statuses()[0]?.state === 'online');
  await until(`${id}'s offline series`, () => seriesOf(k));
  return k;
}

type Issued = {
  result: string;
  reason?: string;
  ticket: { id: number; number: string; businessDate: string; issuedAt: string; offline?: boolean };
};
const take = async (k: Kiosk, areaId: string) => (await issueTicket(k.daemon.url, areaId)).payload as Issued;

/** An area as the kiosk's area screen shows it (`Queue.ListAreas`). */
async function areaOnScreen(k: Kiosk, areaId: string) {
  const ws = await TestSocket.open(k.daemon.url);
  try {
    ws.command('Queue.ListAreas', 3, {});
    const { areas } = (await ws.completion(3)).payload as {
      areas: { area: { id: string }; availability: { open: boolean; reason?: string }; waiting: number }[];
    };
    return areas.find((a) => a.area.id === areaId)!;
  } finally {
    ws.close();
  }
}

/** What a kiosk's printer printed (the slips' text). */
async function slips(k: Kiosk): Promise<string[]> {
  const res = await fetch(`${k.daemon.url}emulator/api/emulators/ticketPrinter/receipts`);
  const body = (await res.json()) as { receipts: { text: string[] }[] } | { text: string[] }[];
  return (Array.isArray(body) ? body : body.receipts).map((r) => r.text.join('\n'));
}

/** A window's staff member signed in and the window open; `next` presses call next (the current one done). */
async function window(staff: string, counterId: string) {
  const token = await f.login(staff);
  const open = await f.call('POST', `/api/counter/${counterId}/open`, { token });
  expect(open.status).toBe(200);
  return {
    token,
    async next(): Promise<string | null> {
      const r = await f.call('POST', `/api/counter/${counterId}/call-next`, { token });
      expect(r.status).toBe(200);
      return (r.body.ticket as { number: string } | null)?.number ?? null;
    },
    async drain(): Promise<string[]> {
      const called: string[] = [];
      for (let n = await this.next(); n !== null; n = await this.next()) called.push(n);
      return called;
    },
  };
}

/**
 * A counter's live feed (`GET /api/counter/:id/events`), as the counter page holds it open: the
 * ticket events and the heartbeats (which carry the hall's clock) it received.
 */
function liveFeed(token: string, counterId: string) {
  const got: { event: string; data: string }[] = [];
  let buffer = '';
  const req = request(`${f.url}/api/counter/${counterId}/events`, {
    ca: f.ca,
    checkServerIdentity: (_h, cert) => checkServerIdentity(new URL(f.url).hostname, cert),
    headers: { host: new URL(f.url).host, authorization: `Bearer ${token}` },
  });
  req.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (block.some((l) => l.startsWith(': live since'))) got.push({ event: 'open', data: '' });
        const event = block.find((l) => l.startsWith('event: '))?.slice(7);
        const data = block.find((l) => l.startsWith('data: '))?.slice(6);
        if (event && data !== undefined) got.push({ event, data });
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    opened: () => got.some((g) => g.event === 'open'),
    tickets: () =>
      got
        .filter((g) => g.event === 'ticket')
        .map((g) => JSON.parse(g.data) as { event: string; ticketId: number }),
    beats: () => got.filter((g) => g.event === 'beat').map((g) => Number(g.data)),
    close: () => req.destroy(),
  };
}

type Row = {
  id: number;
  number: string;
  business_date: string;
  issued_at: Date;
  state: string;
  offline: boolean;
  kiosk_id: string;
  called_day: string | null;
};
async function ticketsOf(areaId: string): Promise<Row[]> {
  const { rows } = await f.db.pool.query<Row>(
    `SELECT t.id, t.number, t.business_date, t.issued_at, t.state, t.offline_series IS NOT NULL AS offline, t.kiosk_id,
       (SELECT e.business_date FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'called'
        ORDER BY e.id LIMIT 1) AS called_day
     FROM tickets t WHERE t.area_id = $1 ORDER BY t.queued_at, t.id`,
    [areaId],
  );
  return rows;
}

async function noNumberTwice(): Promise<void> {
  const dup = await f.db.pool.query(
    'SELECT business_date, number FROM tickets GROUP BY business_date, number HAVING count(*) > 1',
  );
  expect(dup.rows).toEqual([]);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const proxyPort = await freePort();
  f = await startHallFixture(cluster, {
    clock: hallClock,
    config: { areas: CAPPED },
    allowedHosts: [`127.0.0.1:${proxyPort}`],
  });
  const target = new URL(f.url);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port) }, { port: proxyPort });
  [onTime, slow] = await Promise.all([kiosk('kiosk-on-time', 0), kiosk('kiosk-slow', SLOW_MS)]);
  // Two police tickets of the 29th nobody calls that night (the partition test calls one on the 30th).
  expect((await take(onTime, 'police')).ticket).toMatchObject({ number: 'G001', businessDate: '2026-11-29' });
  expect((await take(onTime, 'police')).ticket).toMatchObject({ number: 'G002', businessDate: '2026-11-29' });
}, 60_000);
afterAll(async () => {
  await onTime?.daemon.close();
  await slow?.daemon.close();
  await proxy?.close();
  await f?.close();
  await cluster?.stop();
});

describe(hallFault('partition at midnight').id, () => {
  it('the control: the hall’s clock crosses midnight while the kiosks are online', async () => {
    const w = await window('1038', 'w022'); // the approval window
    await advanceTo(hall('2026-11-29T23:59:00'));
    expect((await take(onTime, 'approval')).ticket.number).toBe('J001');
    expect((await take(slow, 'approval')).ticket.number).toBe('J002');
    expect(await w.next()).toBe('J001');

    await advanceTo(hall('2026-11-30T00:00:30'));
    // The slow kiosk's own clock says 23:59:50: the hall's clock decides the day and the number.
    const first = await take(slow, 'approval');
    expect(first.ticket).toMatchObject({ number: 'J001', businessDate: '2026-11-30' });
    expect(Date.parse(first.ticket.issuedAt)).toBe(hall('2026-11-30T00:00:30'));
    expect((await take(onTime, 'approval')).ticket.number).toBe('J002');
    // The old day's J002 still waits and is called first; then the new day's in order.
    expect(await w.drain()).toEqual(['J002', 'J001', 'J002']);

    const rows = await ticketsOf('approval');
    expect(rows.map((r) => [r.number, r.business_date, r.state, r.called_day])).toEqual([
      ['J001', '2026-11-29', 'done', '2026-11-29'],
      ['J002', '2026-11-29', 'done', '2026-11-30'],
      ['J001', '2026-11-30', 'done', '2026-11-30'],
      ['J002', '2026-11-30', 'done', '2026-11-30'],
    ]);
    await noNumberTwice();
  }, 30_000);

  it('a partition across midnight: each ticket in the day of its hall-corrected issue time', async () => {
    const OLD = '2026-11-30';
    const NEW = '2026-12-01';
    const [s1, s2] = [seriesOf(onTime)!, seriesOf(slow)!];
    expect(s1).not.toBe(s2);
    await advanceTo(hall(`${OLD}T23:55:00`));
    const w = await window('1037', 'w014'); // the tax window
    const police = await window('1038', 'w020');
    const pad = await f.enrol({ id: 'pad-w014', kind: 'pad', counterId: 'w014' });
    // A ticket of the day before is still called today (the citizen may still be there) …
    expect(await police.next()).toBe('G001');
    const feed = liveFeed(await f.login('1037'), 'w014');
    await until('the live feed open', () => feed.opened());
    expect((await take(onTime, 'tax')).ticket.number).toBe('A001');
    expect((await take(slow, 'tax')).ticket.number).toBe('A002');
    // The legal area's cap of 2 is reached in the old day.
    expect((await take(onTime, 'legal')).ticket.number).toBe('F001');
    expect((await take(slow, 'legal')).ticket.number).toBe('F002');
    expect(await take(onTime, 'legal')).toMatchObject({ result: 'refused', reason: 'capReached' });
    // The slow kiosk's area screen knows it (and keeps these counts for while the link is down).
    expect((await areaOnScreen(slow, 'legal')).availability).toMatchObject({
      open: false,
      reason: 'capReached',
    });
    await advanceTo(hall(`${OLD}T23:56:00`));
    expect(await w.next()).toBe('A001');

    // 23:58: the link drops. The hall's clock jumps in this test (a sync round that straddles a jump
    // measures a wrong offset, which a real clock never does), so first the kiosks measure their
    // offsets once more on a still clock: exactly 0 and +40 s.
    await advanceTo(hall(`${OLD}T23:58:00`));
    await until(
      'offsets measured on a still clock',
      () => offsetOf(onTime) === 0 && offsetOf(slow) === -SLOW_MS,
    );
    proxy.set({ mode: 'down' });
    await advanceTo(hall(`${OLD}T23:58:30`));
    const old1 = await take(onTime, 'tax');
    expect(old1).toMatchObject({
      result: 'issued',
      ticket: { number: `AK${s1}-001`, businessDate: OLD, offline: true },
    });
    expect(Date.parse(old1.ticket.issuedAt)).toBe(hall(`${OLD}T23:58:30`));
    await advanceTo(hall(`${OLD}T23:59:40`));
    // The slow kiosk's clock says 23:59:00.
    const old2 = await take(slow, 'tax');
    expect(old2.ticket).toMatchObject({ number: `AK${s2}-001`, businessDate: OLD, offline: true });
    expect(Date.parse(old2.ticket.issuedAt)).toBe(hall(`${OLD}T23:59:40`));

    // 00:00:30 by the hall; the slow kiosk's own clock says 23:59:50, but its measured offset (+40 s)
    // puts the ticket in the new day: its series restarts at 001 for the new day.
    await advanceTo(hall(`${NEW}T00:00:30`));
    const new2 = await take(slow, 'tax');
    expect(new2.ticket).toMatchObject({ number: `AK${s2}-001`, businessDate: NEW, offline: true });
    expect(Date.parse(new2.ticket.issuedAt)).toBe(hall(`${NEW}T00:00:30`));
    // The slip carries the hall's date and time, not the kiosk's.
    const slip = (await slips(slow)).at(-1)!;
    expect(slip).toContain('2026-12-01');
    expect(slip).toContain('00:00');
    expect(slip).not.toContain('2026-11-30');
    // The time the kiosk page shows is its clock plus the offset it measured before the link dropped.
    const ws = await TestSocket.open(slow.daemon.url);
    try {
      ws.command('Kiosk.Clock', 7, {});
      const shown = (await ws.completion(7)).payload as { offsetMs: number; measured: boolean };
      expect(shown.measured).toBe(true);
      expect(Math.abs(shown.offsetMs + SLOW_MS)).toBeLessThanOrEqual(1500);
    } finally {
      ws.close();
    }
    // A new day's cap: the area screen shows the legal area open again (the old day's counts are not
    // the new day's), and it takes tickets (offline, counted in the new day).
    expect((await areaOnScreen(slow, 'legal')).availability).toMatchObject({ open: true });
    const legal = await take(slow, 'legal');
    expect(legal.ticket).toMatchObject({ number: `FK${s2}-001`, businessDate: NEW });
    await advanceTo(hall(`${NEW}T00:01:00`));
    const new1 = await take(onTime, 'tax');
    expect(new1.ticket).toMatchObject({ number: `AK${s1}-001`, businessDate: NEW, offline: true });

    // 00:02: the counter calls. The old day's A002 still waits (the citizen is still in the hall).
    await advanceTo(hall(`${NEW}T00:02:00`));
    const before = await f.call('GET', '/api/counter/w014', { token: await f.login('1037') });
    expect(before.body.waiting).toEqual([{ areaId: 'tax', priority: 0, regular: 1 }]);
    // The zone display counts it too.
    const display = await f.enrol({ id: 'display-midnight', kind: 'display', zoneId: 'z1' });
    const shown = await f.call('GET', '/api/display/state', { token: display });
    expect(shown.body.areas.find((a: { id: string }) => a.id === 'tax').waiting).toBe(1);
    expect(await w.next()).toBe('A002');
    // Served by 00:02:30, the citizen rates the service on the window's pad: a ticket finished today
    // (by the hall's clock) is ratable whatever its day, and the rating counts in the ticket's day.
    await advanceTo(hall(`${NEW}T00:02:30`));
    expect((await f.call('POST', '/api/counter/w014/done', { token: w.token })).status).toBe(200);
    const toRate = (await f.call('GET', '/api/pad/state', { token: pad })).body.toRate as {
      ticketId: number;
      number: string;
    } | null;
    expect(toRate?.number).toBe('A002');
    const rated = await f.call('POST', '/api/pad/ratings', {
      token: pad,
      body: { ticketId: toRate!.ticketId, level: 5, reasons: [], idempotencyKey: 'midnight-pad-0001' },
    });
    expect(rated.status).toBe(201);
    const rating = await f.db.pool.query('SELECT business_date FROM ratings WHERE id = $1', [
      rated.body.ratingId,
    ]);
    expect(rating.rows).toEqual([{ business_date: OLD }]);
    // … but not after its next day: the 29th's G002 has left the queue on the 1st.
    expect(await police.next()).toBeNull();

    // 00:03: the link returns; every offline ticket reaches the hall.
    await advanceTo(hall(`${NEW}T00:03:00`));
    proxy.set({ mode: 'up' });
    await until('the offline tickets in the hall', () => allSent(onTime) && allSent(slow));
    // Online again: the new day's numbers start at 001.
    await advanceTo(hall(`${NEW}T00:04:00`));
    // People ahead count the old day's late offline tickets still waiting, and the new day's.
    expect((await take(onTime, 'tax')).ticket).toMatchObject({
      number: 'A001',
      businessDate: NEW,
      peopleAhead: 4,
    });
    expect((await take(slow, 'tax')).ticket).toMatchObject({
      number: 'A002',
      businessDate: NEW,
      peopleAhead: 5,
    });
    // The legal cap of the new day counts the offline ticket: one more online, then refused.
    expect((await take(onTime, 'legal')).ticket).toMatchObject({ number: 'F001', businessDate: NEW });
    expect(await take(slow, 'legal')).toMatchObject({ result: 'refused', reason: 'capReached' });

    // The citizens who took a ticket at 23:58 and 23:59 are served first, then the new day's in order.
    await advanceTo(hall(`${NEW}T00:05:00`));
    expect(await w.drain()).toEqual([
      `AK${s1}-001`,
      `AK${s2}-001`,
      `AK${s2}-001`,
      `AK${s1}-001`,
      'A001',
      'A002',
    ]);

    const tax = await ticketsOf('tax');
    expect(tax.map((r) => [r.number, r.business_date, r.offline, r.kiosk_id, r.called_day])).toEqual([
      ['A001', OLD, false, 'kiosk-on-time', OLD],
      ['A002', OLD, false, 'kiosk-slow', NEW],
      [`AK${s1}-001`, OLD, true, 'kiosk-on-time', NEW],
      [`AK${s2}-001`, OLD, true, 'kiosk-slow', NEW],
      [`AK${s2}-001`, NEW, true, 'kiosk-slow', NEW],
      [`AK${s1}-001`, NEW, true, 'kiosk-on-time', NEW],
      ['A001', NEW, false, 'kiosk-on-time', NEW],
      ['A002', NEW, false, 'kiosk-slow', NEW],
    ]);
    // Every ticket's day is the day of its hall-corrected issue time.
    const midnight = hall(`${NEW}T00:00:00`);
    for (const r of [...tax, ...(await ticketsOf('legal'))])
      expect([r.number, r.business_date]).toEqual([r.number, r.issued_at.getTime() < midnight ? OLD : NEW]);
    expect(tax.every((r) => r.state === 'done')).toBe(true);
    // The caps: the old day's legal row full by its two online tickets, the new day's by one offline
    // and one online ticket.
    const days = await f.db.pool.query<{ business_date: string; last_seq: number; offline_count: number }>(
      `SELECT business_date, last_seq, offline_count FROM area_day_numbers WHERE area_id = 'legal' ORDER BY business_date`,
    );
    expect(days.rows).toEqual([
      { business_date: OLD, last_seq: 2, offline_count: 0 },
      { business_date: NEW, last_seq: 1, offline_count: 1 },
    ]);
    const g002 = await f.db.pool.query<{ state: string }>(
      `SELECT state FROM tickets WHERE business_date = '2026-11-29' AND number = 'G002'`,
    );
    expect(g002.rows).toEqual([{ state: 'waiting' }]);
    await noNumberTwice();

    // The counter page's live feed was open across midnight and the partition: each offline ticket
    // arrived as an `issued` event once the link healed, every call of the tax queue was seen, and
    // its heartbeats carried the hall's clock past midnight.
    await until('the last call in the live feed', () =>
      feed.tickets().some((e) => e.event === 'called' && e.ticketId === tax.at(-1)!.id),
    );
    const seen = feed.tickets();
    feed.close();
    for (const r of tax.filter((t) => t.offline))
      expect(seen.filter((e) => e.ticketId === r.id && e.event === 'issued')).toHaveLength(1);
    for (const r of tax.slice(1))
      expect(seen.filter((e) => e.ticketId === r.id && e.event === 'called')).toHaveLength(1);
    expect(feed.beats().some((b) => b < midnight)).toBe(true);
    expect(feed.beats().some((b) => b > midnight)).toBe(true);
  }, 60_000);
});
