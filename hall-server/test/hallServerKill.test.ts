// The hall server killed with SIGKILL under load and started again, HALL_CRASH_KILLS times (5 by
// default; `npm run hall:crash-matrix` runs 100): the server is a real process (`kiosk hall start`)
// on a real PostgreSQL, kiosks issue through the kiosks' API with an idempotency key each (sent
// again until answered), counters call next with a key each (signing in again after a restart:
// sessions live in memory), and a counter page's live feed reconnects. At the end, from the
// database: every acknowledged ticket is there, the tickets in the hall are exactly the acknowledged
// ones, no number is given twice, no ticket is called twice, and every call is the one acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { seedHallConfig, startHallFixture, testCertificates, type HallFixture } from './hall-fixture.ts';
import { startTestCluster } from './support.ts';

const KILLS = Number(process.env['HALL_CRASH_KILLS'] ?? 5);
const KIOSKS = 4;
/** Windows serving tax, estate and social (one area each), and the comprehensive w001. */
const WINDOWS = ['w014', 'w015', 'w016', 'w001'];
const AREA_IDS = ['tax', 'estate', 'social'];
const KIOSK_BIN = new URL('../../device-daemon/bin/kiosk.js', import.meta.url).pathname;

let cluster: PgCluster;
let f: HallFixture;
let dir: string;
let configFile: string;
let port: number;
let server: ChildProcess | null = null;
const kioskTokens: string[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

/** Starts `kiosk hall start` and resolves once it says where it listens. */
function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [KIOSK_BIN, 'hall', 'start', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hall server did not start: ${out.slice(-2000)}`)),
      60_000,
    );
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('hall server: https://')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hall server exited (${code ?? signal}) before it started: ${out.slice(-2000)}`));
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked where read
type Json = any;
/** One HTTPS request to the process (a new connection each); rejects when there is no answer. */
function hallCall(
  method: string,
  path: string,
  o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json }> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: false,
        ca: f.ca,
        checkServerIdentity: (_h, cert) => checkServerIdentity('127.0.0.1', cert),
        headers: {
          host: `127.0.0.1:${port}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end(body);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  cluster = await startTestCluster();
  // The fixture (in this process) makes the schema, the staff and the kiosks' credentials; then it
  // lets go of the port and the hall runs as its own process on the same database.
  f = await startHallFixture(cluster);
  for (let i = 1; i <= WINDOWS.length; i++)
    await f.hall.services.staff.create(
      { number: `20${String(i).padStart(2, '0')}`, name: `窗口${i}`, role: 'counter', pin: '246810' },
      'test',
      'test',
    );
  for (let i = 1; i <= KIOSKS; i++)
    kioskTokens.push(await f.enrol({ id: `crash-kiosk-${i}`, kind: 'kiosk' }));
  await f.hall.close();
  dir = mkdtempSync(join(tmpdir(), 'hall-kill-'));
  const tls = testCertificates();
  writeFileSync(join(dir, 'server.pem'), tls.cert);
  writeFileSync(join(dir, 'server.key'), tls.key);
  writeFileSync(join(dir, 'ca.pem'), tls.caCert);
  port = await freePort();
  const config = seedHallConfig(f.db, dir);
  config.server.port = port;
  configFile = join(dir, 'hall.json');
  writeFileSync(configFile, JSON.stringify(config));
  server = await startServer();
}, 120_000);

afterAll(async () => {
  if (server) await kill(server);
  await f?.db.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Counts = {
  kills: number;
  ticketsAcknowledged: number;
  callsAcknowledged: number;
  retries: number;
  signInsAgain: number;
  streamOpens: number;
};

describe('hall server kill -9 under load', () => {
  it(
    `${KILLS} × SIGKILL and restart: nothing acknowledged lost, no number twice, no ticket called twice`,
    async () => {
      let stopping = false;
      let restarts = 0;
      const counts: Counts = {
        kills: 0,
        ticketsAcknowledged: 0,
        callsAcknowledged: 0,
        retries: 0,
        signInsAgain: 0,
        streamOpens: 0,
      };
      const issued: { key: string; id: number; number: string }[] = [];
      const calls: { key: string; counterId: string; ticketId: number | null }[] = [];
      /** Per client, the restart count of its last answered request (all must answer after the last). */
      const lastAnswerAfter = new Map<string, number>();

      const kiosk = async (i: number) => {
        const token = kioskTokens[i]!;
        for (let n = 1; !stopping; n++) {
          const key = `crash-k${i}-${n}`;
          const areaId = AREA_IDS[(i + n) % AREA_IDS.length]!;
          // The same key until answered: the hall gives one ticket for it, however many tries.
          for (;;) {
            const r = await hallCall('POST', '/api/kiosk/tickets', {
              token,
              body: { areaId, idempotencyKey: key },
            }).catch(() => null);
            if (r?.status === 200 && r.body.ok) {
              issued.push({ key, id: r.body.ticket.id, number: r.body.ticket.number });
              lastAnswerAfter.set(`kiosk${i}`, restarts);
              break;
            }
            if (r && r.status < 500) throw new Error(`kiosk ${i}: ${r.status} ${JSON.stringify(r.body)}`);
            counts.retries++;
            await pause(100);
          }
          await pause(30);
        }
      };

      const counter = async (w: number) => {
        const counterId = WINDOWS[w]!;
        const number = `20${String(w + 1).padStart(2, '0')}`;
        let token: string | null = null;
        const signIn = async () => {
          for (;;) {
            const login = await hallCall('POST', '/api/staff/login', {
              body: { number, pin: '246810' },
            }).catch(() => null);
            if (login?.status === 200) {
              const opened = await hallCall('POST', `/api/counter/${counterId}/open`, {
                token: login.body.token,
              }).catch(() => null);
              if (opened?.status === 200) return login.body.token as string;
            }
            await pause(100);
          }
        };
        for (let n = 1; !stopping; n++) {
          const key = `crash-${counterId}-${n}`;
          for (;;) {
            if (token === null) {
              if (n > 1 || calls.some((c) => c.counterId === counterId)) counts.signInsAgain++;
              token = await signIn();
            }
            const r = await hallCall('POST', `/api/counter/${counterId}/call-next`, {
              token,
              headers: { 'idempotency-key': key },
            }).catch(() => null);
            if (r?.status === 200) {
              calls.push({ key, counterId, ticketId: r.body.ticket?.id ?? null });
              lastAnswerAfter.set(counterId, restarts);
              break;
            }
            // A restart signed everyone out: sign in again, then the same key.
            if (r?.status === 401) token = null;
            else if (r && r.status < 500)
              throw new Error(`${counterId}: ${r.status} ${JSON.stringify(r.body)}`);
            counts.retries++;
            await pause(100);
          }
          await pause(calls.at(-1)?.ticketId === null ? 200 : 60);
        }
      };

      // A counter page's live feed: opened again whenever it ends.
      const feed = async () => {
        const login = async () => {
          for (;;) {
            const r = await hallCall('POST', '/api/staff/login', {
              body: { number: '1037', pin: '103710' },
            }).catch(() => null);
            if (r?.status === 200) return r.body.token as string;
            await pause(100);
          }
        };
        let token = await login();
        await hallCall('POST', '/api/counter/w017/open', { token });
        while (!stopping) {
          const status = await new Promise<number>((resolve) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                path: '/api/counter/w017/events',
                agent: false,
                ca: f.ca,
                checkServerIdentity: (_h, cert) => checkServerIdentity('127.0.0.1', cert),
                headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` },
              },
              (res) => {
                if (res.statusCode === 200) {
                  counts.streamOpens++;
                  lastAnswerAfter.set('feed', restarts);
                }
                res.resume();
                res.on('close', () => resolve(res.statusCode ?? 0));
                res.on('error', () => resolve(res.statusCode ?? 0));
              },
            );
            req.on('error', () => resolve(0));
            const stop = setInterval(() => {
              if (stopping) {
                clearInterval(stop);
                req.destroy();
              }
            }, 100);
            req.on('close', () => clearInterval(stop));
            req.end();
          });
          if (status === 401) {
            token = await login();
            await hallCall('POST', '/api/counter/w017/open', { token }).catch(() => null);
          }
          if (!stopping) await pause(200);
        }
      };

      const clients = [
        ...Array.from({ length: KIOSKS }, (_, i) => kiosk(i)),
        ...WINDOWS.map((_, w) => counter(w)),
        feed(),
      ];
      const names = [...Array.from({ length: KIOSKS }, (_, i) => `kiosk${i}`), ...WINDOWS, 'feed'];
      /** Until every client was answered since the latest start: all reconnected. */
      const allReconnected = async () => {
        const deadline = Date.now() + 30_000;
        while (names.some((c) => (lastAnswerAfter.get(c) ?? -1) < restarts)) {
          if (Date.now() > deadline) {
            const late = names.filter((c) => (lastAnswerAfter.get(c) ?? -1) < restarts);
            throw new Error(`not reconnected within 30 s after start ${restarts}: ${late.join(', ')}`);
          }
          await pause(20);
        }
      };
      const startMs: number[] = [];
      const reconnectMs: number[] = [];
      await allReconnected();
      for (let k = 0; k < KILLS; k++) {
        // Killed at a random moment while every client is busy.
        await pause(100 + Math.random() * 900);
        const killedAt = Date.now();
        await kill(server!);
        counts.kills++;
        server = await startServer();
        const startedAt = Date.now();
        startMs.push(startedAt - killedAt);
        restarts++;
        await allReconnected();
        reconnectMs.push(Date.now() - startedAt);
      }
      stopping = true;
      await Promise.all(clients);

      counts.ticketsAcknowledged = issued.length;
      counts.callsAcknowledged = calls.filter((c) => c.ticketId !== null).length;
      const db = f.db.pool;
      const tickets = (await db.query<{ id: number; number: string }>('SELECT id, number FROM tickets')).rows;
      const byId = new Map(tickets.map((t) => [t.id, t.number]));
      const lost = issued.filter((t) => byId.get(t.id) !== t.number);
      const duplicateNumbers = (
        await db.query('SELECT area_id, business_date, seq FROM tickets GROUP BY 1, 2, 3 HAVING count(*) > 1')
      ).rowCount;
      const calledTwice = (
        await db.query(
          `SELECT ticket_id FROM ticket_events WHERE event = 'called' GROUP BY 1 HAVING count(*) > 1`,
        )
      ).rowCount;
      const calledInDb = (
        await db.query<{ ticket_id: number; counter_id: string }>(
          `SELECT ticket_id, counter_id FROM ticket_events WHERE event = 'called' ORDER BY ticket_id`,
        )
      ).rows;
      const report = {
        ...counts,
        ticketsInHall: tickets.length,
        lost: lost.length,
        duplicateNumbers,
        calledTwice,
        callsInHall: calledInDb.length,
        restartMs: { median: median(startMs), max: Math.max(...startMs) },
        allReconnectedMs: { median: median(reconnectMs), max: Math.max(...reconnectMs) },
      };
      process.stdout.write(`hall server kill -9: ${JSON.stringify(report)}\n`);

      expect(counts.kills).toBe(KILLS);
      expect(issued.length).toBeGreaterThan(KILLS);
      expect(counts.callsAcknowledged).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      // The hall holds exactly the acknowledged tickets: one per key, nothing issued twice for a retry.
      expect(tickets.map((t) => t.id).sort((a, b) => a - b)).toEqual(
        issued.map((t) => t.id).sort((a, b) => a - b),
      );
      expect(new Set(issued.map((t) => t.id)).size).toBe(issued.length);
      expect(duplicateNumbers).toBe(0);
      expect(calledTwice).toBe(0);
      // Every call in the hall is one a counter got as its answer, at that window: none lost, none doubled.
      const acknowledgedCalls = calls
        .filter((c) => c.ticketId !== null)
        .map((c) => ({ ticket_id: c.ticketId!, counter_id: c.counterId }))
        .sort((a, b) => a.ticket_id - b.ticket_id);
      expect(calledInDb).toEqual(acknowledgedCalls);
      // Clients reconnected (allReconnected waited for each after each start); the feed opened after each.
      expect(counts.streamOpens).toBeGreaterThanOrEqual(KILLS + 1);
    },
    Math.max(120_000, KILLS * 20_000),
  );
});
