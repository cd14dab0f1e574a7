import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKiosk, startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

describe('bad input never takes the daemon down', () => {
  let daemon: DaemonProcess;
  beforeAll(async () => {
    daemon = await startDaemon({
      dir: tempDir('bad'),
      config: {
        devices: {
          ticketPrinter: { connection: { emulated: {} } },
          idCardReader: { connection: { emulated: {} } },
        },
      },
    });
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('answers every kind of garbage with a typed error and keeps serving', async () => {
    const ws = await TestSocket.open(daemon.url);
    ws.send('not json at all');
    ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    ws.send(JSON.stringify({ header: { type: 'command', name: 'Queue.IssueTicket', requestId: 5 } }));
    ws.send(JSON.stringify({ header: { type: 'command', name: 'Nope.Nothing', requestId: 6 }, payload: {} }));
    ws.send(
      JSON.stringify({
        header: { type: 'command', name: 'Queue.IssueTicket', requestId: 7 },
        payload: { areaId: 'nowhere' },
      }),
    );
    ws.send(
      JSON.stringify({
        header: { type: 'command', name: 'Queue.IssueTicket', requestId: 8 },
        payload: { areaId: 42 },
      }),
    );
    ws.send(
      JSON.stringify({
        header: { type: 'command', name: 'Common.Status', requestId: 9 },
        payload: { pad: 'x'.repeat(70_000) },
      }),
    );

    const acks = () =>
      ws.messages.filter((m) => m.header.type === 'acknowledge' && m.header.status === 'invalidMessage');
    await expect.poll(() => acks().length).toBe(4);
    expect(acks().map((m) => m.header.errorDescription)).toEqual(
      expect.arrayContaining([
        'message is not JSON',
        'binary frames are not accepted; send JSON text',
        expect.stringContaining('payload'),
        expect.stringContaining('larger than'),
      ]),
    );
    expect((await ws.completion(6)).header.completionCode).toBe('unsupportedCommand');
    expect((await ws.completion(7)).header).toMatchObject({
      completionCode: 'invalidData',
      errorDescription: expect.stringContaining('nowhere'),
    });
    expect((await ws.completion(8)).header).toMatchObject({
      completionCode: 'invalidData',
      errorDescription: expect.stringContaining('payload.areaId'),
    });

    // Still alive and still working on the same connection.
    ws.command('Common.Status', 10);
    expect((await ws.completion(10)).header.completionCode).toBe('success');
    ws.close();
    expect((await daemon.health()).devices).toHaveLength(2);
    expect(daemon.logs().some((l) => l.msg === 'message refused')).toBe(true);
  });

  it('refuses a request id that is already in progress', async () => {
    await expect.poll(async () => (await daemon.health()).status).toBe('ok');
    const ws = await TestSocket.open(daemon.url);
    // IdCard.Read waits for a card, so request 1 is certainly still in flight.
    ws.command('IdCard.Read', 1);
    await ws.next(
      (m) => m.header.type === 'acknowledge' && m.header.requestId === 1 && m.header.status === null,
    );
    ws.command('Queue.IssueTicket', 1, { areaId: 'tax' });
    await ws.next((m) => m.header.status === 'invalidRequestID');
    ws.command('IdCard.Cancel', 2);
    expect((await ws.completion(1)).header.completionCode).toBe('canceled');
    expect((await ws.completion(2)).header.completionCode).toBe('success');
    ws.close();
  });

  it('refuses WebSocket connections from another origin', async () => {
    await expect(TestSocket.open(daemon.url, 'http://evil.example')).rejects.toThrow('HTTP 403');
    const ok = await TestSocket.open(daemon.url, daemon.url.replace(/\/$/, ''));
    ok.close();
  });

  it('draws QR codes for ticket references only', async () => {
    const ok = await fetch(`${daemon.url}api/qr?data=${encodeURIComponent('HK-TICKET:2026-11-26:A001:1')}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/svg+xml');
    expect(await ok.text()).toMatch(/^<svg/);
    const bad = await fetch(`${daemon.url}api/qr?data=${encodeURIComponent('https://evil.example/phish')}`);
    expect(bad.status).toBe(400);
  });

  it('serves a strict Content-Security-Policy and answers unknown API paths with JSON 404', async () => {
    const res = await fetch(`${daemon.url}api/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('/api/nothing') });
    const page = await fetch(daemon.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('rejects a configuration with a wrong type, naming the field, without starting', async () => {
    const dir = tempDir('badcfg');
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        devices: { ticketPrinter: { connection: { serial: '/dev/ttyUSB0', baudRate: '115200' } } },
      }),
    );
    const check = await runKiosk(['config', 'check', file]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('devices.ticketPrinter.connection.baudRate');
    const start = await runKiosk(['start', '--config', file]);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('invalid configuration');
    const good = await runKiosk([
      'config',
      'check',
      new URL('../../device-daemon/config/demo.json', import.meta.url).pathname,
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('OK');
  });
});
