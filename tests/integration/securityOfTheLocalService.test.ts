import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
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

  it('serves /metrics to this machine only, even when configured to listen on the LAN', async () => {
    const open = await startDaemon({
      dir: tempDir('security-lan'),
      config: { server: { host: '0.0.0.0', port: 0 }, devices: {} },
    });
    try {
      const port = new URL(open.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      const lan = lanAddress();
      if (lan) {
        const r = await fetch(`http://${lan}:${port}/metrics`);
        expect(r.status).toBe(403);
      }
      expect(
        open.logs().some((l) => l.msg === 'serving beyond loopback because the configuration says so'),
      ).toBe(true);
    } finally {
      await open.stop();
    }
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
    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}ws`);
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
