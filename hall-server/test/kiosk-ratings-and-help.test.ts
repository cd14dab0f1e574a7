// A kiosk daemon in hall mode rates and calls for staff through the hall. The hall's endpoints for
// ratings and 帮办 belong to other parts of the hall server; here a tiny HTTPS handler with the hall's
// certificates stands in for them, answering exactly the contract (shared/src/http/hall-kiosk.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@hall-kiosk/device-daemon';
import type { Ticket } from '@hall-kiosk/shared';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon, type RunningDaemon } from '../../device-daemon/src/app/start-daemon.ts';
import { writeHallCredential } from '../../device-daemon/src/hall-link/credential.ts';
import { tempDir } from '../../tests/support/harness.ts';
import { TestSocket } from '../../tests/support/ws-client.ts';
import { testCertificates } from './hall-fixture.ts';
import { AREAS } from './support.ts';

const TOKEN = `d.${'t'.repeat(43)}`;
const ticket: Ticket = {
  id: 41,
  number: 'A001',
  areaId: 'tax',
  businessDate: '2026-11-30',
  issuedAt: '2026-11-30T01:00:00.000Z',
  peopleAhead: 0,
  priority: false,
  priorityReason: null,
  appointment: false,
  estimatedWaitMinutes: null,
};

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let helpAsked = 0;
let stub: Server;
let daemon: RunningDaemon;
let ws: TestSocket;

beforeAll(async () => {
  const certs = testCertificates();
  stub = createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: 'who?' });
      if (req.method === 'POST' && path === '/api/kiosk/tickets')
        return json(200, { ok: true, ticket, reprint: false, replayed: false });
      if (req.method === 'GET' && path === '/api/kiosk/tickets/41/origin')
        return json(200, { areaId: 'tax', appointment: false });
      if (req.method === 'POST' && path === '/api/kiosk/ratings') return json(200, {});
      if (req.method === 'POST' && path === '/api/kiosk/help') return json(200, { id: 9 });
      if (req.method === 'GET' && path === '/api/kiosk/help/9')
        return json(200, { state: ++helpAsked < 2 ? 'waiting' : 'acknowledged' });
      json(404, { error: 'no such API' });
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const dir = tempDir('hall-ratings-help');
  const credentialFile = join(dir, 'hall-credential.json');
  writeHallCredential(credentialFile, {
    url,
    deviceId: 'kiosk-9',
    token: TOKEN,
    caCertificate: certs.caCert,
  });
  daemon = await startDaemon(
    parseConfig(
      {
        server: { port: 0 },
        dataDir: join(dir, 'data'),
        devices: {},
        areas: AREAS,
        queue: { mode: 'hall' },
        hall: { name: { zh: '区政务服务中心', en: 'Hall' }, server: { url, credentialFile } },
      },
      'test',
      dir,
    ),
    { log: silentLogger, uiDir: null },
  );
  ws = await TestSocket.open(daemon.url);
}, 60_000);
afterAll(async () => {
  ws?.close();
  await daemon?.close();
  await new Promise((r) => stub?.close(r));
});

const waitFor = async (what: () => boolean) => {
  const started = Date.now();
  while (!what()) {
    if (Date.now() - started > 15_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a kiosk in hall mode', () => {
  it("sends a ticket's rating to the hall, with its token, in the body the province gets", async () => {
    ws.command('Queue.IssueTicket', 1, { areaId: 'tax' });
    expect((await ws.completion(1)).payload).toMatchObject({ result: 'issued', ticket: { number: 'A001' } });
    ws.command('Rating.Submit', 2, {
      event: { kind: 'ticket', ref: '41' },
      level: 2,
      reasons: ['waitTooLong'],
    });
    expect((await ws.completion(2)).payload).toMatchObject({ result: 'recorded' });
    await waitFor(() => seen.some((s) => s.path === '/api/kiosk/ratings'));
    const sent = seen.find((s) => s.path === '/api/kiosk/ratings')!;
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(sent.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      hall: '区政务服务中心',
      channel: 'kiosk',
      serviceEvent: { kind: 'ticket', ref: '41' },
      areaId: 'tax',
      level: 2,
      levelName: '不满意',
      reasons: ['waitTooLong'],
    });
    expect(sent.headers['idempotency-key']).toBe(body.idempotencyKey);
  });

  it('calls staff through the hall and tells the screen once a supervisor acknowledged', async () => {
    ws.command('Kiosk.CallStaff', 3, { screen: 'home' });
    expect((await ws.completion(3)).payload).toHaveProperty('at');
    const call = seen.find((s) => s.path === '/api/kiosk/help')!;
    expect(call.method).toBe('POST');
    expect(JSON.parse(call.body)).toEqual({});
    const told = await ws.next(
      (m) => m.header.type === 'unsolicited' && m.header.name === 'Kiosk.HelpAcknowledged',
      15_000,
    );
    expect(told.payload).toEqual({});
    expect(helpAsked).toBe(2);
  }, 20_000);
});
