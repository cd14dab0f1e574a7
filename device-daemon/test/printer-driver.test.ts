import { afterEach, describe, expect, it } from 'vitest';
import {
  EmulatorTransport,
  PrinterEmulator,
  receiptText,
  runFor,
  runUntil,
  settleOnClock,
} from '@hall-kiosk/hardware-mocks';
import { ManualClock } from '@hall-kiosk/shared';
import { EscPosPrinterDriver } from '../src/devices/printer/printer-driver.ts';
import { EscPosBuilder } from '../src/devices/printer/escpos-encoder.ts';
import { silentLogger } from '../src/log.ts';

// Driver, emulator and link all run on one ManualClock: time moves only when the test runs it.
const drivers: EscPosPrinterDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

function rig(options: { paperLines?: number; plugged?: boolean; asb?: boolean; pollMs?: number } = {}) {
  const clock = new ManualClock();
  const emulator = new PrinterEmulator({
    clock,
    baudRate: 115200,
    ...(options.paperLines !== undefined ? { paperLines: options.paperLines } : {}),
  });
  if (options.plugged === false) emulator.setPlugged(false);
  const transport = new EmulatorTransport(emulator, '/dev/ttyTEST');
  const driver = new EscPosPrinterDriver({
    name: 'ticketPrinter',
    transport,
    clock,
    log: silentLogger,
    statusPollMs: options.pollMs ?? 100,
    automaticStatusBack: options.asb ?? false,
    reconnectMs: 50,
    replyTimeoutMs: 300,
    printMarginMs: 500,
  });
  drivers.push(driver);
  driver.start();
  return {
    emulator,
    driver,
    clock,
    /** Everything the driver wrote, one entry per write. */
    sent: transport.written,
    /** Runs the clock until the condition holds (fails after 10 s of clock time). */
    until: (done: () => boolean) => runUntil(clock, done),
    print: (bytes: Uint8Array) => settleOnClock(clock, driver.print(bytes)),
  };
}

const job = (lines: number) => {
  const b = new EscPosBuilder().init();
  for (let i = 1; i <= lines; i++) b.line(`第 ${i} 行 line ${i}`);
  return b.cut(true, 0).bytes();
};

