import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { issueTicket } from '../support/ws-client.ts';

// A network ticket printer on a raw TCP port (as on 9100), the emulator in its own process.
describe('a printer on TCP', () => {
  let emulator: EmulatorProcess;
  let daemon: DaemonProcess;
  const state = async () => (await daemon.health()).devices[0];

  beforeAll(async () => {
    emulator = await startEmulator({ device: 'ticketPrinter', tcp: true });
    daemon = await startDaemon({
      dir: tempDir('tcp'),
      // Polled every second, not every 5 s: three status changes in one test then take seconds, not
      // three polls of 5 s under a 20 s time-out.
      config: { devices: { ticketPrinter: { connection: { tcp: emulator.hostPath }, statusPollMs: 1000 } } },
    });
  });
  afterAll(async () => {
    await daemon?.stop();
    await emulator?.stop();
  });

  it('prints a ticket over the socket', async () => {
    await expect.poll(async () => (await state())?.state, { timeout: 10_000 }).toBe('online');
    expect((await state())?.connection).toBe(`tcp ${emulator.hostPath}`);
    const done = await issueTicket(daemon.url, 'trafficPolice');
    expect(done.payload).toMatchObject({ ticket: { number: 'H001' }, print: { printed: true } });
    expect((await emulator.receipts()).at(-1)!.text).toContain('H001');
  });

  it('reports the cover opened, the paper near its end, and a jammed cutter', async () => {
    await emulator.control({ action: 'openCover' });
    await expect.poll(async () => (await state())?.detail, { timeout: 10_000 }).toBe('cover open');
    expect((await state())?.state).toBe('userError');
    expect((await issueTicket(daemon.url, 'tax')).payload).toMatchObject({
      print: { printed: false, reason: 'coverOpen' },
    });
    await emulator.control({ action: 'closeCover' });
    await emulator.control({ action: 'paperNearEnd' });
    await expect.poll(async () => (await state())?.paper, { timeout: 10_000 }).toBe('low');
    expect((await state())?.state).toBe('online');
    await emulator.control({ action: 'jamCutter' });
    expect((await issueTicket(daemon.url, 'tax')).payload).toMatchObject({
      print: { printed: false, reason: 'hardwareError' },
    });
    expect(await state()).toMatchObject({ state: 'hardwareError', detail: 'cutter error' });
    await emulator.control({ action: 'clearCutter' });
    await expect.poll(async () => (await state())?.state, { timeout: 10_000 }).toBe('online');
  });

  it('goes offline when the printer drops off the network and recovers when it is back', async () => {
    await emulator.control({ action: 'unplug' });
    await expect.poll(async () => (await state())?.state, { timeout: 10_000 }).not.toBe('online');
    expect(['offline', 'noDevice']).toContain((await state())?.state);
    await emulator.control({ action: 'plug' });
    await expect.poll(async () => (await state())?.state, { timeout: 15_000 }).toBe('online');
    expect((await issueTicket(daemon.url, 'tax')).payload).toMatchObject({ print: { printed: true } });
  });
});
