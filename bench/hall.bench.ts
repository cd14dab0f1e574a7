// The hall's figures: a real PostgreSQL and a real hall server over HTTPS (the tests' fixture), kiosks
// as enrolled devices each on its own keep-alive connection. Read them beside the single-kiosk SQLite
// rows of the same run: the hall adds TLS, HTTP, a network hop and a shared database.
import { Agent, request } from 'node:https';
import { startTestCluster } from '../hall-server/test/support.ts';
import { startHallFixture, type HallFixture } from '../hall-server/test/hall-fixture.ts';
import type { PgCluster } from '../tests/support/postgres.ts';
import { percentile, type Benchmark } from './harness.ts';

const KIOSKS = 8;
const AREAS = ['tax', 'estate', 'social', 'medical', 'hr', 'legal', 'police', 'traffic', 'approval'];

type Client = { token: string; agent: Agent };
type Hall = { cluster: PgCluster; f: HallFixture; kiosks: Client[]; windows: (Client & { id: string })[] };
let hall: Hall | null = null;
let users = 0;

async function openBenchHall(): Promise<Hall> {
  if (hall) return hall;
  const cluster = await startTestCluster({ maxConnections: 300 });
  const f = await startHallFixture(cluster);
  const kiosks = [];
  for (let i = 1; i <= KIOSKS; i++) {
    const token = await f.enrol({ id: `bench-kiosk-${i}`, kind: 'kiosk' });
    kiosks.push({ token, agent: new Agent({ keepAlive: true, maxSockets: 1, ca: f.ca }) });
  }
  // The hall's 190 windows, each with its own person signed in on its own connection.
  const windows = [];
  const counters = f.hall.services.config.counters;
  for (let i = 0; i < counters.length; i++) {
    const number = `7${String(i + 1).padStart(3, '0')}`;
    await f.hall.services.staff.create(
      { number, name: `窗口${i + 1}`, role: 'counter', pin: `${number}00` },
      'bench',
      'bench',
    );
    const token = await f.login(number).catch(async () => {
      const r = await f.call('POST', '/api/staff/login', { body: { number, pin: `${number}00` } });
      return r.body.token as string;
    });
    const client = {
      id: counters[i]!.id,
      token,
      agent: new Agent({ keepAlive: true, maxSockets: 1, ca: f.ca }),
    };
    await post(f, client, `/api/counter/${client.id}/open`);
    windows.push(client);
  }
  hall = { cluster, f, kiosks, windows };
  return hall;
}

async function closeBenchHall(): Promise<void> {
  if (--users > 0 || !hall) return;
  const h = hall;
  hall = null;
  // Every client's connections go first: a connection the closing server cuts while it is idle in an
  // agent would be an error nobody listens to.
  for (const c of [...h.kiosks, ...h.windows]) c.agent.destroy();
  await h.f.close();
  await h.cluster.stop();
}

/** A POST over the client's own keep-alive connection; resolves with the time to the whole answer. */
function post(f: HallFixture, client: Client, path: string, body: unknown = {}): Promise<number> {
  const text = JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, f.url),
      {
        method: 'POST',
        agent: client.agent,
        headers: {
          authorization: `Bearer ${client.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - t0)
            : reject(new Error(`${path} answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

let keys = 0;
function issueOnce(h: Hall, kiosk: Client): Promise<number> {
  const body = JSON.stringify({
    areaId: AREAS[keys % AREAS.length],
    idempotencyKey: `bench-${process.pid}-${++keys}`,
  });
  const url = new URL('/api/kiosk/tickets', h.f.url);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: kiosk.agent,
        headers: {
          authorization: `Bearer ${kiosk.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - t0)
            : reject(new Error(`issue answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every kiosk issuing as fast as it is answered for `ms`; the latencies of every ticket. */
async function issueBurst(ms: number): Promise<{ perSecond: number; latencies: number[] }> {
  const h = await openBenchHall();
  const latencies: number[] = [];
  const until = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    h.kiosks.map(async (k) => {
      while (performance.now() < until) latencies.push(await issueOnce(h, k));
    }),
  );
  return { perSecond: latencies.length / ((performance.now() - t0) / 1000), latencies };
}

const hallBench = (b: Omit<Benchmark, 'setup' | 'teardown'>): Benchmark => ({
  ...b,
  async setup() {
    users++;
    await openBenchHall();
  },
  teardown: closeBenchHall,
});

export const hallIssueRate = hallBench({
  name: `hall: tickets issued per second, ${KIOSKS} kiosks over HTTPS (PostgreSQL)`,
  unit: '/s',
  better: 'higher',
  runs: 3,
  measure: async () => (await issueBurst(3000)).perSecond,
});

export const hallIssueP50 = hallBench({
  name: `hall: ticket-issue latency p50, ${KIOSKS} kiosks at once`,
  unit: 'ms',
  better: 'lower',
  runs: 3,
  measure: async () => percentile((await issueBurst(2000)).latencies, 50),
});

export const hallIssueP99 = hallBench({
  name: `hall: ticket-issue latency p99, ${KIOSKS} kiosks at once`,
  unit: 'ms',
  better: 'lower',
  runs: 3,
  measure: async () => percentile((await issueBurst(2000)).latencies, 99),
});

/**
 * Every one of the 190 windows presses "call next" at the same instant, with enough tickets waiting in
 * each area for all of them (the hall's worst moment): the p99 of the 190 answers.
 */
export const hallCallNextBurstP99 = hallBench({
  name: 'hall: call next p99, all 190 windows at the same instant over HTTPS',
  unit: 'ms',
  better: 'lower',
  runs: 3,
  async measure() {
    const h = await openBenchHall();
    // Enough waiting in every area: 190 windows, 13 of them serving every area.
    for (let i = 0; i < 300; i++) await issueOnce(h, h.kiosks[i % KIOSKS]!);
    const latencies = await Promise.all(h.windows.map((w) => post(h.f, w, `/api/counter/${w.id}/call-next`)));
    return percentile(latencies, 99);
  },
});
