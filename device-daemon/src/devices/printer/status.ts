/**
 * Printer status bytes (pure): real-time status (DLE EOT n), Automatic Status Back (GS a) and
 * transmit paper status (GS r 1). Bit layouts in docs/devices/printer.md (after Epson's TM-T88
 * manual, Appendix G, and several open-source drivers).
 */

export type PrinterCondition = {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  recoverableError: boolean;
};

export const GOOD_CONDITION: PrinterCondition = {
  offline: false,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  recoverableError: false,
};

export const DLE_EOT = (n: 1 | 2 | 3 | 4) => Uint8Array.of(0x10, 0x04, n);
/** GS r 1: paper sensor status, processed in order after preceding print data (a "job done" marker). */
export const GS_R_PAPER = Uint8Array.of(0x1d, 0x72, 0x01);

/** A DLE EOT reply always reads 0xx1xx10. */
export const isRealtimeReply = (b: number) => (b & 0x93) === 0x12;
/** The first ASB byte reads 0xx1xx00. */
export const isAsbHeader = (b: number) => (b & 0x93) === 0x10;
/** GS r replies and ASB bytes 2–4 read 0xx0xxxx. */
export const isPlainStatus = (b: number) => (b & 0x90) === 0;

/** What one DLE EOT n reply byte says. */
export function parseRealtimeStatus(n: number, b: number): Partial<PrinterCondition> {
  const bit = (k: number) => (b & (1 << k)) !== 0;
  switch (n) {
    case 1:
      return { offline: bit(3) };
    case 2:
      return { coverOpen: bit(2), paperOut: bit(5) };
    case 3:
      return {
        recoverableError: bit(2),
        cutterError: bit(3),
        unrecoverableError: bit(5),
        autoRecoverableError: bit(6),
      };
    case 4:
      return { paperNearEnd: bit(2) || bit(3), paperOut: bit(5) || bit(6) };
    default:
      return {};
  }
}

/** The four bytes of Automatic Status Back. */
export function parseAsb(bytes: ArrayLike<number>): PrinterCondition {
  const [b0 = 0, b1 = 0, b2 = 0] = Array.from(bytes);
  return {
    offline: (b0 & 0x08) !== 0,
    coverOpen: (b0 & 0x20) !== 0,
    recoverableError: (b1 & 0x04) !== 0,
    cutterError: (b1 & 0x08) !== 0,
    unrecoverableError: (b1 & 0x20) !== 0,
    autoRecoverableError: (b1 & 0x40) !== 0,
    paperNearEnd: (b2 & 0x03) !== 0,
    paperOut: (b2 & 0x0c) !== 0,
  };
}

/** GS r 1 reply: bits 0–1 near end, bits 2–3 paper end. */
export function parseTransmitPaper(b: number): Pick<PrinterCondition, 'paperNearEnd' | 'paperOut'> {
  return { paperNearEnd: (b & 0x03) !== 0, paperOut: (b & 0x0c) !== 0 };
}

export type PrinterReply =
  | { kind: 'realtime'; byte: number }
  | { kind: 'asb'; bytes: number[] }
  | { kind: 'transmit'; byte: number }
  | { kind: 'flow'; xoff: boolean }
  | { kind: 'garbage'; byte: number };

/**
 * Splits the byte stream coming back from a printer into replies, telling them apart by their bit
 * patterns. Holds at most three bytes of state; never throws.
 */
export class PrinterReplyFramer {
  #asb: number[] | null = null;

  push(chunk: Uint8Array): PrinterReply[] {
    const out: PrinterReply[] = [];
    for (const b of chunk) {
      if (this.#asb) {
        this.#asb.push(b);
        if (this.#asb.length === 4) {
          out.push({ kind: 'asb', bytes: this.#asb });
          this.#asb = null;
        }
        continue;
      }
      if (b === 0x11 || b === 0x13) out.push({ kind: 'flow', xoff: b === 0x13 });
      else if (isRealtimeReply(b)) out.push({ kind: 'realtime', byte: b });
      else if (isAsbHeader(b)) this.#asb = [b];
      else if (isPlainStatus(b)) out.push({ kind: 'transmit', byte: b });
      else out.push({ kind: 'garbage', byte: b });
    }
    return out;
  }
}
