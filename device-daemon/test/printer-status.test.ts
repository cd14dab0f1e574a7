import { describe, expect, it } from 'vitest';
import { DLE_EOT, ESCPOS_COMMANDS, ESCPOS_REPLIES, hex } from '@hall-kiosk/hardware-mocks/fixtures';
import {
  DLE_EOT as dleEot,
  GS_R_PAPER,
  PrinterReplyFramer,
  isRealtimeReply,
  parseAsb,
  parseRealtimeStatus,
  parseTransmitPaper,
} from '../src/devices/printer/status.ts';

describe('real-time status (DLE EOT n)', () => {
  it('reads a printer out of paper: 1A, 32, 7E for n = 1, 2, 4', () => {
    expect(parseRealtimeStatus(1, 0x1a)).toEqual({ offline: true });
    expect(parseRealtimeStatus(2, 0x32)).toEqual({ coverOpen: false, paperOut: true });
    expect(parseRealtimeStatus(4, 0x7e)).toEqual({ paperNearEnd: true, paperOut: true });
    const [one, two, four] = ESCPOS_REPLIES.paperOut124;
    expect([one, two, four]).toEqual([0x1a, 0x32, 0x7e]);
    expect(parseRealtimeStatus(1, one!)).toEqual({ offline: true });
    expect(parseRealtimeStatus(2, two!)).toEqual({ coverOpen: false, paperOut: true });
    expect(parseRealtimeStatus(4, four!)).toEqual({ paperNearEnd: true, paperOut: true });
  });

  it('asks with the golden DLE EOT n and GS r 1 frames', () => {
    for (const n of [1, 2, 3, 4] as const) expect(hex(dleEot(n))).toBe(hex(DLE_EOT[n]));
    expect(hex(GS_R_PAPER)).toBe(hex(ESCPOS_COMMANDS.transmitPaperStatus));
  });

  it('reads an idle healthy printer (0x12 for every n) as all clear', () => {
    for (const n of [1, 2, 3, 4])
      expect(Object.values(parseRealtimeStatus(n, 0x12)).every((v) => v === false)).toBe(true);
    ESCPOS_REPLIES.healthy.forEach((byte, i) =>
      expect(Object.values(parseRealtimeStatus(i + 1, byte)).every((v) => v === false)).toBe(true),
    );
  });

  it.each([
    [1, 0x08, 'offline'],
    [2, 0x04, 'coverOpen'],
    [2, 0x20, 'paperOut'],
    [3, 0x04, 'recoverableError'],
    [3, 0x08, 'cutterError'],
    [3, 0x20, 'unrecoverableError'],
    [3, 0x40, 'autoRecoverableError'],
    [4, 0x04, 'paperNearEnd'],
    [4, 0x08, 'paperNearEnd'],
    [4, 0x20, 'paperOut'],
    [4, 0x40, 'paperOut'],
  ] as const)('n=%i bit %i means %s', (n, bit, field) => {
    const parsed = parseRealtimeStatus(n, 0x12 | bit) as Record<string, boolean>;
    expect(parsed[field]).toBe(true);
    expect(Object.entries(parsed).filter(([k, v]) => v && k !== field)).toEqual([]);
  });

  it('recognises the reply pattern 0xx1xx10 only', () => {
    expect(isRealtimeReply(0x12)).toBe(true);
    expect(isRealtimeReply(0x7e)).toBe(true);
    expect(isRealtimeReply(0x10)).toBe(false);
    expect(isRealtimeReply(0x92)).toBe(false);
    expect(isRealtimeReply(0x13)).toBe(false);
  });
});

describe('Automatic Status Back and GS r', () => {
  it('parses each ASB bit', () => {
    expect(parseAsb([0x18, 0, 0, 0]).offline).toBe(true);
    expect(parseAsb([0x30, 0, 0, 0]).coverOpen).toBe(true);
    expect(parseAsb([0x10, 0x08, 0, 0]).cutterError).toBe(true);
    expect(parseAsb([0x10, 0x20, 0, 0]).unrecoverableError).toBe(true);
    expect(parseAsb([0x10, 0x40, 0, 0]).autoRecoverableError).toBe(true);
    expect(parseAsb([0x10, 0x04, 0, 0]).recoverableError).toBe(true);
    expect(parseAsb([0x10, 0, 0x03, 0]).paperNearEnd).toBe(true);
    expect(parseAsb([0x10, 0, 0x0c, 0]).paperOut).toBe(true);
    expect(Object.values(parseAsb([0x10, 0, 0, 0])).some(Boolean)).toBe(false);
  });

  it('parses GS r 1 paper status: 00 ok, 03 near end, 0F out', () => {
    expect(parseTransmitPaper(0x00)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(parseTransmitPaper(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(parseTransmitPaper(0x0f)).toEqual({ paperNearEnd: true, paperOut: true });
  });
});

describe('reply framer', () => {
  it('tells real-time replies, ASB frames, GS r replies, flow control and garbage apart', () => {
    const f = new PrinterReplyFramer();
    expect(hex(ESCPOS_REPLIES.mixed)).toBe('12 18 00 0c 00 03 13 11 80 7e');
    const replies = f.push(ESCPOS_REPLIES.mixed);
    expect(replies).toEqual([
      { kind: 'realtime', byte: 0x12 },
      { kind: 'asb', bytes: [0x18, 0x00, 0x0c, 0x00] },
      { kind: 'transmit', byte: 0x03 },
      { kind: 'flow', xoff: true },
      { kind: 'flow', xoff: false },
      { kind: 'garbage', byte: 0x80 },
      { kind: 'realtime', byte: 0x7e },
    ]);
  });

  it('reassembles an ASB frame split across reads', () => {
    const f = new PrinterReplyFramer();
    expect(f.push(Uint8Array.of(0x30, 0x00))).toEqual([]);
    expect(f.push(Uint8Array.of(0x00, 0x00))).toEqual([{ kind: 'asb', bytes: [0x30, 0, 0, 0] }]);
  });
});
