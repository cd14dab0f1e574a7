// The link between a kiosk (and a counter) and the hall server, broken in each way of the fault
// matrix (docs/hall-faults.md): the fault proxy of tests/support sits between them and the hall; the
// kiosk is a daemon in hall mode with its default time-out and attempts (in this process), the
// counter a client of the counter API sending each action with its idempotency key, as the page does.
// Each scenario checks what the kiosk answered, that nothing was issued or called twice, and that
// both work again by themselves once the link is back.
import { request } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon } from '../../device-daemon/src/app/start-daemon.ts';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy, type LinkMode } from '../../tests/support/fault-proxy.ts';
import { tempDir } from '../../tests/support/harness.ts';
import { TestSocket } from '../../tests/support/ws-client.ts';
import { fingerprint } from '../src/tls.ts';
import { hallFault } from './hall-faults.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';

let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
let proxyPort: number;
let staff: string;
let daemon: Awaited<ReturnType<typeof startDaemon>> | null = null;
let keys = 0;
const dir = tempDir('hall-link-faults');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

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

/** call next at w001 through the proxy with a key, waiting `timeoutMs` like the page (null: no answer). */
function counterCalls(key: string, timeoutMs = 8000): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        path: '/api/counter/w001/call-next',
        method: 'POST',
        agent: false,
        ca: f.ca,
        checkServerIdentity: (_h, cert) => checkServerIdentity('127.0.0.1', cert),
        headers: { host: `127.0.0.1:${proxyPort}`, authorization: `Bearer ${staff}`, 'idempotency-key': key },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => resolve(null));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            ticket: { number: string } | null;
          };
          resolve(res.statusCode === 200 ? (body.ticket?.number ?? '—') : null);
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** The page's way: the same key again until answered (at most `tries`). */
async function counterCallsUntilAnswered(key: string, tries = 6): Promise<string | null> {
  for (let i = 0; i < tries; i++) {
    const n = await counterCalls(key);
    if (n !== null) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

async function invariants(): Promise<{ numbersTwice: number; calledTwice: number }> {
  const twice = await f.db.pool.query(
    'SELECT 1 FROM tickets GROUP BY area_id, business_date, seq HAVING count(*) > 1',
  );
  const called = await f.db.pool.query(
    `SELECT 1 FROM ticket_events WHERE event = 'called' GROUP BY ticket_id HAVING count(*) > 1`,
  );
  return { numbersTwice: twice.rowCount ?? 0, calledTwice: called.rowCount ?? 0 };
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
      set({ mode: 'blackhole' });
      const before = (await f.db.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n as number;
      const r = await kioskIssues('traffic');
      // Observed (a gap, docs/hall-faults.md): the daemon's 30 s command time-out ends the request
      // before the hall link gives up, so the page gets a failed command, not `hallUnreachable`.
      expect(r.answer).not.toMatchObject({ result: 'issued' });
      expect(r.ms).toBeGreaterThanOrEqual(15_000);
      expect(await counterCalls('blackhole-call-1', 8000)).toBeNull();
      set({ mode: 'up' });
      // Nothing got through the dead link: nothing issued, nothing called; then both work at once.
      expect((await f.db.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before);
      expect((await kioskIssues('traffic')).answer).toMatchObject({ result: 'issued' });
      expect(await counterCallsUntilAnswered('blackhole-call-1')).not.toBeNull();
      expect(await invariants()).toEqual({ numbersTwice: 0, calledTwice: 0 });
      figures['half-open: failed after ms'] = r.ms;
    },
    120_000,
  );
});
