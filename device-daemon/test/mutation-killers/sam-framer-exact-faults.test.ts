// The SAM framer's exact accounting: the length limits on both sides of the boundary, how many garbage
// bytes each fault reports, the preamble tail it keeps between reads (and only that), the checksum values
// it names, and resynchronising on the next frame after every kind of fault.
import { describe, expect, it } from 'vitest';
import {
  MAX_LEN,
  PREAMBLE,
  SamFramer,
  encodeFrame,
  xorChecksum,
} from '../../src/devices/id-card/sam-frame.ts';

const bytes = (...b: number[]) => Uint8Array.of(...b);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const body = bytes(0x00, 0x00, 0x90, 0x01, 0x02);
const frame = encodeFrame(body);

describe('encoding', () => {
  it('writes preamble, LEN (body + checksum, big-endian), body and the XOR of LEN and body', () => {
    expect([...frame]).toEqual([
      0xaa,
      0xaa,
      0xaa,
      0x96,
      0x69,
      0x00,
      0x06,
      0x00,
      0x00,
      0x90,
      0x01,
      0x02,
      0x06 ^ 0x90 ^ 0x01 ^ 0x02,
    ]);
    expect([...PREAMBLE]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
    expect(xorChecksum(new Uint8Array(0))).toBe(0);
    expect(xorChecksum(bytes(0x0f, 0xf0, 0xff))).toBe(0);
  });

  it('writes a long LEN high byte first, and refuses a body that would exceed MAX_LEN', () => {
    const long = encodeFrame(new Uint8Array(MAX_LEN - 1));
    expect([long[5], long[6]]).toEqual([MAX_LEN >> 8, MAX_LEN & 0xff]);
    expect(long.length).toBe(7 + MAX_LEN);
    expect(() => encodeFrame(new Uint8Array(MAX_LEN))).toThrow(
      new RangeError(`SAM frame body of ${MAX_LEN} bytes is too long`),
    );
    expect(MAX_LEN).toBe(0x0c00);
  });
});

describe('framing', () => {
  it('accepts a LEN of exactly MAX_LEN and of exactly the minimum, and refuses one past either', () => {
    expect(new SamFramer().push(encodeFrame(new Uint8Array(MAX_LEN - 1)))).toHaveLength(1);
    expect(new SamFramer().push(encodeFrame(new Uint8Array(MAX_LEN - 1)))[0]!.type).toBe('frame');
    const over = cat(PREAMBLE, bytes(0x0c, 0x01));
    expect(new SamFramer().push(over)).toEqual([
      { type: 'fault', detail: { fault: 'badLength', length: 0x0c01 } },
      { type: 'fault', detail: { fault: 'garbage', bytes: over.length - 1 } },
    ]);
    expect(new SamFramer(3).push(encodeFrame(bytes(1, 2)))).toEqual([{ type: 'frame', body: bytes(1, 2) }]);
    expect(new SamFramer(4).push(encodeFrame(bytes(1, 2)))[0]).toEqual({
      type: 'fault',
      detail: { fault: 'badLength', length: 3 },
    });
  });

  it('reports the exact number of garbage bytes before, between and after frames', () => {
    const f = new SamFramer();
    expect(f.push(cat(bytes(1, 2, 3), frame, bytes(4, 5), frame, bytes(6)))).toEqual([
      { type: 'fault', detail: { fault: 'garbage', bytes: 3 } },
      { type: 'frame', body },
      { type: 'fault', detail: { fault: 'garbage', bytes: 2 } },
      { type: 'frame', body },
      { type: 'fault', detail: { fault: 'garbage', bytes: 1 } },
    ]);
    expect(f.buffered).toBe(0);
  });

  it('keeps only a tail that could begin a preamble between reads', () => {
    for (let n = 1; n < PREAMBLE.length; n++) {
      const f = new SamFramer();
      expect(f.push(cat(bytes(7, 7), PREAMBLE.subarray(0, n)))).toEqual([
        { type: 'fault', detail: { fault: 'garbage', bytes: 2 } },
      ]);
      expect(f.buffered, `${n} preamble bytes`).toBe(n);
      expect(f.push(cat(PREAMBLE.subarray(n), frame.subarray(5)))).toEqual([{ type: 'frame', body }]);
      expect(f.buffered).toBe(0);
    }
    const f = new SamFramer();
    expect(f.push(bytes(0xaa, 0xaa, 0x96))).toEqual([
      { type: 'fault', detail: { fault: 'garbage', bytes: 3 } },
    ]);
    expect(f.buffered).toBe(0);
  });

  it('waits for LEN and for the rest of the frame, holding exactly what came', () => {
    const f = new SamFramer();
    expect(f.push(frame.subarray(0, 6))).toEqual([]);
    expect(f.buffered).toBe(6);
    expect(f.push(frame.subarray(6, 10))).toEqual([]);
    expect(f.buffered).toBe(10);
    expect(f.push(frame.subarray(10))).toEqual([{ type: 'frame', body }]);
    expect(f.buffered).toBe(0);
  });

  it('names the checksum it expected and the one it got, and resynchronises on the next frame', () => {
    const bad = frame.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const expected = frame[frame.length - 1]!;
    expect(new SamFramer().push(cat(bad, frame))).toEqual([
      { type: 'fault', detail: { fault: 'badChecksum', expected, actual: expected ^ 0xff } },
      { type: 'fault', detail: { fault: 'garbage', bytes: bad.length - 1 } },
      { type: 'frame', body },
    ]);
  });

  it('after a bad length, finds a frame that starts inside the refused one', () => {
    const refused = cat(PREAMBLE, bytes(0xff, 0xff));
    expect(new SamFramer().push(cat(refused, frame))).toEqual([
      { type: 'fault', detail: { fault: 'badLength', length: 0xffff } },
      { type: 'fault', detail: { fault: 'garbage', bytes: refused.length - 1 } },
      { type: 'frame', body },
    ]);
  });

  it('after garbage, waits for LEN and for the rest of a frame as it would at the start', () => {
    const f = new SamFramer();
    expect(f.push(cat(bytes(1, 2, 3), frame.subarray(0, 6)))).toEqual([
      { type: 'fault', detail: { fault: 'garbage', bytes: 3 } },
    ]);
    expect(f.buffered).toBe(6);
    expect(f.push(frame.subarray(6))).toEqual([{ type: 'frame', body }]);
    const g = new SamFramer();
    expect(g.push(cat(bytes(1, 2, 3), frame.subarray(0, 10)))).toEqual([
      { type: 'fault', detail: { fault: 'garbage', bytes: 3 } },
    ]);
    expect(g.push(frame.subarray(10))).toEqual([{ type: 'frame', body }]);
  });

  it('keeps a possible preamble start only from bytes not yet framed', () => {
    // A frame whose last body byte and checksum are both 0xAA, then one 0xAA: only that last byte can
    // begin the next preamble.
    const aa = encodeFrame(bytes(0x00, 0x00, 0x90, 0x96, 0xaa));
    expect([...aa.subarray(-2)]).toEqual([0xaa, 0xaa]);
    const f = new SamFramer();
    expect(f.push(cat(aa, bytes(0xaa)))).toEqual([
      { type: 'frame', body: bytes(0x00, 0x00, 0x90, 0x96, 0xaa) },
    ]);
    expect(f.buffered).toBe(1);
    expect(f.push(frame.subarray(1))).toEqual([{ type: 'frame', body }]);
  });

  it('reset drops a partial frame', () => {
    const f = new SamFramer();
    f.push(frame.subarray(0, 9));
    f.reset();
    expect(f.buffered).toBe(0);
    expect(f.push(frame.subarray(9))).toEqual([
      { type: 'fault', detail: { fault: 'garbage', bytes: frame.length - 9 } },
    ]);
  });
});
