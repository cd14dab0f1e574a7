// The link between a kiosk (and a counter) and the hall server, broken in each way of the fault
// matrix (docs/hall-faults.md): the fault proxy of tests/support sits between them and the hall; the
// kiosk is a daemon in hall mode with its default time-out and attempts (in this process, without a
// printer, so it cannot issue offline; for the half-open link also one with an emulated printer, a
// process), the counter a client of the counter API sending each action with its idempotency key, as
// the page does. Each scenario checks what the kiosk answered, that nothing was issued or called
// twice, and that both work again by themselves once the link is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_TICKET_TIMEOUT_MS } from '@hall-kiosk/shared';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { HALL_ISSUE_BUDGET_MS } from '../../device-daemon/src/hall-link/budget.ts';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon } from '../../device-daemon/src/app/start-daemon.ts';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import { freePort, type PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy, type LinkMode } from '../../tests/support/fault-proxy.ts';
import { startEmulatedDaemon, tempDir, type DaemonProcess } from '../../tests/support/harness.ts';
import { issueTicket, TestSocket } from '../../tests/support/ws-client.ts';
import { fingerprint } from '../src/tls.ts';
import { hallFault } from './hall-faults.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';
import { counterCallsThrough, offlineRows, offlineSeriesOf, until as waitFor } from './kiosk-link-support.ts';

let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
let proxyPort: number;
let staff: string;
let daemon: Awaited<ReturnType<typeof startDaemon>> | null = null;
let keys = 0;
const dir = tempDir('hall-link-faults');

/** The kiosk daemon, enrolled directly, then pointed at the hall through the proxy. */
async function startKiosk(): Promise<void> {
  const cred = `${dir}/kiosk-link.json`;
  const { code } = await f.hall.services.devices.register(
    { id: `kiosk-link-${++keys}`, kind: 'kiosk', location: 'link' },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file: cred });
  const dataDir = tempDir('hall-link-kiosk');
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir,
      devices: {},
      queue: { mode: 'hall' },
      hall: {
        name: { zh: '区政务服务中心', en: 'District centre' },
        server: { url: `https://127.0.0.1:${proxyPort}`, credentialFile: cred },
      },
      areas: AREAS,
    },
    'test',
    dataDir,
  );
  daemon = await startDaemon(config, { log: silentLogger, uiDir: null });
}

type Issued = { result: 'issued'; ticket: { id: number; number: string } };
type Refused = { result: 'refused'; reason: string };
async function kioskIssues(
  areaId = 'approval',
): Promise<{ answer: Issued | Refused; ms: number; status: string | null }> {
  if (!daemon) await startKiosk(); // a scenario run alone (-t)
  const t = Date.now();
  const ws = await TestSocket.open(daemon!.url);
  try {
    ws.command('Queue.IssueTicket', 1, { areaId });
    // The kiosk page waits 30 s for a command (protocol.md); the hall link's attempts fit in it.
    const r = await ws.next((m) => m.header.type === 'completion' && m.header.requestId === 1, 90_000);
    const status = (r.header as { status?: string | null }).status ?? null;
    return { answer: r.payload as Issued | Refused, ms: Date.now() - t, status };
  } finally {
    ws.close();
  }
}

/** The page's way: the same key again until answered (at most `tries`). */
/** call next at w001 through the proxy with a key, waiting `timeoutMs` like the page (null: no answer). */
/** Waits for `probe` (30 s at most by default). */
const until = <T>(what: string, probe: () => Promise<T | null | false>, ms = 30_000) =>
  waitFor(what, probe, ms);

const counterCalls = (key: string, timeoutMs = 8000) =>
  counterCallsThrough({ port: proxyPort, ca: f.ca, token: staff, key, timeoutMs });

