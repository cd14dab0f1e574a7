import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { startDaemon, startEmulatedDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';
import { scanForPersonalData } from '../support/privacy-scan.ts';

/** This machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const refused = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port }, () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });

type RawOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sends content-type: application/json. */
  json?: boolean;
  /** The certificate to trust (the LAN listener's self-signed one). */
  ca?: string;
  /** The name the TLS certificate is checked against (by default the Host header's). */
  servername?: string;
};

/** A request with any Host header (fetch will not send a foreign one), answered with its status and body. */
const raw = (url: string, options: RawOptions = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      {
        method: options.method ?? 'GET',
        headers: { ...(options.json ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.servername ? { servername: options.servername } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });

// Each property of the local service, with a test that fails without it (docs/security.md).
describe('security of the local service', () => {
  const dir = tempDir('security');
  let daemon: DaemonProcess;
  beforeAll(async () => {
    daemon = await startEmulatedDaemon('security', {
      dir,
      scanner: true,
      config: {
        // No server.host: the default must be loopback.
        server: { port: 0 },
        staff: { pinHash: await hashPin('246810', { N: 1 << 12 }) },
        maintenance: { pinHash: await hashPin('135790', { N: 1 << 12 }) },
      },
    });
  });
  afterAll(() => daemon?.stop());

  it('binds loopback only unless the configuration says otherwise', async () => {
    expect(daemon.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const lan = lanAddress();
    if (lan) expect(await refused(lan, Number(new URL(daemon.url).port))).toBe(true);
  });

  it('keeps the main listener on loopback: a LAN server.host, or a LAN listener without TLS, is refused', async () => {
    await expect(
      startDaemon({
        dir: tempDir('security-host'),
        config: { server: { host: '0.0.0.0', port: 0 }, devices: {} },
      }),
    ).rejects.toThrow(/server\.host: "0\.0\.0\.0" is not a loopback address/);
    await expect(
      startDaemon({
        dir: tempDir('security-plain-lan'),
        config: { server: { host: '127.0.0.1', port: 0, lan: { host: '0.0.0.0', port: 0 } }, devices: {} },
      }),
    ).rejects.toThrow(
      /server\.lan\.tls: the LAN listener on "0\.0\.0\.0" is not on loopback and must use TLS/,
    );
  });

  it('serves the LAN only the counter pages and the hall display, over TLS; the kiosk stays on loopback', async () => {
    // 127.0.0.2 stands for the hall LAN; the certificate is self-signed for it.
    const tlsDir = tempDir('security-lan');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(tlsDir, 'key.pem'),
        '-out',
        join(tlsDir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=counter.hall.test',
        '-addext',
        'subjectAltName=IP:127.0.0.2,DNS:counter.hall.test',
      ],
      { stdio: 'ignore' },
    );
    const ca = readFileSync(join(tlsDir, 'cert.pem'), 'utf8');
    const both = await startEmulatedDaemon('security-lan', {
      dir: tlsDir,
      config: {
        server: {
          host: '127.0.0.1',
          port: 0,
          lan: {
            host: '127.0.0.2',
            port: 0,
            names: ['counter.hall.test'],
            tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
          },
        },
        staff: { pinHash: await hashPin('246810', { N: 1 << 12 }) },
        maintenance: { pinHash: await hashPin('135790', { N: 1 << 12 }) },
      },
    });
    try {
      const lan = both.lanUrl!;
      expect(lan).toMatch(/^https:\/\/127\.0\.0\.2:\d+\/$/);
      const on = (path: string, options: RawOptions = {}) => raw(`${lan}${path}`, { ca, ...options });
      // Not on the LAN: the kiosk page and its command API, maintenance, the emulators, metrics.
      for (const path of [
        '',
        'index.html',
        'maintenance',
        'api/health',
        'api/tech/overview',
        'metrics',
        'emulator/',
        'emulator/api/emulators',
      ])
        expect((await on(path)).status, path).toBe(404);
      expect(
        (await on('api/tech/login', { method: 'POST', body: JSON.stringify({ pin: '135790' }), json: true }))
          .status,
      ).toBe(404);
      expect(
        (
          await on('emulator/api/emulators/idCardReader/control', {
            method: 'POST',
            body: JSON.stringify({ action: 'placeCard', card: 'resident' }),
            json: true,
          })
        ).status,
      ).toBe(404);
      await expect(TestSocket.open(lan, new URL(lan).origin, { ca })).rejects.toThrow(/HTTP 404/);
      // On the LAN: the counter page, the hall display and their API, by its names only.
      for (const page of ['staff', 'display']) expect((await on(page)).status, page).toBe(200);
      const login = await on('api/staff/login', {
        method: 'POST',
        body: JSON.stringify({ pin: '246810' }),
        json: true,
      });
      expect(login.status).toBe(200);
      const { token } = JSON.parse(login.body) as { token: string };
      const port = new URL(lan).port;
      const counters = await on('api/staff/counters', {
        headers: { authorization: `Bearer ${token}`, host: `counter.hall.test:${port}` },
      });
      expect(counters.status).toBe(200);
      expect(
        (
          await on('api/staff/counters', {
            headers: { host: `attacker.example:${port}` },
            servername: 'counter.hall.test',
          })
        ).status,
      ).toBe(421);
      // TLS only: plain HTTP to the LAN port gets no answer.
      await expect(raw(`http://127.0.0.2:${port}/staff`)).rejects.toThrow();

      // The main listener still serves the kiosk: its page, its command API, metrics.
      expect((await fetch(`${both.url}metrics`)).status).toBe(200);
      const ws = await TestSocket.open(both.url);
      ws.command('Queue.IssueTicket', 1, { areaId: 'tax' });
      expect((await ws.completion(1)).header.completionCode).toBe('success');
      ws.close();
    } finally {
      await both.stop();
    }
  });

  it('answers 421 to a request or upgrade for another host name before any handler runs', async () => {
    const evil = { host: 'attacker.example' };
    expect((await raw(daemon.url, { headers: evil })).status).toBe(421);
    expect((await raw(`${daemon.url}api/health`, { headers: evil })).status).toBe(421);
    const port = new URL(daemon.url).port;
    expect(
      (await raw(`${daemon.url}api/health`, { headers: { host: `attacker.example:${port}` } })).status,
    ).toBe(421);
    expect((await raw(`${daemon.url}api/health`, { headers: { host: `localhost:${port}` } })).status).toBe(
      200,
    );
    // The PIN is never evaluated: eight wrong ones under a foreign name would otherwise lock sign-in.
    for (let i = 0; i < 8; i++) {
      const r = await raw(`${daemon.url}api/staff/login`, {
        method: 'POST',
        headers: evil,
        json: true,
        body: JSON.stringify({ pin: '999999' }),
      });
      expect(r.status).toBe(421);
    }
    const right = await raw(`${daemon.url}api/staff/login`, {
      method: 'POST',
      json: true,
      body: JSON.stringify({ pin: '246810' }),
    });
    expect(right.status).toBe(200);
    await expect(
      TestSocket.open(daemon.url, new URL(daemon.url).origin, {
        headers: { host: `attacker.example:${port}` },
      }),
    ).rejects.toThrow(/HTTP 421/);
  });

  it('refuses a WebSocket with no Origin: the command API is for the kiosk page only', async () => {
    await expect(TestSocket.open(daemon.url, null)).rejects.toThrow(/HTTP 403/);
  });

  it('takes emulator controls as JSON from this page only', async () => {
    const control = `${daemon.url}emulator/api/emulators/idCardReader/control`;
    const body = JSON.stringify({ action: 'placeCard', card: 'resident' });
    // A cross-site `no-cors` POST can only send text/plain (or a form): refused.
    expect(
      (await raw(control, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status,
    ).toBe(415);
    expect((await raw(control, { method: 'POST', body })).status).toBe(415);
    expect(
      (await raw(control, { method: 'POST', json: true, headers: { origin: 'http://evil.example' }, body }))
        .status,
    ).toBe(403);
    expect(
      (await raw(control, { method: 'POST', json: true, headers: { host: 'attacker.example' }, body }))
        .status,
    ).toBe(421);
    const state = (await (await fetch(`${daemon.url}emulator/api/emulators`)).json()) as {
      emulators: { name: string; state: { card?: unknown } }[];
    };
    expect(state.emulators.find((e) => e.name === 'idCardReader')!.state.card).toBeNull();
  });

  it('refuses WebSocket connections from other origins', async () => {
    await expect(TestSocket.open(daemon.url, 'http://evil.example')).rejects.toThrow(/HTTP 403/);
    const ok = await TestSocket.open(daemon.url, daemon.url.replace(/\/$/, ''));
    ok.close();
  });

  it('caps message and body sizes, answering with a typed refusal and staying up', async () => {
    // Over 64 KB: refused with a typed message, the connection stays; over 1 MB: cut off (1009).
    const t = await TestSocket.open(daemon.url);
    t.send('x'.repeat(70 * 1024));
    expect(String((await t.next(() => true)).header.errorDescription)).toContain('larger than');
    t.close();
    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}ws`, { origin: new URL(daemon.url).origin });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const big = await fetch(`${daemon.url}api/tech/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '1'.repeat(10_000) }),
    });
    expect(big.status).toBe(413);
    expect((await daemon.health()).status).toBe('ok');
  });

  it('every staff and technician endpoint needs its credential', async () => {
    const endpoints: [string, string][] = [
      ['GET', 'api/staff/counters'],
      ['GET', 'api/staff/counters/1'],
      ['POST', 'api/staff/counters/1'],
      ['POST', 'api/staff/logout'],
      ['GET', 'api/display/calls'],
      ['GET', 'api/display/events'],
      ['GET', 'api/tech/overview'],
      ['GET', 'api/tech/events'],
      ['GET', 'api/tech/bundle'],
      ['POST', 'api/tech/check'],
      ['POST', 'api/tech/reconnect'],
      ['POST', 'api/tech/statistics/reset'],
      ['POST', 'api/tech/logout'],
    ];
    for (const [method, path] of endpoints) {
      const r = await fetch(`${daemon.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: 'Bearer forged-token' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(r.status, `${method} ${path}`).toBe(401);
    }
    // A staff token does not open technician endpoints.
    const staff = (await (
      await fetch(`${daemon.url}api/staff/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin: '246810' }),
      })
    ).json()) as { token: string };
    expect(
      (await fetch(`${daemon.url}api/tech/overview`, { headers: { authorization: `Bearer ${staff.token}` } }))
        .status,
    ).toBe(401);
  });

  it('serves every page with a strict Content-Security-Policy', async () => {
    for (const page of ['', 'staff', 'display', 'maintenance', 'no-such-page']) {
      const r = await fetch(`${daemon.url}${page}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, page).toContain("default-src 'self'");
      expect(csp, page).toContain("script-src 'self';");
      expect(csp, page).not.toContain('unsafe-inline');
      expect(csp, page).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('keeps personal data out of logs, files, the database and crash output', async () => {
    const control = (device: string, action: Record<string, unknown>) =>
      fetch(`${daemon.url}emulator/api/emulators/${device}/control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(action),
      });
    const ws = await TestSocket.open(daemon.url);
    for (const [i, card] of ['elderResident', 'resident', 'hkResident', 'foreignResident'].entries()) {
      ws.command('IdCard.Read', 100 + i * 10);
      await new Promise((r) => setTimeout(r, 150));
      await control('idCardReader', { action: 'placeCard', card });
      expect((await ws.completion(100 + i * 10)).payload).toMatchObject({ result: 'identified' });
      ws.command('Queue.IssueTicket', 101 + i * 10, { areaId: 'tax', useIdentity: true });
      await ws.completion(101 + i * 10);
      await control('idCardReader', { action: 'removeCard' });
    }
    ws.close();
    await daemon.kill9(); // crash output: whatever the process wrote before dying
    const { hits, filesScanned } = scanForPersonalData([dir]);
    expect(filesScanned).toBeGreaterThanOrEqual(3);
    expect(hits).toEqual([]);
    daemon = await startDaemon({ dir, config: { devices: {} } });
  });
});
