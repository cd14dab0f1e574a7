import iconv from 'iconv-lite';

/**
 * A small ESC/POS command builder. Why our own and not a library: the maintained encoders pad
 * alignment with spaces from their own column count and cannot know that GBK characters are double
 * width, so centred Chinese lines come out wrong; they also lack Chinese mode. This one uses the
 * printer's own alignment (ESC a), Chinese mode (FS &) with GBK, and native QR (GS ( k).
 * Byte layouts are documented in docs/devices/printer.md.
 */
export class EscPosBuilder {
  #out: number[] = [];

  /** ESC @ (reset), then Chinese mode on (FS &) so every text byte is read as GBK. */
  init(): this {
    return this.raw(0x1b, 0x40, 0x1c, 0x26);
  }

  raw(...bytes: number[]): this {
    for (const b of bytes) this.#out.push(b & 0xff);
    return this;
  }

  align(align: 'left' | 'center' | 'right'): this {
    return this.raw(0x1b, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
  }

  bold(on: boolean): this {
    return this.raw(0x1b, 0x45, on ? 1 : 0);
  }

  /** Character magnification, 1–8 in each direction (GS ! n). */
  size(width: number, height = width): this {
    const w = Math.min(8, Math.max(1, Math.round(width)));
    const h = Math.min(8, Math.max(1, Math.round(height)));
    return this.raw(0x1d, 0x21, ((w - 1) << 4) | (h - 1));
  }

  text(text: string): this {
    for (const b of encodeGbk(text)) this.#out.push(b);
    return this;
  }

  line(text = ''): this {
    return this.text(text).raw(0x0a);
  }

  /** Feeds n blank lines (ESC d n). */
  feed(lines: number): this {
    return this.raw(0x1b, 0x64, Math.min(255, Math.max(0, lines)));
  }

  /** A native QR code (model 2), module size 1–16 dots, error correction L/M/Q/H. */
  qr(data: string, moduleSize = 6, errorLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): this {
    const payload = new TextEncoder().encode(data);
    if (payload.length > 7000) throw new RangeError('QR data longer than 7000 bytes');
    const store = payload.length + 3;
    this.raw(0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00); // model 2
    this.raw(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize)));
    this.raw(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(errorLevel));
    this.raw(0x1d, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30);
    for (const b of payload) this.#out.push(b);
    return this.raw(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /** CODE128 in code set B, with human-readable text below. */
  code128(data: string): this {
    if (!/^[\x20-\x7e]{1,60}$/.test(data))
      throw new RangeError('CODE128-B takes 1–60 printable ASCII characters');
    const body = [0x7b, 0x42, ...Array.from(data, (c) => c.charCodeAt(0))];
    return this.raw(0x1d, 0x48, 0x02, 0x1d, 0x68, 80, 0x1d, 0x77, 2, 0x1d, 0x6b, 73, body.length, ...body);
  }

  /** Feeds to the cutter plus `feed` lines, then cuts (GS V 65/66 n). */
  cut(partial = true, feed = 3): this {
    return this.raw(0x1d, 0x56, partial ? 0x42 : 0x41, feed);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#out);
  }
}

/** Visible stand-in for a character the printer's GBK font does not have. */
export const SUBSTITUTE = '□';

/** Common characters outside GBK with a faithful GBK equivalent. */
const EQUIVALENTS: Record<string, string> = {
  '\u00a5': '￥',
  '\u20ac': 'EUR',
  '\u2013': '-',
  '\u2014': '—',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u00b7': '·',
};

/**
 * Encodes text as GBK. A character GBK lacks becomes its equivalent where one exists, otherwise a
 * visible □ (never a silent "?", which in a name or number would look like real data).
 */
export function encodeGbk(text: string): Uint8Array {
  const parts: Buffer[] = [];
  for (const ch of text) {
    const enc = iconv.encode(ch, 'gbk');
    if (enc.length === 1 && enc[0] === 0x3f && ch !== '?') {
      parts.push(iconv.encode(EQUIVALENTS[ch] ?? SUBSTITUTE, 'gbk'));
    } else {
      parts.push(enc);
    }
  }
  return new Uint8Array(Buffer.concat(parts));
}