async function counterCallsUntilAnswered(key: string, tries = 6): Promise<string | null> {
  for (let i = 0; i < tries; i++) {
    const n = await counterCalls(key);
    if (n !== null) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

async function invariants(): Promise<{ numbersTwice: number; calledTwice: number }> {
  // A sequence number or a number on two tickets (offline tickets have no sequence number).
  const twice = await f.db.pool.query(
    `SELECT 1 FROM tickets WHERE seq IS NOT NULL GROUP BY area_id, business_date, seq HAVING count(*) > 1
     UNION ALL SELECT 1 FROM tickets GROUP BY business_date, number HAVING count(*) > 1`,
  );
  const called = await f.db.pool.query(
    `SELECT 1 FROM ticket_events WHERE event = 'called' GROUP BY ticket_id HAVING count(*) > 1`,
  );
  return { numbersTwice: twice.rowCount ?? 0, calledTwice: called.rowCount ?? 0 };
}

/** A kiosk daemon with an emulated printer (a process), the default hall settings, through the proxy. */
let printing: DaemonProcess | null = null;
async function printingKiosk(): Promise<DaemonProcess> {
  if (printing) return printing;
  const { code } = await f.hall.services.devices.register(
    { id: 'kiosk-link-printing', kind: 'kiosk', location: 'link' },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  const credentialFile = `${dir}/kiosk-link-printing.json`;
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file: credentialFile });
  printing = await startEmulatedDaemon('hall-link-printing', {
    config: {
      queue: { mode: 'hall' },
      hall: {
        name: { zh: '区政务服务中心', en: 'District centre' },
        server: { url: `https://127.0.0.1:${proxyPort}`, credentialFile },
      },
      areas: AREAS,
    },
  });
  const p = printing;
  // Its offline series comes with its first sync round.
  await until('the offline series', async () => offlineSeriesOf(p) !== null);
  return p;
}

type PrintedTicket = { result: 'issued'; ticket: { id: number; number: string; offline?: boolean } };
async function printingIssues(
  d: DaemonProcess,
  areaId: string,
): Promise<{ answer: PrintedTicket; ms: number }> {
  const t = Date.now();
  const r = await issueTicket(d.url, areaId);
  return { answer: r.payload as PrintedTicket, ms: Date.now() - t };
}

const figures: Record<string, unknown> = {};

beforeAll(async () => {
  cluster = await startTestCluster();
  proxyPort = await freePort();
  f = await startHallFixture(cluster, { allowedHosts: [`127.0.0.1:${proxyPort}`] });
  const hall = new URL(f.url);
  proxy = await startFaultProxy({ host: hall.hostname, port: Number(hall.port) }, { port: proxyPort });
  staff = await f.login('1037');
  expect((await f.call('POST', '/api/counter/w001/open', { token: staff })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  process.stdout.write(`hall link faults: ${JSON.stringify(figures)}\n`);
  await daemon?.close();
  await printing?.stop();
  await proxy?.close();
  await f?.close();
  await cluster?.stop();
});

const set = (m: LinkMode) => proxy.set(m);

describe('the link between kiosks, counters and the hall server', () => {
  it(
    hallFault('hall unreachable at start-up').id,
    async () => {
      set({ mode: 'down' });
      await startKiosk();
      const refused = await kioskIssues();
      expect(refused.answer).toMatchObject({ result: 'refused', reason: 'hallUnreachable' });
      set({ mode: 'up' });
      const issued = await kioskIssues();
      expect(issued.answer).toMatchObject({ result: 'issued' });
      figures['start-up: refusal ms'] = refused.ms;
    },
    60_000,
  );

  it(
    hallFault('link down 10 s').id,
    async () => {
      set({ mode: 'down' });
      const refused = await kioskIssues();
      expect(refused.answer).toMatchObject({ result: 'refused', reason: 'hallUnreachable' });
      // The counter's action gets no answer (refused at once), so the page keeps the key for Retry.
      expect(await counterCalls('link-down-call-1')).toBeNull();
      const before = (await f.db.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n as number;
      await new Promise((r) => setTimeout(r, 10_000));
      set({ mode: 'up' });
      expect((await kioskIssues()).answer).toMatchObject({ result: 'issued' });
      expect(await counterCallsUntilAnswered('link-down-call-1')).not.toBeNull();
      // Nothing was issued while the link was down, one ticket after.
      expect((await f.db.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before + 1);
      expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
      figures['down: refusal ms'] = refused.ms;
    },
    60_000,
  );

  it(
    hallFault('30 % packet loss').id,
    async () => {
      set({ mode: 'loss', rate: 0.3, rtoMs: 200 });
      const numbers: string[] = [];
      let slowest = 0;
      for (let i = 0; i < 8; i++) {
        const r = await kioskIssues('legal');
        slowest = Math.max(slowest, r.ms);
        if (r.answer.result === 'issued') numbers.push(r.answer.ticket.number);
      }
      const calls: (string | null)[] = [];
      for (let i = 0; i < 4; i++) calls.push(await counterCallsUntilAnswered(`loss-call-${i}`));
      set({ mode: 'up' });
      // Every ticket issued (TCP delivers late, never loses), in one gapless series; every call answered.
      expect(numbers).toEqual(['F001', 'F002', 'F003', 'F004', 'F005', 'F006', 'F007', 'F008']);
      expect(calls.every((c) => c !== null)).toBe(true);
      expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
      figures['loss: slowest issue ms'] = slowest;
    },
    120_000,
  );

  it(
    hallFault('2 s latency').id,
    async () => {
      set({ mode: 'latency', delayMs: 1000 });
      const r = await kioskIssues('police');
      const call = await counterCallsUntilAnswered('latency-call-1', 2);
      set({ mode: 'up' });
      expect(r.answer).toMatchObject({ result: 'issued' });
      expect(call).not.toBeNull();
      expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
      figures['latency: issue ms'] = r.ms;
    },
    120_000,
  );

  it(
    hallFault('half-open link').id,
    async () => {
      const printing = await printingKiosk();
      set({ mode: 'blackhole' });
      const count = async () =>
        (await f.db.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n as number;
      const before = await count();
      // The kiosk without a printer cannot issue offline: it refuses within the issue budget, not
      // with the daemon's command time-out.
      const refused = await kioskIssues('traffic');
      expect(refused.answer).toMatchObject({ result: 'refused', reason: 'hallUnreachable' });
      expect(refused.ms).toBeLessThan(HALL_ISSUE_BUDGET_MS + 3000);
      // The kiosk with a printer, default settings: an offline ticket in seconds, well inside the
      // page's wait; the next citizen does not wait for the hall at all (the link is suspect).
      const first = await printingIssues(printing, 'traffic');
      expect(first.answer).toMatchObject({ result: 'issued', ticket: { offline: true } });
      expect(first.ms).toBeLessThan(HALL_ISSUE_BUDGET_MS + 3000);
      expect(first.ms).toBeLessThan(ISSUE_TICKET_TIMEOUT_MS);
      const next = await printingIssues(printing, 'traffic');
      expect(next.answer).toMatchObject({ result: 'issued', ticket: { offline: true } });
      // Shorter than one attempt's time-out (5 s by default): asking the hall again would take that long.
      expect(next.ms).toBeLessThan(5000);
      expect(await counterCalls('blackhole-call-1', 8000)).toBeNull();
      // Nothing got through the dead link: nothing issued, nothing called.
      expect(await count()).toBe(before);
      set({ mode: 'up' });
      // The probe finds the hall again: the offline tickets join the queue once, numbers are the hall's.
      const healedAt = Date.now();
      await until('the offline tickets in the hall', async () =>
        offlineRows(printing).every((r) => r.state === 'accepted'),
      );
      figures['half-open: offline tickets in the hall after heal ms'] = Date.now() - healedAt;
      const joined = await f.db.pool.query<{ number: string }>(
        `SELECT number FROM tickets WHERE number = ANY($1::text[])`,
        [[first.answer.ticket.number, next.answer.ticket.number]],
      );
      expect(joined.rows.map((r) => r.number).sort()).toEqual(
        [first.answer.ticket.number, next.answer.ticket.number].sort(),
      );
      expect((await kioskIssues('traffic')).answer).toMatchObject({ result: 'issued' });
      const online = await printingIssues(printing, 'traffic');
      expect(online.answer).toMatchObject({ result: 'issued' });
      expect(online.answer.ticket.offline).toBeUndefined();
      expect(await counterCallsUntilAnswered('blackhole-call-1')).not.toBeNull();
      expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
      figures['half-open: refusal without printer ms'] = refused.ms;
      figures['half-open: first offline ticket ms'] = first.ms;
      figures['half-open: next offline ticket ms'] = next.ms;
    },
    120_000,
  );

  it('half-open after the hall issued: the offline ticket takes the place of the ticket it never heard of', async () => {
    const printing = await printingKiosk();
    const tickets = async () =>
      (
        await f.db.pool.query<{ id: number; number: string }>(
          `SELECT id, number FROM tickets WHERE area_id = 'approval' ORDER BY id`,
        )
      ).rows;
    const before = await tickets();
    // The request gets through and the hall issues; then the link swallows everything, the reply too.
    set({ mode: 'latency', delayMs: 250 });
    const issuing = printingIssues(printing, 'approval');
    await until('the ticket in the hall', async () => (await tickets()).length > before.length);
    set({ mode: 'blackhole' });
    const r = await issuing;
    expect(r.answer).toMatchObject({ result: 'issued', ticket: { offline: true } });
    const ghost = (await tickets()).at(-1)!;
    expect(ghost.number).not.toBe(r.answer.ticket.number);
    set({ mode: 'up' });
    await until('the offline ticket in the hall', async () =>
      offlineRows(printing).every((o) => o.state === 'accepted'),
    );
    // One ticket for that citizen: the hall's, under the number printed on the paper.
    const after = await tickets();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({ id: ghost.id, number: r.answer.ticket.number });
    expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
    figures['reply lost: offline ticket ms'] = r.ms;
  }, 120_000);
});
