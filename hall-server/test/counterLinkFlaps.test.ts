// A window action while the link between the counter page and the hall server flaps: the action
// carries the page's idempotency key, the hall answers a repeat with the first answer, so a reply lost
// on the way back and a retry never call a second ticket. The link is the fault proxy of
// tests/support (real HTTPS through a TCP proxy the test switches), the hall a real one on PostgreSQL.
import { request } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startFaultProxy, type FaultProxy } from '../../tests/support/fault-proxy.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;
let proxy: FaultProxy;
let li: string;
let n = 0;

async function issue(areaId = 'tax') {
  const r = await f.hall.services.store.issue({
    areaId,
    kioskId: 'kiosk-1',
    idempotencyKey: `flap-test-${++n}`,
    now: Date.now(),
  });
  if (!r.ok) throw new Error(r.reason);
  return r.ticket;
}

/** A POST through the proxy with its own connection; rejects on a reset or when no answer comes in `timeoutMs`. */
function postThroughProxy(
  path: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: { ticket: { number: string } | null } }> {
  const hall = new URL(f.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: proxy.host,
        port: proxy.port,
        path,
        method: 'POST',
        agent: false,
        ca: f.ca,
        servername: hall.hostname === '127.0.0.1' ? undefined : hall.hostname,
        checkServerIdentity: (_h, cert) => checkServerIdentity(hall.hostname, cert),
        headers: { host: hall.host, authorization: `Bearer ${li}`, ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              ticket: { number: string } | null;
            },
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end();
  });
}

async function calledEvents(): Promise<string[]> {
  const { rows } = await f.db.pool.query<{ number: string }>(
    `SELECT t.number FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
     WHERE e.event = 'called' ORDER BY e.id`,
  );
  return rows.map((r) => r.number);
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster);
  const hall = new URL(f.url);
  proxy = await startFaultProxy({ host: hall.hostname, port: Number(hall.port) });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await f?.close();
  await cluster?.stop();
});
beforeEach(async () => {
  proxy.set({ mode: 'up' });
  await f.db.pool.query(
    `TRUNCATE tickets, ticket_events, area_day_numbers, idempotency_keys, counter_staff, counter_events, audit,
       counter_action_keys CASCADE`,
  );
  await f.db.pool.query('UPDATE counters SET paused = false');
  li = await f.login('1037');
  expect((await f.call('POST', '/api/counter/w014/open', { token: li })).status).toBe(200);
});

/**
 * Sends call next at w014 through a slow link and, once the hall has committed the call, breaks the
 * link with `fault` before the reply gets back: the page never hears the answer.
 */
async function callNextAndLoseTheReply(fault: 'blackhole' | 'down', key?: string): Promise<void> {
  proxy.set({ mode: 'latency', delayMs: 250 });
  const before = (await calledEvents()).length;
  const sent = postThroughProxy('/api/counter/w014/call-next', key ? { 'idempotency-key': key } : {}, 4000);
  await until(async () => (await calledEvents()).length > before);
  proxy.set({ mode: fault });
  await expect(sent).rejects.toThrow();
  proxy.set({ mode: 'up' });
}

describe('call next when the reply is lost', () => {
  it.each(['blackhole', 'down'] as const)(
    'link %s after the request got through: the retry with the same key answers the same ticket, called once',
    async (fault) => {
      const a = await issue();
      const b = await issue();
      await callNextAndLoseTheReply(fault, 'page-key-0001');
      const retry = await postThroughProxy(
        '/api/counter/w014/call-next',
        { 'idempotency-key': 'page-key-0001' },
        4000,
      );
      expect(retry.status).toBe(200);
      expect(retry.body.ticket?.number).toBe(a.number);
      expect(await calledEvents()).toEqual([a.number]);
      const { rows } = await f.db.pool.query<{ state: string }>('SELECT state FROM tickets WHERE id = $1', [
        b.id,
      ]);
      expect(rows[0]!.state).toBe('waiting');
      // One audit row: the repeat did nothing.
      const audit = await f.db.pool.query(`SELECT 1 FROM audit WHERE action = 'called'`);
      expect(audit.rowCount).toBe(1);
      // A new key is a new call: the next ticket.
      const next = await postThroughProxy(
        '/api/counter/w014/call-next',
        { 'idempotency-key': 'page-key-0002' },
        4000,
      );
      expect(next.body.ticket?.number).toBe(b.number);
      expect(await calledEvents()).toEqual([a.number, b.number]);
    },
  );

  it('without a key the same retry calls a second ticket (what the key prevents)', async () => {
    const a = await issue();
    const b = await issue();
    await callNextAndLoseTheReply('blackhole');
    const retry = await postThroughProxy('/api/counter/w014/call-next', {}, 4000);
    expect(retry.body.ticket?.number).toBe(b.number);
    expect(await calledEvents()).toEqual([a.number, b.number]);
  });
});

