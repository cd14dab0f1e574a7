import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { issueTicket } from '../support/ws-client.ts';

describe('a printer that is absent, unplugged and plugged back', () => {
  const dir = tempDir('unplug');
  const hostPath = join(dir, 'ttyPrinter');
  let daemon: DaemonProcess | undefined;
  let emulator: EmulatorProcess | undefined;
  afterAll(async () => {
    await daemon?.stop();
    await emulator?.stop();
  });

  const state = async () => (await daemon!.health()).devices.find((d) => d.device === 'ticketPrinter')?.state;

  it('lets the kiosk start without the printer and reports noDevice', async () => {
    daemon = await startDaemon({
      dir,
      config: { devices: { ticketPrinter: { connection: { serial: hostPath } } } },
    });
    await expect.poll(state, { timeout: 10_000 }).toBe('noDevice');
    const health = await daemon.health();
    expect(health.status).toBe('degraded');
    expect(health.devices[0]?.detail).toMatch(/No such file|cannot open/);
  });

  it('still issues a number when the printer is missing, and says it was not printed', async () => {
    const done = await issueTicket(daemon!.url, 'tax', 1);
    expect(done.payload).toMatchObject({
      ticket: { number: 'A001' },
      print: { printed: false, reason: 'noDevice' },
    });
  });

  it('connects by itself when the printer appears', async () => {
    emulator = await startEmulator({ device: 'ticketPrinter', hostPath });
    await expect.poll(state, { timeout: 15_000 }).toBe('online');
  });

  it('goes offline when unplugged mid-run and online again when plugged back', async () => {
    await emulator!.control({ action: 'unplug' });
    await expect.poll(state, { timeout: 15_000 }).not.toBe('online');
    expect(['offline', 'noDevice']).toContain(await state());
    await emulator!.control({ action: 'plug' });
    await expect.poll(state, { timeout: 15_000 }).toBe('online');
    const done = await issueTicket(daemon!.url, 'tax', 2);
    expect(done.payload).toMatchObject({ ticket: { number: 'A002' }, print: { printed: true } });
    expect(daemon!.exitCode).toBeNull();
  });

  it('reports paper out as userError and keeps the number', async () => {
    await emulator!.control({ action: 'paperOut' });
    const done = await issueTicket(daemon!.url, 'tax', 3);
    expect(done.payload).toMatchObject({
      ticket: { number: 'A003' },
      print: { printed: false, reason: 'paperOut' },
    });
    expect((await daemon!.health()).devices[0]).toMatchObject({ state: 'userError', paper: 'out' });
  });
});
