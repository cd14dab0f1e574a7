import type { Align, EscPosOp, TextStyle } from './escpos-decoder.ts';

/** What came out of the printer, as a person would read it. */
export type ReceiptBlock =
  | { kind: 'line'; align: Align; runs: { text: string; style: TextStyle }[] }
  | { kind: 'qr'; align: Align; data: string; moduleSize: number; errorLevel: string }
  | { kind: 'barcode'; align: Align; data: string }
  | { kind: 'image'; widthBytes: number; heightDots: number };

export type Receipt = {
  id: number;
  blocks: ReceiptBlock[];
  cut: 'full' | 'partial' | null;
  /** True when the paper ran out (or the cover opened) before the job finished. */
  incomplete: boolean;
  bytes: number;
  finishedAt: string | null;
  /** Printers with a presenter: where the ticket went after the cut. */
  presenter: 'waiting' | 'taken' | 'retracted' | null;
};

/** Builds receipts from decoded operations; a cut ends one receipt and starts the next. */
export class ReceiptAssembler {
  #nextId = 1;
  #current: Receipt = this.#fresh();
  #line: Extract<ReceiptBlock, { kind: 'line' }> | null = null;

  get current(): Receipt {
    return this.#current;
  }

  #fresh(): Receipt {
    return {
      id: this.#nextId++,
      blocks: [],
      cut: null,
      incomplete: false,
      bytes: 0,
      finishedAt: null,
      presenter: null,
    };
  }

  countBytes(n: number): void {
    this.#current.bytes += n;
  }

  /** Returns the receipt finished by this operation, if any. Returns the number of printed lines added. */
  apply(op: EscPosOp, now: Date): { finished?: Receipt; linesPrinted: number } {
    switch (op.op) {
      case 'text': {
        if (!this.#line) {
          this.#line = { kind: 'line', align: op.align, runs: [] };
          this.#current.blocks.push(this.#line);
        }
        this.#line.runs.push({ text: op.text, style: op.style });
        return { linesPrinted: 0 };
      }
      case 'lineFeed': {
        if (!this.#line) this.#current.blocks.push({ kind: 'line', align: 'left', runs: [] });
        this.#line = null;
        return { linesPrinted: 1 };
      }
      case 'feed':
        for (let k = 0; k < op.lines; k++)
          this.#current.blocks.push({ kind: 'line', align: 'left', runs: [] });
        this.#line = null;
        return { linesPrinted: op.lines };
      case 'qr':
        this.#line = null;
        this.#current.blocks.push({
          kind: 'qr',
          align: op.align,
          data: op.data,
          moduleSize: op.moduleSize,
          errorLevel: op.errorLevel,
        });
        return { linesPrinted: 1 };
      case 'barcode':
        this.#line = null;
        this.#current.blocks.push({ kind: 'barcode', align: op.align, data: op.data });
        return { linesPrinted: 1 };
      case 'raster':
        this.#line = null;
        this.#current.blocks.push({ kind: 'image', widthBytes: op.widthBytes, heightDots: op.heightDots });
        return { linesPrinted: 1 };
      case 'cut':
        return { finished: this.finish(op.partial ? 'partial' : 'full', now), linesPrinted: 0 };
      default:
        return { linesPrinted: 0 };
    }
  }

  /** Ends the current receipt (at a cut, or early when the paper runs out). */
  finish(cut: Receipt['cut'], now: Date, incomplete = false): Receipt {
    const done = this.#current;
    done.cut = cut;
    done.incomplete = incomplete;
    done.finishedAt = now.toISOString();
    this.#current = this.#fresh();
    this.#line = null;
    return done;
  }

  get hasContent(): boolean {
    return this.#current.blocks.length > 0;
  }
}

/** The receipt as plain text lines (for tests and logs of the emulator). */
export function receiptText(receipt: Receipt): string[] {
  return receipt.blocks.map((b) => {
    switch (b.kind) {
      case 'line':
        return b.runs.map((r) => r.text).join('');
      case 'qr':
        return `[QR ${b.data}]`;
      case 'barcode':
        return `[BARCODE ${b.data}]`;
      case 'image':
        return `[IMAGE ${b.widthBytes * 8}x${b.heightDots}]`;
    }
  });
}
