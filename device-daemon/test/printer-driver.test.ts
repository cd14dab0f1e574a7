import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorBinding, PrinterEmulator, receiptText } from '@hall-kiosk/hardware-mocks';
import { systemClock } from '@hall-kiosk/shared';
import { EscPosPrinterDriver } from '../src/devices/printer/printer-driver.ts';
import { EscPosBuilder } from '../src/devices/printer/escpos-encoder.ts';
import { SerialTransport } from '../src/transport/serial.ts';
import { silentLogger } from '../src/log.ts';

const drivers: EscPosPrinterDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

function rig(options: { paperLines?: number; plugged?: boolean; asb?: boolean; pollMs?: number } = {}) {
  const emulator = new PrinterEmulator({
    baudRate: 115200,
    ...(options.paperLines !== undefined ? { paperLines: options.paperLines } : {}),
  });
  if (options.plugged === false) emulator.setPlugged(false);
  const binding = new EmulatorBinding();
  binding.attach('/dev/ttyTEST', emulator);
  const driver = new EscPosPrinterDriver({
    name: 'ticketPrinter',
    transport: new SerialTransport('/dev/ttyTEST', 115200, binding),
    clock: systemClock,
    log: silentLogger,
    statusPollMs: options.pollMs ?? 100,
    automaticStatusBack: options.asb ?? false,
    reconnectMs: 50,
    replyTimeoutMs: 300,
    printMarginMs: 500,
  });
  drivers.push(driver);
  driver.start();
  return { emulator, driver };
}

const job = (lines: number) => {
  const b = new EscPosBuilder().init();
  for (let i = 1; i <= lines; i++) b.line(`第 ${i} 行 line ${i}`);
  return b.cut(true, 0).bytes();
};

describe('ESC/POS printer driver', () => {
  it('comes online and prints a job the emulator receives whole', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    expect(driver.status.paper).toBe('full');
    expect(await driver.print(job(3))).toEqual({ ok: true });
    expect(emulator.receipts).toHaveLength(1);
    expect(receiptText(emulator.receipts[0]!)).toEqual([
      '第 1 行 line 1',
      '第 2 行 line 2',
      '第 3 行 line 3',
    ]);
  });

  it('refuses to print when out of paper and reports userError', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'paperOut' });
    expect(await driver.print(job(2))).toMatchObject({ ok: false, reason: 'paperOut' });
    expect(driver.status).toMatchObject({ state: 'userError', paper: 'out', detail: 'paper out' });
    expect(emulator.receipts).toHaveLength(0);
  });

  it('reports paper running out in the middle of a job, and the partial receipt is marked incomplete', async () => {
    const { emulator, driver } = rig({ paperLines: 50 });
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'paperOutAfter', lines: 2 });
    expect(await driver.print(job(5))).toMatchObject({ ok: false, reason: 'paperOut' });
    expect(emulator.receipts.at(-1)?.incomplete).toBe(true);
    emulator.control({ action: 'loadPaper' });
    await expect.poll(() => driver.status.state).toBe('online');
  });

  it('reports an open cover as userError and a jammed cutter as hardwareError', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'openCover' });
    await expect.poll(() => driver.status.detail).toBe('cover open');
    expect(driver.status.state).toBe('userError');
    expect(await driver.print(job(1))).toMatchObject({ ok: false, reason: 'coverOpen' });
    emulator.control({ action: 'closeCover' });
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'jamCutter' });
    expect(await driver.print(job(1))).toMatchObject({ ok: false, reason: 'hardwareError' });
    expect(driver.status).toMatchObject({ state: 'hardwareError', detail: 'cutter error' });
  });

  it('shows paper near end while staying online', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'paperNearEnd' });
    await expect.poll(() => driver.status.paper).toBe('low');
    expect(driver.status.state).toBe('online');
    expect(await driver.print(job(1))).toEqual({ ok: true });
  });

  it('goes offline when unplugged and back online when plugged in again', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.setPlugged(false);
    await expect.poll(() => driver.status.state).not.toBe('online');
    expect(['offline', 'noDevice']).toContain(driver.status.state);
    expect(await driver.print(job(1))).toMatchObject({ ok: false });
    emulator.setPlugged(true);
    await expect.poll(() => driver.status.state).toBe('online');
    expect(await driver.print(job(1))).toEqual({ ok: true });
  });

  it('starts as noDevice when the printer is absent and connects when it appears', async () => {
    const { emulator, driver } = rig({ plugged: false });
    await expect.poll(() => driver.status.state).toBe('noDevice');
    expect(await driver.print(job(1))).toMatchObject({ ok: false, reason: 'noDevice' });
    emulator.setPlugged(true);
    await expect.poll(() => driver.status.state).toBe('online');
  });

  it('marks a printer that stops answering as offline', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'noReply' });
    await expect.poll(() => driver.status.state).toBe('offline');
    expect(driver.status.detail).toContain('does not answer');
    emulator.control({ action: 'noReply', on: false });
    await expect.poll(() => driver.status.state).toBe('online');
  });

  it('with Automatic Status Back, learns of an open cover and paper running out without polling', async () => {
    const { emulator, driver } = rig({ asb: true, pollMs: 600_000 });
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'openCover' });
    await expect.poll(() => driver.status.detail).toBe('cover open');
    emulator.control({ action: 'closeCover' });
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'paperOut' });
    await expect.poll(() => driver.status).toMatchObject({ state: 'userError', paper: 'out' });
  });
});
