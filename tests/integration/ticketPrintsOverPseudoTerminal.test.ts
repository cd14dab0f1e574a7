import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

// The daemon and the printer emulator run as separate processes joined by a socat pseudo-terminal;
// the daemon opens it with the real serialport native binding, as it would /dev/ttyUSB0.
describe('a ticket issued through the API comes out of the printer on a serial line', () => {
  let dir: string;
  let emulator: EmulatorProcess;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    dir = tempDir('pty');
    emulator = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    daemon = await startDaemon({
      dir,
      config: { devices: { ticketPrinter: { connection: { serial: emulator.hostPath, baudRate: 115200 } } } },
    });
  });
  afterAll(async () => {
    await daemon?.stop();
    await emulator?.stop();
  });

  it('reports the printer online over the serial line', async () => {
    await expect
      .poll(async () => (await daemon.health()).devices[0]?.state, { timeout: 10_000 })
      .toBe('online');
    expect((await daemon.health()).devices[0]).toMatchObject({
      device: 'ticketPrinter',
      connection: `serial ${emulator.hostPath} @115200`,
      paper: 'full',
    });
  });

  it('issues consecutive numbers and the bytes received decode to the same tickets', async () => {
    const ws = await TestSocket.open(daemon.url);
    ws.command('Queue.IssueTicket', 1, { areaId: 'socialSecurity' });
    const first = await ws.completion(1);
    ws.command('Queue.IssueTicket', 2, { areaId: 'socialSecurity' });
    const second = await ws.completion(2);
    ws.close();

    expect(first.header.completionCode).toBe('success');
    expect(first.payload).toMatchObject({
      ticket: { number: 'C001', peopleAhead: 0 },
      print: { printed: true },
    });
    expect(second.payload).toMatchObject({
      ticket: { number: 'C002', peopleAhead: 1 },
      print: { printed: true },
    });

    const receipts = await emulator.receipts();
    expect(receipts).toHaveLength(2);
    const [a, b] = receipts;
    expect(a!.text).toContain('C001');
    expect(a!.text).toContain('社保服务');
    expect(a!.text).toContain('您前面还有 0 人');
    expect(a!.text.some((l) => /^\[QR HK-TICKET:\d{4}-\d{2}-\d{2}:C001:\d+\]$/.test(l))).toBe(true);
    expect(a!.cut).toBe('partial');
    expect(b!.text).toContain('C002');
    expect(b!.text).toContain('1 person ahead of you');
  });
});
