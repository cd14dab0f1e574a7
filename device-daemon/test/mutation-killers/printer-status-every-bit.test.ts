// Printer status bytes bit by bit, against the layouts written as bit patterns (docs/devices/printer.md,
// after Epson's TM-T88 manual): every bit of every DLE EOT n reply, of Automatic Status Back and of the
// GS r 1 reply means exactly what the layout says and nothing else; and every one of the 256 byte values
// is framed as the kind of reply its pattern says.
import { describe, expect, it } from 'vitest';
import {
  DLE_EOT,
  GOOD_CONDITION,
  GS_R_PAPER,
  PrinterReplyFramer,
  parseAsb,
  parseRealtimeStatus,
  parseTransmitPaper,
  type PrinterCondition,
} from '../../src/devices/printer/status.ts';

/** Whether byte b reads as pattern p, most significant bit first ('x' = either). */
const reads = (p: string, b: number) =>
  [...p].every((c, i) => c === 'x' || Number(c) === ((b >> (7 - i)) & 1));

const none: PrinterCondition = { ...GOOD_CONDITION };

describe('DLE EOT n replies, one bit at a time', () => {
  /** What each bit set on its own means, for each n (bits not listed mean nothing). */
  const meaning: Record<1 | 2 | 3 | 4, Record<number, Partial<PrinterCondition>>> = {
    1: { 3: { offline: true } },
    2: { 2: { coverOpen: true }, 5: { paperOut: true } },
    3: {
      2: { recoverableError: true },
      3: { cutterError: true },
      5: { unrecoverableError: true },
      6: { autoRecoverableError: true },
    },
    4: { 2: { paperNearEnd: true }, 3: { paperNearEnd: true }, 5: { paperOut: true }, 6: { paperOut: true } },
  };

  for (const n of [1, 2, 3, 4] as const) {
    it(`n = ${n}`, () => {
      const fields = Object.keys(parseRealtimeStatus(n, 0)) as (keyof PrinterCondition)[];
      expect(Object.values(parseRealtimeStatus(n, 0)).every((v) => v === false)).toBe(true);
      for (let k = 0; k < 8; k++) {
        const expected = Object.fromEntries(fields.map((f) => [f, meaning[n][k]?.[f] ?? false]));
        expect(parseRealtimeStatus(n, 1 << k), `bit ${k}`).toEqual(expected);
      }
    });
  }

  it('says nothing for another n', () => {
    expect(parseRealtimeStatus(5, 0xff)).toEqual({});
    expect(parseRealtimeStatus(0, 0xff)).toEqual({});
  });

  it('asks with DLE EOT n, and for paper status with GS r 1', () => {
    expect([...DLE_EOT(1)]).toEqual([0x10, 0x04, 1]);
    expect([...DLE_EOT(4)]).toEqual([0x10, 0x04, 4]);
    expect([...GS_R_PAPER]).toEqual([0x1d, 0x72, 0x01]);
  });
});

describe('Automatic Status Back, one bit at a time', () => {
  const meaning: Record<string, Partial<PrinterCondition>> = {
    '0.3': { offline: true },
    '0.5': { coverOpen: true },
    '1.2': { recoverableError: true },
    '1.3': { cutterError: true },
    '1.5': { unrecoverableError: true },
    '1.6': { autoRecoverableError: true },
    '2.0': { paperNearEnd: true },
    '2.1': { paperNearEnd: true },
    '2.2': { paperOut: true },
    '2.3': { paperOut: true },
  };

  it('each bit of bytes 0–3', () => {
    expect(parseAsb([0, 0, 0, 0])).toEqual(none);
    for (let byte = 0; byte < 4; byte++) {
      for (let k = 0; k < 8; k++) {
        const bytes = [0, 0, 0, 0];
        bytes[byte] = 1 << k;
        expect(parseAsb(bytes), `byte ${byte} bit ${k}`).toEqual({ ...none, ...meaning[`${byte}.${k}`] });
      }
    }
  });

  it('reads missing bytes as 0', () => {
    expect(parseAsb([0x08])).toEqual({ ...none, offline: true });
    expect(parseAsb([])).toEqual(none);
  });
});

describe('GS r 1 paper status, one bit at a time', () => {
  it('bits 0–1 near end, bits 2–3 paper out, the rest nothing', () => {
    const expected = [
      { paperNearEnd: true, paperOut: false },
      { paperNearEnd: true, paperOut: false },
      { paperNearEnd: false, paperOut: true },
      { paperNearEnd: false, paperOut: true },
    ];
    for (let k = 0; k < 8; k++)
      expect(parseTransmitPaper(1 << k), `bit ${k}`).toEqual(
        expected[k] ?? { paperNearEnd: false, paperOut: false },
      );
    expect(parseTransmitPaper(0)).toEqual({ paperNearEnd: false, paperOut: false });
  });
});

describe('framing the reply stream', () => {
  it('tells every byte value apart by its pattern', () => {
    for (let b = 0; b < 256; b++) {
      const out = new PrinterReplyFramer().push(Uint8Array.of(b));
      if (b === 0x11 || b === 0x13)
        expect(out, `0x${b.toString(16)}`).toEqual([{ kind: 'flow', xoff: b === 0x13 }]);
      else if (reads('0xx1xx10', b))
        expect(out, `0x${b.toString(16)}`).toEqual([{ kind: 'realtime', byte: b }]);
      else if (reads('0xx1xx00', b))
        expect(out, `0x${b.toString(16)}`).toEqual([]); // an ASB begins
      else if (reads('0xx0xxxx', b))
        expect(out, `0x${b.toString(16)}`).toEqual([{ kind: 'transmit', byte: b }]);
      else expect(out, `0x${b.toString(16)}`).toEqual([{ kind: 'garbage', byte: b }]);
    }
  });

  it('takes the three bytes after an ASB header as its body, whatever they look like, across chunks', () => {
    const f = new PrinterReplyFramer();
    expect(f.push(Uint8Array.of(0x10, 0x12))).toEqual([]);
    expect(f.push(Uint8Array.of(0x13, 0xff, 0x12))).toEqual([
      { kind: 'asb', bytes: [0x10, 0x12, 0x13, 0xff] },
      { kind: 'realtime', byte: 0x12 },
    ]);
    expect(f.push(Uint8Array.of(0x11))).toEqual([{ kind: 'flow', xoff: false }]);
  });
});