describe('window actions with an idempotency key', () => {
  const post = (action: string, key: string, body?: unknown) =>
    f.call('POST', `/api/counter/w014/${action}`, {
      token: li,
      headers: { 'idempotency-key': key },
      ...(body === undefined ? {} : { body }),
    });

  it('every action answered again, done once: recall, transfer, done, no-show, pause', async () => {
    const a = await issue();
    const b = await issue();
    expect((await post('call-next', 'k-call-0001')).body.ticket.number).toBe(a.number);
    for (let i = 0; i < 2; i++)
      expect((await post('recall', 'k-recall-001')).body.ticket.number).toBe(a.number);
    for (let i = 0; i < 2; i++)
      expect((await post('transfer', 'k-transfer-1', { toAreaId: 'estate' })).body.ticket.number).toBe(
        a.number,
      );
    expect((await post('call-next', 'k-call-0002')).body.ticket.number).toBe(b.number);
    for (let i = 0; i < 2; i++)
      expect((await post('no-show', 'k-noshow-001')).body.ticket.number).toBe(b.number);
    for (let i = 0; i < 2; i++) expect((await post('pause', 'k-pause-0001')).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await post('resume', 'k-resume-001')).body.counter.paused).toBe(false);
    const { rows } = await f.db.pool.query<{ event: string }>(
      `SELECT event FROM ticket_events WHERE event <> 'issued' ORDER BY id`,
    );
    expect(rows.map((r) => r.event)).toEqual(['called', 'recalled', 'transferred', 'called', 'noShow']);
    const paused = await f.db.pool.query<{ event: string }>('SELECT event FROM counter_events ORDER BY id');
    expect(paused.rows.map((r) => r.event)).toEqual(['paused', 'resumed']);
  });

  it('the same key at once from two retries: one call', async () => {
    const a = await issue();
    await issue();
    const answers = await Promise.all([post('call-next', 'k-twice-0001'), post('call-next', 'k-twice-0001')]);
    expect(answers.map((r) => r.body.ticket.number)).toEqual([a.number, a.number]);
    expect(await calledEvents()).toEqual([a.number]);
  });

  it('a key used for another action is refused; a malformed key is refused; a refusal keeps no key', async () => {
    await issue();
    expect((await post('call-next', 'k-reuse-0001')).status).toBe(200);
    const other = await post('no-show', 'k-reuse-0001');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotencyConflict');
    expect((await post('call-next', 'short')).status).toBe(400);
    expect((await post('call-next', 'bad key with spaces')).status).toBe(400);
    // Refused (not signed in at w015): nothing done, no key kept, so the same key works once signed in.
    const refused = await f.call('POST', '/api/counter/w015/call-next', {
      token: li,
      headers: { 'idempotency-key': 'k-later-0001' },
    });
    expect(refused.status).toBe(403);
    const { rowCount } = await f.db.pool.query(
      `SELECT 1 FROM counter_action_keys WHERE key = 'k-later-0001'`,
    );
    expect(rowCount).toBe(0);
  });

  it('old keys are deleted by the housekeeping query', async () => {
    await issue();
    await post('call-next', 'k-old-00001');
    expect(await f.hall.services.store.forgetActionKeysBefore(Date.now() - 60_000)).toBe(0);
    expect(await f.hall.services.store.forgetActionKeysBefore(Date.now() + 60_000)).toBe(1);
  });
});
