import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { EmulatorBinding, PrinterEmulator } from '../src/index.ts';
import { DLE_EOT, ESCPOS_COMMANDS, ESCPOS_REPLIES } from '../src/fixtures/index.ts';

function collect(e: PrinterEmulator): number[] {
  const out: number[] = [];
  e.on('output', (b) => out.push(...b));
  return out;
}

describe('printer emulator', () => {
  it('answers DLE EOT 1, 2, 4 with 1A, 32, 7E when out of paper (the documented example)', () => {
    const e = new PrinterEmulator();
    const out = collect(e);
    e.control({ action: 'paperOut' });
    e.receive(Uint8Array.from([...DLE_EOT[1], ...DLE_EOT[2], ...DLE_EOT[4]]));
    expect(out).toEqual([0x1a, 0x32, 0x7e]);
    expect(out).toEqual([...ESCPOS_REPLIES.paperOut124]);
  });

  it('answers 0x12 to every real-time status request when healthy', () => {
    const e = new PrinterEmulator();
    const out = collect(e);
    e.receive(Uint8Array.from([...DLE_EOT[1], ...DLE_EOT[2], ...DLE_EOT[3], ...DLE_EOT[4]]));
    expect(out).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect(out).toEqual([...ESCPOS_REPLIES.healthy]);
  });

  it('sends Automatic Status Back once enabled, and again on every change', () => {
    const e = new PrinterEmulator();
    const out = collect(e);
    e.receive(Uint8Array.of(0x1d, 0x61, 0xff));
    expect(out).toEqual([0x10, 0, 0, 0]);
    expect(out).toEqual([...ESCPOS_REPLIES.asbClear]);
    e.control({ action: 'openCover' });
    expect(out.slice(4)).toEqual([0x38, 0, 0, 0]);
    expect(out.slice(4)).toEqual([...ESCPOS_REPLIES.asbCoverOpen]);
    // The daemon's own ASB request (GS a 0F) is answered the same way.
    const daemonAsb = new PrinterEmulator();
    const first = collect(daemonAsb);
    daemonAsb.receive(ESCPOS_COMMANDS.asbOn);
    expect(first).toEqual([...ESCPOS_REPLIES.asbClear]);
  });

  it('does not answer GS r while offline: it is processed in order with the print data', () => {
    const e = new PrinterEmulator();
    const out = collect(e);
    e.receive(ESCPOS_COMMANDS.transmitPaperStatus);
    expect(out).toEqual([0x00]);
    expect(out).toEqual([...ESCPOS_REPLIES.paperOk]);
    e.control({ action: 'openCover' });
    e.receive(ESCPOS_COMMANDS.transmitPaperStatus);
    expect(out).toEqual([0x00]);
  });

  it('runs out of paper after the given number of lines and keeps what was printed, marked incomplete', () => {
    const e = new PrinterEmulator({ paperLines: 2 });
    e.receive(new TextEncoder().encode('one\ntwo\nthree\n'));
    expect(e.paperOut).toBe(true);
    expect(e.receipts).toHaveLength(1);
    expect(e.receipts[0]).toMatchObject({ incomplete: true });
  });

  it('paces replies at the configured baud rate: one byte takes 10 bits on the wire', async () => {
    const clock = new ManualClock();
    const e = new PrinterEmulator({ baudRate: 9600, clock });
    const out = collect(e);
    e.receive(Uint8Array.from([...DLE_EOT[1], ...DLE_EOT[2]]));
    await clock.advance(1.0); // 1 byte at 9600 baud = 1.0417 ms
    expect(out).toEqual([]);
    await clock.advance(0.05);
    expect(out).toEqual([0x12]);
    await clock.advance(1.05);
    expect(out).toEqual([0x12, 0x12]);
  });

  it('rejects unknown and malformed control actions with a reason', () => {
    const e = new PrinterEmulator();
    expect(e.control({ action: 'explode' })).toEqual({ ok: false, error: 'unknown action explode' });
    expect(e.control({ action: 'paperOutAfter', lines: -1 })).toMatchObject({ ok: false });
    expect(e.control({ action: 'slowReplies', ms: 'soon' })).toMatchObject({ ok: false });
  });
});

describe('emulator serial binding', () => {
  it('refuses to open an unplugged device and lists only plugged ones', async () => {
    const binding = new EmulatorBinding();
    const e = new PrinterEmulator();
    binding.attach('/dev/x', e);
    expect((await binding.list()).map((p) => p.path)).toEqual(['/dev/x']);
    e.setPlugged(false);
    expect(await binding.list()).toEqual([]);
    await expect(binding.open({ path: '/dev/x', baudRate: 115200 })).rejects.toThrow(/No such file/);
    await expect(binding.open({ path: '/dev/none', baudRate: 115200 })).rejects.toThrow(/No such file/);
  });

  it('fails a pending read with a disconnect when the device is unplugged', async () => {
    const binding = new EmulatorBinding();
    const e = new PrinterEmulator();
    binding.attach('/dev/x', e);
    const port = await binding.open({ path: '/dev/x', baudRate: 115200 });
    const read = port.read(Buffer.alloc(16), 0, 16);
    e.setPlugged(false);
    await expect(read).rejects.toMatchObject({ disconnected: true });
  });
});
