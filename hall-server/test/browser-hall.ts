// A running hall for the browser tests (tests/e2e/hallCounter.spec.ts), as a child process: a
// throw-away PostgreSQL, the hall server with the seed hall and the kiosks' sample catalogue (its tax
// matters are the seed hall's), the built pages (kiosk-ui/dist) and the fixture's staff accounts. It prints one line `READY {"url": …}` and then answers JSON commands on
// standard input, one per line, with one JSON line each:
//   {"op":"issue","areaId":"tax","priority":true,"matterId":"SW-001"}  → {"ok":true,"number":"A001","id":1}
//   {"op":"sql","text":"SELECT …"}                  → {"ok":true,"rows":[…]}   (read-only checks)
//   {"op":"register","device":{"id":"pad-w037","kind":"pad","counterId":"w037"}}
//        → {"ok":true,"code":"XXXX-XXXX-XXXX","caFingerprint":"AB:…"}  (admin 9001 over the admin API)
// It stops (cluster removed) when standard input ends.
import { createInterface } from 'node:readline';
import { SAMPLE_CATALOGUE } from '../../device-daemon/src/config/load.ts';
import { DEFAULT_PAGES_ROOT } from '../src/hall.ts';
import { startHallFixture } from './hall-fixture.ts';
import { startTestCluster } from './support.ts';

const cluster = await startTestCluster();
const f = await startHallFixture(cluster, {
  pagesRoot: DEFAULT_PAGES_ROOT,
  config: { catalogue: { file: SAMPLE_CATALOGUE } },
});
let keys = 0;
process.stdout.write(`READY ${JSON.stringify({ url: f.url })}\n`);

type Command =
  | { op: 'issue'; areaId: string; priority?: boolean; matterId?: string }
  | { op: 'sql'; text: string }
  | {
      op: 'register';
      device: { id: string; kind: string; counterId?: string; zoneId?: string; location?: string };
    };

let adminToken: string | null = null;

async function answer(c: Command): Promise<unknown> {
  if (c.op === 'issue') {
    const r = await f.hall.services.store.issue({
      areaId: c.areaId,
      kioskId: 'kiosk-browser-test',
      idempotencyKey: `browser-test-${process.pid}-${++keys}`,
      now: Date.now(),
      ...(c.priority ? { priorityReason: 'age' as const } : {}),
      ...(c.matterId ? { matterId: c.matterId } : {}),
    });
    return r.ok ? { ok: true, number: r.ticket.number, id: r.ticket.id } : { ok: false, reason: r.reason };
  }
  if (c.op === 'sql') {
    const client = await f.db.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      const { rows } = await client.query(c.text);
      return { ok: true, rows };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
  if (c.op === 'register') {
    // As the admin page does it: admin 9001 signed in, POST /api/admin/devices over HTTPS.
    adminToken ??= await f.login('9001');
    const r = await f.call('POST', '/api/admin/devices', { token: adminToken, body: c.device });
    if (r.status !== 201) return { ok: false, error: `register: ${r.status} ${JSON.stringify(r.body)}` };
    return { ok: true, code: r.body.code, caFingerprint: r.body.caFingerprint };
  }
  return { ok: false, error: 'unknown op' };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  try {
    process.stdout.write(`${JSON.stringify(await answer(JSON.parse(line) as Command))}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: (e as Error).message })}\n`);
  }
}
await f.close();
await cluster.stop();