describe('ESC/POS printer driver', () => {
  it('comes online and prints a job the emulator receives whole', async () => {
    const { emulator, driver, until, print } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    expect(driver.status.paper).toBe('full');
    expect(await print(job(3))).toEqual({ ok: true });
    expect(emulator.receipts).toHaveLength(1);
    expect(receiptText(emulator.receipts[0]!)).toEqual([
      '第 1 行 line 1',
      '第 2 行 line 2',
      '第 3 行 line 3',
    ]);
  });

  it('refuses to print when out of paper and reports userError', async () => {
    const { emulator, driver, until, print } = rig();
    await until(() => driver.status.state === 'online');
    emulator.control({ action: 'paperOut' });
    expect(await print(job(2))).toMatchObject({ ok: false, reason: 'paperOut' });
    expect(driver.status).toMatchObject({ state: 'userError', paper: 'out', detail: 'paper out' });
    expect(emulator.receipts).toHaveLength(0);
  });

  it('reports paper running out in the middle of a job, and the partial receipt is marked incomplete', async () => {
    const { emulator, driver, until, print } = rig({ paperLines: 50 });
    await until(() => driver.status.state === 'online');
    emulator.control({ action: 'paperOutAfter', lines: 2 });
    expect(await print(job(5))).toMatchObject({ ok: false, reason: 'paperOut' });
    expect(emulator.receipts.at(-1)?.incomplete).toBe(true);
    emulator.control({ action: 'loadPaper' });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('reports an open cover as userError and a jammed cutter as hardwareError', async () => {
    const { emulator, driver, until, print } = rig();
    await until(() => driver.status.state === 'online');
    emulator.control({ action: 'openCover' });
    await until(() => driver.status.detail === 'cover open');
    expect(driver.status.detail).toBe('cover open');
    expect(driver.status.state).toBe('userError');
    expect(await print(job(1))).toMatchObject({ ok: false, reason: 'coverOpen' });
    emulator.control({ action: 'closeCover' });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'jamCutter' });
    expect(await print(job(1))).toMatchObject({ ok: false, reason: 'hardwareError' });
    expect(driver.status).toMatchObject({ state: 'hardwareError', detail: 'cutter error' });
  });

  it('shows paper near end while staying online', async () => {
    const { emulator, driver, until, print } = rig();
    await until(() => driver.status.state === 'online');
    emulator.control({ action: 'paperNearEnd' });
    await until(() => driver.status.paper === 'low');
    expect(driver.status.paper).toBe('low');
    expect(driver.status.state).toBe('online');
    expect(await print(job(1))).toEqual({ ok: true });
  });

  it('goes offline when unplugged and back online when plugged in again', async () => {
    const { emulator, driver, until, print } = rig();
    await until(() => driver.status.state === 'online');
    emulator.setPlugged(false);
    await until(() => driver.status.state !== 'online');
    expect(['offline', 'noDevice']).toContain(driver.status.state);
    expect(await print(job(1))).toMatchObject({ ok: false });
    emulator.setPlugged(true);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    expect(await print(job(1))).toEqual({ ok: true });
  });

  it('starts as noDevice when the printer is absent and connects when it appears', async () => {
    const { emulator, driver, until, print } = rig({ plugged: false });
    await until(() => driver.status.state === 'noDevice');
    expect(driver.status.state).toBe('noDevice');
    expect(await print(job(1))).toMatchObject({ ok: false, reason: 'noDevice' });
    emulator.setPlugged(true);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('retries a missing printer every reconnectMs of clock time', async () => {
    const { emulator, driver, clock, until } = rig({ plugged: false });
    await until(() => driver.status.state === 'noDevice');
    emulator.setPlugged(true);
    const tookMs = await until(() => driver.status.state === 'online');
    expect(tookMs).toBeLessThanOrEqual(50 + 5);
    expect(clock.now()).toBeGreaterThan(Date.UTC(2026, 0, 5, 1, 0, 0));
  });

  it('marks a printer that stops answering as offline', async () => {
    const { emulator, driver, until } = rig();
    await until(() => driver.status.state === 'online');
    emulator.control({ action: 'noReply' });
    const tookMs = await until(() => driver.status.state === 'offline');
    // The next poll (100 ms) asks, and its reply time-out (300 ms) runs out.
    expect(tookMs).toBeGreaterThanOrEqual(300);
    expect(tookMs).toBeLessThanOrEqual(100 + 300 + 5);
    expect(driver.status.state).toBe('offline');
    expect(driver.status.detail).toContain('does not answer');
    expect(driver.status.detail).toContain('no realtime reply within 300 ms');
    emulator.control({ action: 'noReply', on: false });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('with Automatic Status Back, learns of an open cover and paper running out without polling', async () => {
    const { emulator, driver, clock, until } = rig({ asb: true, pollMs: 600_000 });
    await until(() => driver.status.state === 'online');
    // The first ASB report already says online; let the connection's DLE EOT 1–4 exchange finish.
    await runFor(clock, 10);
    emulator.control({ action: 'openCover' });
    await until(() => driver.status.detail === 'cover open');
    expect(driver.status.detail).toBe('cover open');
    emulator.control({ action: 'closeCover' });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'paperOut' });
    await until(() => driver.status.state === 'userError' && driver.status.paper === 'out');
    expect(driver.status).toMatchObject({ state: 'userError', paper: 'out' });
  });
});

describe('ESC/POS printer driver with Automatic Status Back', () => {
  const DLE_EOT = [0x10, 0x04];
  const isStatusQuery = (w: Uint8Array) => w.length === 3 && w[0] === DLE_EOT[0] && w[1] === DLE_EOT[1];

  it('prints without asking the status first: the printer has already told it', async () => {
    const { emulator, driver, clock, until, print, sent } = rig({ asb: true, pollMs: 600_000 });
    await until(() => driver.status.state === 'online');
    await runFor(clock, 10);
    const before = emulator.receipts.length;
    const from = sent.length;
    expect(await print(job(2))).toEqual({ ok: true });
    const during = sent.slice(from);
    // The job is the first thing written: no DLE EOT before it.
    expect(isStatusQuery(during[0]!)).toBe(false);
    expect(emulator.receipts.length).toBe(before + 1);
  });

  it('refuses at once, writing nothing, when the printer has reported its paper out', async () => {
    const { emulator, driver, clock, until, print, sent } = rig({ asb: true, pollMs: 600_000 });
    await until(() => driver.status.state === 'online');
    await runFor(clock, 10);
    emulator.control({ action: 'paperOut' });
    await until(() => driver.status.detail === 'paper out');
    const from = sent.length;
    expect(await print(job(2))).toMatchObject({ ok: false, reason: 'paperOut' });
    expect(sent.slice(from)).toEqual([]);
  });

  it('without ASB asks DLE EOT 1–4 before every job', async () => {
    const { driver, until, print, sent } = rig({ pollMs: 600_000 });
    await until(() => driver.status.state === 'online');
    const from = sent.length;
    expect(await print(job(1))).toEqual({ ok: true });
    expect(sent.slice(from, from + 4).map((w) => Array.from(w))).toEqual([
      [0x10, 0x04, 1],
      [0x10, 0x04, 2],
      [0x10, 0x04, 3],
      [0x10, 0x04, 4],
    ]);
  });
});
