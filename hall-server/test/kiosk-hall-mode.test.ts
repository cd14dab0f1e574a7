// Kiosks in hall mode against a real hall: a real PostgreSQL, the hall server over HTTPS, `kiosk enrol`
// as a process, kiosk daemons as processes with emulated printers (and one in this process, whose
// link to the hall loses a reply on purpose).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon as startDaemonInProcess } from '../../device-daemon/src/app/start-daemon.ts';
import { enrolDevice, EnrolError } from '../../device-daemon/src/cli/enrol.ts';
import { OutboundError, outboundRequest } from '../../device-daemon/src/net/outbound.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import {
  runKiosk,
  startDaemon,
  startEmulatedDaemon,
  tempDir,
  type DaemonProcess,
  type ReceiptJson,
} from '../../tests/support/harness.ts';
import { issueTicket } from '../../tests/support/ws-client.ts';
import { fingerprint, makeHallCertificates } from '../src/tls.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';

let cluster: PgCluster;
let f: HallFixture;
let fp: string;
const dir = tempDir('kiosk-hall-mode');
const daemons: DaemonProcess[] = [];

const HALL_NAME = { zh: '区政务服务中心', en: 'District Government Service Centre' };

/** A one-time enrolment code for a new kiosk, as the admin page makes it. */
async function codeFor(id: string): Promise<string> {
  const { code } = await f.hall.services.devices.register(
    { id, kind: 'kiosk', location: `${id} 一楼大厅` },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  return code;
}

/** The kiosk configuration of hall mode (the hall's areas, its address, the credential file). */
function hallModeConfig(credentialFile: string, url = f.url) {
  return {
    queue: { mode: 'hall' },
    hall: { name: HALL_NAME, server: { url, credentialFile, timeoutMs: 3000, attempts: 2 } },
    areas: AREAS,
  };
}

const hallTickets = async () =>
  (
    await f.db.pool.query<{ number: string; kiosk_id: string }>(
      'SELECT number, kiosk_id FROM tickets ORDER BY id',
    )
  ).rows;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster);
  fp = fingerprint(f.ca);
}, 60_000);
afterAll(async () => {
  for (const d of daemons) await d.stop();
  await f?.close();
  await cluster?.stop();
});

