import iconv from 'iconv-lite';

/**
 * A streaming ESC/POS decoder: bytes in (split anywhere), printer operations out.
 * It is written independently of the daemon's encoder so that it can serve as a test oracle
 * for it. Commands it does not know are reported, never thrown.
 */

export type TextStyle = {
  bold: boolean;
  underline: boolean;
  /** Character magnification, 1–8. */
  width: number;
  height: number;
  fontB: boolean;
};

export type Align = 'left' | 'center' | 'right';

export type EscPosOp =
  | { op: 'init' }
  | { op: 'text'; text: string; style: TextStyle; align: Align }
  | { op: 'lineFeed' }
  | { op: 'feed'; lines: number }
  | {
      op: 'qr';
      data: string;
      moduleSize: number;
      errorLevel: 'L' | 'M' | 'Q' | 'H';
      model: number;
      align: Align;
    }
  | { op: 'barcode'; system: number; data: string; align: Align }
  | { op: 'raster'; widthBytes: number; heightDots: number }
  | { op: 'cut'; partial: boolean }
  | { op: 'realtimeStatus'; n: number }
  | { op: 'transmitStatus'; n: number }
  | { op: 'asb'; mask: number }
  | { op: 'presenter'; vendor: 'custom' | 'citizen'; bytes: number[] }
  | { op: 'unknown'; bytes: number[] };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Largest command we will wait for (a raster image); anything claiming more is treated as garbage. */
const MAX_PENDING = 1 << 20;

const ALIGNS: Record<number, Align> = {
  0: 'left',
  1: 'center',
  2: 'right',
  48: 'left',
  49: 'center',
  50: 'right',
};
const EC_LEVELS = ['L', 'M', 'Q', 'H'] as const;

export class EscPosDecoder {
  #pending: Uint8Array = new Uint8Array(0);
  #style: TextStyle = defaultStyle();
  #align: Align = 'left';
  #chinese = false;
  #text: number[] = [];
  #qr = { data: new Uint8Array(0), moduleSize: 3, errorLevel: 'L' as 'L' | 'M' | 'Q' | 'H', model: 2 };

