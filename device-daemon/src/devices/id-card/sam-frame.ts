/**
 * GA/T 467 SAM link framing (pure). A frame is
 *
 *   AA AA AA 96 69 | LEN_H LEN_L | body … | CHK
 *
 * LEN (big-endian) counts the body and CHK; CHK is the XOR of LEN_H, LEN_L and the body. Host→reader
 * bodies are CMD PARA DATA…; reader→host bodies are SW1 SW2 SW3 DATA…. See docs/devices/id-card.md.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);

/** The largest LEN any reply uses is 0x090A (read with two fingerprints); anything far above is noise. */
export const MAX_LEN = 0x0c00;

export function xorChecksum(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** Wraps a body (CMD PARA DATA or SW1 SW2 SW3 DATA) into a complete frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > MAX_LEN) throw new RangeError(`SAM frame body of ${body.length} bytes is too long`);
  const out = new Uint8Array(PREAMBLE.length + 2 + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, 7);
  out[out.length - 1] = xorChecksum(out.subarray(5, out.length - 1));
  return out;
}

export type FramerFault =
  /** Bytes that did not belong to any frame were skipped. */
  | { fault: 'garbage'; bytes: number }
  /** A frame arrived whole but its checksum did not match. */
  | { fault: 'badChecksum'; expected: number; actual: number }
  /** A LEN field that no frame can have. */
  | { fault: 'badLength'; length: number };

export type FramerOutput = { type: 'frame'; body: Uint8Array } | { type: 'fault'; detail: FramerFault };

/**
 * Cuts frames out of a byte stream as a serial line delivers it: garbage before a preamble, frames
 * split at any byte, several frames in one read, corrupted frames. It never throws, reports each fault
 * as a value, and holds at most one frame's worth of bytes. After a fault it resynchronises on the
 * next preamble. `reset()` drops a partial frame (the driver calls it after a time-out).
 */
export class SamFramer {
  #buf = new Uint8Array(0);

  constructor(private readonly minLen = 3) {}

  get buffered(): number {
    return this.#buf.length;
  }

  /** Drops what is buffered, zeroing it (it may be part of a card's data). */
  reset(): void {
    this.#buf.fill(0);
    this.#buf = new Uint8Array(0);
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const merged = new Uint8Array(this.#buf.length + chunk.length);
    merged.set(this.#buf);
    merged.set(chunk, this.#buf.length);
    const out: FramerOutput[] = [];
    let pos = 0;
    for (;;) {
      const start = findPreamble(merged, pos);
      if (start < 0) {
        // Keep a tail that could be the start of a preamble; the rest is garbage.
        const keep = preambleTail(merged, pos);
        const skipped = merged.length - pos - keep;
        if (skipped > 0) out.push({ type: 'fault', detail: { fault: 'garbage', bytes: skipped } });
        pos = merged.length - keep;
        break;
      }
      if (start > pos) out.push({ type: 'fault', detail: { fault: 'garbage', bytes: start - pos } });
      pos = start;
      if (merged.length - pos < 7) break; // need LEN
      const len = (merged[pos + 5]! << 8) | merged[pos + 6]!;
      if (len < this.minLen || len > MAX_LEN) {
        out.push({ type: 'fault', detail: { fault: 'badLength', length: len } });
        pos += 1; // resynchronise past this preamble
        continue;
      }
      const total = 7 + len;
      if (merged.length - pos < total) break; // wait for the rest
      const frame = merged.subarray(pos, pos + total);
      const expected = xorChecksum(frame.subarray(5, total - 1));
      const actual = frame[total - 1]!;
      if (expected !== actual) {
        out.push({ type: 'fault', detail: { fault: 'badChecksum', expected, actual } });
        pos += 1;
        continue;
      }
      out.push({ type: 'frame', body: frame.slice(7, total - 1) });
      pos += total;
    }
    // Only the unfinished tail is kept; every other copy of the stream (card data among it) is zeroed.
    const rest = merged.slice(pos);
    merged.fill(0);
    this.#buf.fill(0);
    this.#buf = rest;
    return out;
  }
}

function findPreamble(b: Uint8Array, from: number): number {
  outer: for (let i = from; i + PREAMBLE.length <= b.length; i++) {
    for (let k = 0; k < PREAMBLE.length; k++) if (b[i + k] !== PREAMBLE[k]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest suffix of b[from..] that is a proper prefix of the preamble. */
function preambleTail(b: Uint8Array, from: number): number {
  for (let n = Math.min(PREAMBLE.length - 1, b.length - from); n > 0; n--) {
    let ok = true;
    for (let k = 0; k < n; k++) if (b[b.length - n + k] !== PREAMBLE[k]) ok = false;
    if (ok) return n;
  }
  return 0;
}
