import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLE_EOT, ESCPOS_REPLIES, SAM_COMMANDS, SAM_REPLIES, hex } from '@hall-kiosk/hardware-mocks/fixtures';
import { startEmulator, type EmulatorProcess } from '../support/harness.ts';

// The emulators, each in its own process on a TCP port, answer the golden frames the daemon's codec
// tests are checked against — the same bytes, from the same fixtures module.

/** A raw TCP link that collects what the device sends. */
async function wire(hostPort: string) {
  const i = hostPort.lastIndexOf(':');
  const socket: Socket = connect(Number(hostPort.slice(i + 1)), hostPort.slice(0, i));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received: number[] = [];
  socket.on('data', (b) => received.push(...b));
  return {
    /** Sends a frame and waits until `n` bytes have come back (or 5 s). */
    async ask(frame: Uint8Array, n: number): Promise<string> {
      received = [];
      socket.write(frame);
      const t0 = Date.now();
      while (received.length < n && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 5));
      return hex(received);
    },
    close: () => socket.destroy(),
  };
}

describe('golden frames on the wire', () => {
  let printer: EmulatorProcess;
  let reader: EmulatorProcess;
  beforeAll(async () => {
    [printer, reader] = await Promise.all([
      startEmulator({ device: 'ticketPrinter', tcp: true }),
      startEmulator({ device: 'idCardReader', tcp: true }),
    ]);
  });
  afterAll(async () => {
    await printer?.stop();
    await reader?.stop();
  });

  it('a printer answers DLE EOT 1–4 with the golden status bytes, healthy and out of paper', async () => {
    const link = await wire(printer.hostPath);
    const all = Uint8Array.from([...DLE_EOT[1], ...DLE_EOT[2], ...DLE_EOT[3], ...DLE_EOT[4]]);
    expect(await link.ask(all, 4)).toBe(hex(ESCPOS_REPLIES.healthy));
    await printer.control({ action: 'paperOut' });
    const three = Uint8Array.from([...DLE_EOT[1], ...DLE_EOT[2], ...DLE_EOT[4]]);
    expect(await link.ask(three, 3)).toBe(hex(ESCPOS_REPLIES.paperOut124));
    await printer.control({ action: 'loadPaper' });
    link.close();
  });

  it('a SAM reader answers the golden commands with the golden replies', async () => {
    const link = await wire(reader.hostPath);
    expect(await link.ask(SAM_COMMANDS.samStatus, SAM_REPLIES.success.length)).toBe(hex(SAM_REPLIES.success));
    expect(await link.ask(SAM_COMMANDS.findCard, SAM_REPLIES.noCard.length)).toBe(hex(SAM_REPLIES.noCard));
    await reader.control({ action: 'placeCard', card: 'resident' });
    expect(await link.ask(SAM_COMMANDS.findCard, SAM_REPLIES.cardFound.length)).toBe(
      hex(SAM_REPLIES.cardFound),
    );
    await reader.control({ action: 'samFail' });
    expect(await link.ask(SAM_COMMANDS.selectCard, SAM_REPLIES.samSelfTestFailed.length)).toBe(
      hex(SAM_REPLIES.samSelfTestFailed),
    );
    link.close();
  });
});