  /** Feeds bytes; returns every operation completed by them. */
  push(chunk: Uint8Array): EscPosOp[] {
    const merged = new Uint8Array(this.#pending.length + chunk.length);
    merged.set(this.#pending);
    merged.set(chunk, this.#pending.length);
    const out: EscPosOp[] = [];
    let i = 0;
    while (i < merged.length) {
      const used = this.#step(merged, i, out);
      if (used === 0) break; // incomplete command: wait for more bytes
      i += used;
    }
    this.#pending = merged.slice(i);
    if (this.#pending.length > MAX_PENDING) {
      out.push({ op: 'unknown', bytes: Array.from(this.#pending.slice(0, 8)) });
      this.#pending = new Uint8Array(0);
    }
    return out;
  }

  /** Text not yet ended by a line feed, e.g. at the end of a job without a final LF. */
  flush(): EscPosOp[] {
    const out: EscPosOp[] = [];
    this.#flushText(out);
    return out;
  }

  #flushText(out: EscPosOp[]): void {
    if (this.#text.length === 0) return;
    const bytes = Uint8Array.from(this.#text);
    this.#text = [];
    const text = this.#chinese
      ? iconv.decode(Buffer.from(bytes), 'gbk')
      : iconv.decode(Buffer.from(bytes), 'cp437');
    out.push({ op: 'text', text, style: { ...this.#style }, align: this.#align });
  }

  /** Style or mode changes end the current run of text first. */
  #styled(out: EscPosOp[], change: () => void): void {
    this.#flushText(out);
    change();
  }

  /** Returns how many bytes were consumed; 0 when the command at `i` is not complete yet. */
  #step(b: Uint8Array, i: number, out: EscPosOp[]): number {
    const c = b[i]!;
    const avail = b.length - i;
    const at = (k: number) => b[i + k]!;

    if (c === 0x0a) {
      this.#flushText(out);
      out.push({ op: 'lineFeed' });
      return 1;
    }
    if (c === 0x0d) return 1;
    if (c === DLE) {
      if (avail < 3) return 0;
      if (at(1) === 0x04) {
        this.#flushText(out);
        out.push({ op: 'realtimeStatus', n: at(2) });
        return 3;
      }
      out.push({ op: 'unknown', bytes: [c, at(1)] });
      return 2;
    }
    if (c === ESC) {
      if (avail < 2) return 0;
      const cmd = at(1);
      switch (cmd) {
        case 0x40: // ESC @
          this.#flushText(out);
          this.#style = defaultStyle();
          this.#align = 'left';
          this.#chinese = false;
          out.push({ op: 'init' });
          return 2;
        case 0x32: // ESC 2 default line spacing
          return 2;
        case 0x21: // ESC ! n
          if (avail < 3) return 0;
          this.#styled(out, () => {
            const n = at(2);
            this.#style.fontB = (n & 0x01) !== 0;
            this.#style.bold = (n & 0x08) !== 0;
            this.#style.height = n & 0x10 ? 2 : 1;
            this.#style.width = n & 0x20 ? 2 : 1;
            this.#style.underline = (n & 0x80) !== 0;
          });
          return 3;
        case 0x45: // ESC E n
          if (avail < 3) return 0;
          this.#styled(out, () => (this.#style.bold = (at(2) & 1) === 1));
          return 3;
        case 0x2d: // ESC - n
          if (avail < 3) return 0;
          this.#styled(out, () => (this.#style.underline = at(2) % 48 !== 0));
          return 3;
        case 0x4d: // ESC M n
          if (avail < 3) return 0;
          this.#styled(out, () => (this.#style.fontB = at(2) % 48 === 1));
          return 3;
        case 0x61: {
          // ESC a n
          if (avail < 3) return 0;
          const align = ALIGNS[at(2)];
          if (align) this.#styled(out, () => (this.#align = align));
          else out.push({ op: 'unknown', bytes: [c, cmd, at(2)] });
          return 3;
        }
        case 0x64: // ESC d n
          if (avail < 3) return 0;
          this.#flushText(out);
          out.push({ op: 'feed', lines: at(2) });
          return 3;
        case 0x4a: // ESC J n (dots)
          if (avail < 3) return 0;
          this.#flushText(out);
          out.push({ op: 'feed', lines: Math.round(at(2) / 30) });
          return 3;
        case 0x33: // ESC 3 n line spacing
        case 0x74: // ESC t n code table
        case 0x52: // ESC R n international set
          if (avail < 3) return 0;
          return 3;
        case 0x70: // ESC p m t1 t2 drawer pulse
          if (avail < 5) return 0;
          return 5;
        default:
          out.push({ op: 'unknown', bytes: [c, cmd] });
          return 2;
      }
    }
    if (c === FS) {
      if (avail < 2) return 0;
      if (at(1) === 0x26) {
        this.#styled(out, () => (this.#chinese = true));
        return 2;
      }
      if (at(1) === 0x2e) {
        this.#styled(out, () => (this.#chinese = false));
        return 2;
      }
      out.push({ op: 'unknown', bytes: [c, at(1)] });
      return 2;
    }
    if (c === GS) {
      if (avail < 2) return 0;
      const cmd = at(1);
      switch (cmd) {
        case 0x21: // GS ! n
          if (avail < 3) return 0;
          this.#styled(out, () => {
            this.#style.width = ((at(2) >> 4) & 0x07) + 1;
            this.#style.height = (at(2) & 0x07) + 1;
          });
          return 3;
        case 0x56: {
          // GS V m [n]
          if (avail < 3) return 0;
          const m = at(2);
          if (m === 0x41 || m === 0x42) {
            if (avail < 4) return 0;
            this.#flushText(out);
            out.push({ op: 'cut', partial: m === 0x42 });
            return 4;
          }
          this.#flushText(out);
          out.push({ op: 'cut', partial: m === 1 || m === 49 });
          return 3;
        }
        case 0x61: // GS a n
          if (avail < 3) return 0;
          out.push({ op: 'asb', mask: at(2) });
          return 3;
        case 0x72: // GS r n
          if (avail < 3) return 0;
          out.push({ op: 'transmitStatus', n: at(2) });
          return 3;
        case 0x48: // GS H n (HRI position)
        case 0x68: // GS h n
        case 0x77: // GS w n
          if (avail < 3) return 0;
          return 3;
        case 0x65: {
          // GS e n [m]: Custom presenter; n=3 takes a step count
          if (avail < 3) return 0;
          const len = at(2) === 3 ? 4 : 3;
          if (avail < len) return 0;
          out.push({ op: 'presenter', vendor: 'custom', bytes: Array.from(b.slice(i, i + len)) });
          return len;
        }
        case 0x52: {
          // GS R 0 | GS R 1 n: Citizen retract
          if (avail < 3) return 0;
          const len = at(2) === 0x31 ? 4 : 3;
          if (avail < len) return 0;
          out.push({ op: 'presenter', vendor: 'citizen', bytes: Array.from(b.slice(i, i + len)) });
          return len;
        }
        case 0x6b: {
          // GS k m ... barcode
          if (avail < 3) return 0;
          const m = at(2);
          if (m >= 65) {
            if (avail < 4) return 0;
            const n = at(3);
            if (avail < 4 + n) return 0;
            this.#flushText(out);
            const data = Buffer.from(b.slice(i + 4, i + 4 + n)).toString('latin1');
            out.push({ op: 'barcode', system: m, data, align: this.#align });
            return 4 + n;
          }
          const end = b.indexOf(0, i + 3);
          if (end < 0) return 0;
          this.#flushText(out);
          out.push({
            op: 'barcode',
            system: m,
            data: Buffer.from(b.slice(i + 3, end)).toString('latin1'),
            align: this.#align,
          });
          return end - i + 1;
        }
        case 0x76: {
          // GS v 0 m xL xH yL yH d...
          if (avail < 8) return 0;
          const widthBytes = at(4) + 256 * at(5);
          const heightDots = at(6) + 256 * at(7);
          const total = 8 + widthBytes * heightDots;
          if (avail < total) return total > MAX_PENDING ? this.#skipGarbage(b, i, out) : 0;
          this.#flushText(out);
          out.push({ op: 'raster', widthBytes, heightDots });
          return total;
        }
        case 0x28: {
          // GS ( k pL pH cn fn ...
          if (avail < 5) return 0;
          const len = at(3) + 256 * at(4);
          if (avail < 5 + len) return 0;
          if (at(2) === 0x6b && len >= 2 && at(5) === 0x31)
            this.#qrFunction(b.slice(i + 6, i + 5 + len), out);
          else out.push({ op: 'unknown', bytes: Array.from(b.slice(i, i + Math.min(5 + len, 8))) });
          return 5 + len;
        }
        default:
          out.push({ op: 'unknown', bytes: [c, cmd] });
          return 2;
      }
    }
    // Printable text (and, in Chinese mode, GBK double-byte characters).
    if (c >= 0x20 || c === 0x09) {
      this.#text.push(c);
      return 1;
    }
    out.push({ op: 'unknown', bytes: [c] });
    return 1;
  }

  #skipGarbage(b: Uint8Array, i: number, out: EscPosOp[]): number {
    out.push({ op: 'unknown', bytes: Array.from(b.slice(i, i + 8)) });
    return 2;
  }

  /** `fnAndArgs` starts at fn (after cn = 0x31). */
  #qrFunction(fnAndArgs: Uint8Array, out: EscPosOp[]): void {
    const fn = fnAndArgs[0];
    const arg = fnAndArgs[1] ?? 0;
    switch (fn) {
      case 0x41: // 165: model
        this.#qr.model = arg - 0x30;
        break;
      case 0x43: // 167: module size
        this.#qr.moduleSize = arg;
        break;
      case 0x45: // 169: error correction
        this.#qr.errorLevel = EC_LEVELS[arg - 0x30] ?? 'L';
        break;
      case 0x50: // 180: store (m = 0x30, then data)
        this.#qr.data = fnAndArgs.slice(2);
        break;
      case 0x51: // 181: print
        this.#flushText(out);
        out.push({
          op: 'qr',
          data: Buffer.from(this.#qr.data).toString('utf8'),
          moduleSize: this.#qr.moduleSize,
          errorLevel: this.#qr.errorLevel,
          model: this.#qr.model,
          align: this.#align,
        });
        break;
      default:
        out.push({ op: 'unknown', bytes: [0x1d, 0x28, 0x6b, fn ?? 0] });
    }
  }
}

function defaultStyle(): TextStyle {
  return { bold: false, underline: false, width: 1, height: 1, fontB: false };
}