describe('kiosk enrol', () => {
  it('refuses a wrong fingerprint before sending the code, and writes nothing', async () => {
    const code = await codeFor('kiosk-x');
    const file = join(dir, 'wrong.json');
    const wrong = fp.replace(/^../, fp.startsWith('AA') ? 'BB' : 'AA');
    const r = await runKiosk(['enrol', f.url, code, '--fingerprint', wrong, '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fingerprint is .*not the one given/);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(existsSync(file)).toBe(false);
    // The code never left the kiosk: it still enrols.
    const ok = await f.call('POST', '/api/enrol', { body: { code } });
    expect(ok.status).toBe(200);
  });

  it('refuses a server whose certificate does not verify against the CA with the fingerprint given', async () => {
    // A CA that is not the hall's, whose fingerprint the "admin" gave: the hall's own certificate does
    // not verify against it, so the code is refused at the TLS handshake and nothing is saved.
    const other = makeHallCertificates(['127.0.0.1'], 'Other');
    const code = await codeFor('kiosk-y');
    const file = join(dir, 'other.json');
    await expect(
      enrolDevice({
        url: f.url,
        code,
        fingerprint: fingerprint(other.caCert),
        file,
        fetchCa: async () => ({
          status: 200,
          body: Buffer.from(JSON.stringify({ caCertificate: other.caCert })),
        }),
      }),
    ).rejects.toThrow(EnrolError);
    expect(existsSync(file)).toBe(false);
    expect((await f.call('POST', '/api/enrol', { body: { code } })).status).toBe(200);
  });

  it('enrols with the right fingerprint: a private credential file, the token never printed', async () => {
    const file = join(dir, 'kiosk-1.json');
    const r = await runKiosk(['enrol', f.url, await codeFor('kiosk-1'), '--fingerprint', fp, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Enrolled as kiosk "kiosk-1"');
    expect(r.stdout).toContain('"mode": "hall"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { token: string; caCertificate: string };
    expect(saved.caCertificate).toBe(f.ca);
    expect(r.stdout + r.stderr).not.toContain(saved.token);
    expect((await f.call('GET', '/api/device/me', { token: saved.token })).body).toMatchObject({
      id: 'kiosk-1',
      kind: 'kiosk',
    });
    // A used code is refused plainly.
    const again = await runKiosk([
      'enrol',
      f.url,
      'AAAA-BBBB-CCCC',
      '--fingerprint',
      fp,
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refused the code/);
  });
});

describe('kiosk daemons in hall mode', () => {
  let k1: DaemonProcess;
  let k2: DaemonProcess;

  beforeAll(async () => {
    const cred2 = join(dir, 'kiosk-2.json');
    const r = await runKiosk(['enrol', f.url, await codeFor('kiosk-2'), '--fingerprint', fp, '--out', cred2]);
    expect(r.code, r.stderr).toBe(0);
    [k1, k2] = await Promise.all([
      startEmulatedDaemon('hall-k1', { config: hallModeConfig(join(dir, 'kiosk-1.json')) }),
      startEmulatedDaemon('hall-k2', { config: hallModeConfig(cred2) }),
    ]);
    daemons.push(k1, k2);
  }, 60_000);

  it("issues from the hall's one series: the printed number is the hall's, the kiosk is recorded", async () => {
    const a = await issueTicket(k1.url, 'tax');
    const b = await issueTicket(k2.url, 'tax');
    const c = await issueTicket(k1.url, 'tax');
    expect(a.payload).toMatchObject({
      result: 'issued',
      ticket: { number: 'A001' },
      print: { printed: true },
    });
    expect(b.payload).toMatchObject({ result: 'issued', ticket: { number: 'A002' } });
    expect(c.payload).toMatchObject({ result: 'issued', ticket: { number: 'A003' } });
    expect(await hallTickets()).toEqual([
      { number: 'A001', kiosk_id: 'kiosk-1' },
      { number: 'A002', kiosk_id: 'kiosk-2' },
      { number: 'A003', kiosk_id: 'kiosk-1' },
    ]);
    // What the kiosk's printer printed, and its own journal, carry the hall's number.
    const printed = (await (await fetch(`${k2.url}emulator/api/emulators/ticketPrinter/receipts`)).json()) as
      { receipts: ReceiptJson[] } | ReceiptJson[];
    const receipts = Array.isArray(printed) ? printed : printed.receipts;
    expect(receipts.map((x) => x.text.join('\n')).filter((t) => t.includes('A002'))).toHaveLength(1);
    const db = new Database(join(k1.dir, 'data', 'kiosk.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT hall_number, state FROM print_jobs ORDER BY id`).all()).toEqual([
        { hall_number: 'A001', state: 'printed' },
        { hall_number: 'A003', state: 'printed' },
      ]);
      // Nothing of the queue is kept on the kiosk.
      expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it("shows the hall's area view and serves no staff API", async () => {
    const ws = await (await import('../../tests/support/ws-client.ts')).TestSocket.open(k2.url);
    ws.command('Queue.ListAreas', 1);
    const areas = (await ws.completion(1)).payload as {
      areas: { area: { id: string }; waiting: number }[];
    };
    ws.close();
    expect(areas.areas.find((a) => a.area.id === 'tax')?.waiting).toBe(3);
    const staff = await fetch(`${k1.url}api/staff/counters`);
    expect(staff.status).toBe(404);
    expect(await staff.json()).toMatchObject({ code: 'hallMode' });
  });

  it('sends the matter chosen with a ticket to the hall, which keeps it on the ticket', async () => {
    const ws = await (await import('../../tests/support/ws-client.ts')).TestSocket.open(k1.url);
    try {
      ws.command('Queue.IssueTicket', 1, { areaId: 'tax', matterCode: 'SW-001' });
      const r = await ws.completion(1);
      expect(r.payload).toMatchObject({ result: 'issued', ticket: { number: 'A004' } });
    } finally {
      ws.close();
    }
    const { rows } = await f.db.pool.query(
      `SELECT number, kiosk_id, matter_id FROM tickets WHERE number = 'A004'`,
    );
    expect(rows).toEqual([{ number: 'A004', kiosk_id: 'kiosk-1', matter_id: 'SW-001' }]);
  });

  it('refuses with hallUnreachable when the hall cannot be reached, and issues and prints nothing', async () => {
    // A port nobody listens on.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const k3 = await startDaemon({
      dir: tempDir('hall-k3'),
      config: { ...hallModeConfig(join(dir, 'kiosk-1.json'), `https://127.0.0.1:${port}`), devices: {} },
    });
    daemons.push(k3);
    const before = await hallTickets();
    const r = await issueTicket(k3.url, 'tax');
    expect(r.payload).toEqual({ result: 'refused', reason: 'hallUnreachable', opensAt: null });
    expect(await hallTickets()).toEqual(before);
    const db = new Database(join(k3.dir, 'data', 'kiosk.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // A technician's `kiosk status` still answers, and says why there are no queue lines.
    const status = await runKiosk(['status', '--config', join(k3.dir, 'config.json')]);
    expect(status.stdout).toContain("queue today: the hall's queue cannot be reached (network)");
  });
});

describe('a lost reply', () => {
  it('is retried with the same key and gives the same number, never a second one', async () => {
    const cred = join(dir, 'kiosk-4.json');
    await enrolDevice({ url: f.url, code: await codeFor('kiosk-4'), fingerprint: fp, file: cred });
    const dataDir = tempDir('hall-k4');
    const config = parseConfig(
      { server: { port: 0 }, dataDir, devices: {}, ...hallModeConfig(cred) },
      'test',
      dataDir,
    );
    const posts: string[] = [];
    let cut = true;
    const daemon = await startDaemonInProcess(config, {
      log: silentLogger,
      uiDir: null,
      hallLink: {
        retryDelayMs: 10,
        // The hall answers the first ticket request, and the answer is lost on the way back.
        async send(url, req) {
          const answer = await outboundRequest(url, req);
          if (url.pathname === '/api/kiosk/tickets') {
            posts.push(req.body!);
            if (cut) {
              cut = false;
              throw new OutboundError('network', 'connection reset after the hall answered');
            }
          }
          return answer;
        },
      },
    });
    try {
      const before = (await hallTickets()).length;
      const r = await issueTicket(daemon.url, 'estate');
      expect(r.payload).toMatchObject({ result: 'issued', ticket: { number: 'B001' } });
      expect(posts).toHaveLength(2);
      expect(posts[1]).toBe(posts[0]);
      const rows = await hallTickets();
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toEqual({ number: 'B001', kiosk_id: 'kiosk-4' });
      // The next request has a new key and the next number.
      const next = await issueTicket(daemon.url, 'estate');
      expect(next.payload).toMatchObject({ result: 'issued', ticket: { number: 'B002' } });
      expect(JSON.parse(posts[2]!).idempotencyKey).not.toBe(JSON.parse(posts[0]!).idempotencyKey);
    } finally {
      await daemon.close();
    }
  });
});
