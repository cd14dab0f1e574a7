import {
  Emulator,
  type ControlAction,
  type ControlResult,
  type EmulatorOptions,
} from '../framework/emulator.ts';
import { EscPosDecoder } from './escpos-decoder.ts';
import { ReceiptAssembler, type Receipt } from './receipt.ts';

export type PrinterEmulatorOptions = EmulatorOptions & {
  /** Paper left, in printed lines; null for an endless roll. The paper runs out when it reaches 0. */
  paperLines?: number | null;
  /** Lines left at which the near-end sensor trips. */
  nearEndLines?: number;
  /** How many finished receipts the history keeps. */
  historySize?: number;
  /** A ticket presenter after the cutter, speaking this vendor's commands. */
  presenter?: 'none' | 'custom' | 'citizen';
};

/**
 * An ESC/POS thermal printer: decodes what it is sent into receipts, answers real-time status
 * (DLE EOT n) and, when enabled, Automatic Status Back (GS a) from its state, and misbehaves on
 * request: paper near end, paper out (now, or after N lines), cover open, cutter jam.
 */
export class PrinterEmulator extends Emulator {
  readonly kind = 'escposPrinter';
  readonly actions = [
    'paperNearEnd',
    'paperOut',
    'paperOutAfter',
    'loadPaper',
    'openCover',
    'closeCover',
    'jamCutter',
    'clearCutter',
    'clearHistory',
    'takeTicket',
    'garbage',
  ] as const;

  #decoder = new EscPosDecoder();
  #assembler = new ReceiptAssembler();
  #history: Receipt[] = [];
  #historySize: number;
  #paperLines: number | null;
  #nearEndLines: number;
  #forcedNearEnd = false;
  #coverOpen = false;
  #cutterJam = false;
  #asbMask = 0;
  #lastAsb = '';
  #presenter: 'none' | 'custom' | 'citizen';
  /** The receipt waiting in the presenter's mouth. */
  #inMouth: Receipt | null = null;
  #autoRetract: ReturnType<Emulator['clock']['setTimeout']> | null = null;
  stats = {
    linesPrinted: 0,
    cuts: 0,
    failedCuts: 0,
    bytesReceived: 0,
    statusRequests: 0,
    taken: 0,
    retracted: 0,
  };

  constructor(options: PrinterEmulatorOptions = {}) {
    super(options);
    this.#paperLines = options.paperLines ?? null;
    this.#nearEndLines = options.nearEndLines ?? 20;
    this.#historySize = options.historySize ?? 50;
    this.#presenter = options.presenter ?? 'none';
  }

  get receipts(): readonly Receipt[] {
    return this.#history;
  }

  get paperOut(): boolean {
    return this.#paperLines !== null && this.#paperLines <= 0;
  }

  get paperNearEnd(): boolean {
    return this.#forcedNearEnd || (this.#paperLines !== null && this.#paperLines <= this.#nearEndLines);
  }

  /** The printer cannot print while any of these hold. */
  get offline(): boolean {
    return this.paperOut || this.#coverOpen || this.#cutterJam;
  }

  protected onHostBytes(bytes: Uint8Array): void {
    this.stats.bytesReceived += bytes.length;
    this.#assembler.countBytes(bytes.length);
    for (const op of this.#decoder.push(bytes)) {
      switch (op.op) {
        case 'realtimeStatus':
          this.stats.statusRequests++;
          if (op.n === 5 && this.#presenter === 'citizen') {
            this.send(Uint8Array.of(0x12 | (this.#inMouth ? 0x04 : 0)));
            continue;
          }
          // Real-time commands are answered even while offline.
          this.send(Uint8Array.of(this.realtimeStatus(op.n)));
          continue;
        case 'transmitStatus':
          // Processed in order with the print data, so an offline printer never gets to it.
          if (this.offline) continue;
          this.send(
            Uint8Array.of(
              op.n === 1 || op.n === 49 ? (this.paperOut ? 0x0f : this.paperNearEnd ? 0x03 : 0) : 0,
            ),
          );
          continue;
        case 'asb':
          this.#asbMask = op.mask;
          this.#lastAsb = '';
          this.#sendAsbIfChanged();
          continue;
        case 'init':
          continue;
        case 'presenter':
          this.#presenterCommand(op.vendor, op.bytes);
          continue;
        default:
          break;
      }
      if (this.offline) continue; // an offline printer prints nothing
      if (op.op === 'cut' && this.#cutterJam) {
        this.stats.failedCuts++;
        continue;
      }
      const { finished, linesPrinted } = this.#assembler.apply(op, new Date(this.clock.now()));
      if (linesPrinted > 0) this.#consumePaper(linesPrinted);
      if (finished) {
        this.stats.cuts++;
        this.#keep(finished);
        if (this.#presenter !== 'none') {
          finished.presenter = 'waiting';
          this.#inMouth = finished;
        }
      }
    }
    this.emit('changed');
  }

  #consumePaper(lines: number): void {
    this.stats.linesPrinted += lines;
    if (this.#paperLines === null) return;
    this.#paperLines = Math.max(0, this.#paperLines - lines);
    if (this.#paperLines === 0) this.#stopMidJob();
    this.#sendAsbIfChanged();
  }

  /** The paper ran out or the cover opened: what was printed so far comes out, marked incomplete. */
  #stopMidJob(): void {
    if (this.#assembler.hasContent)
      this.#keep(this.#assembler.finish(null, new Date(this.clock.now()), true));
  }

  #keep(receipt: Receipt): void {
    this.#history.push(receipt);
    if (this.#history.length > this.#historySize) this.#history.shift();
  }

  get ticketInMouth(): boolean {
    return this.#inMouth !== null;
  }

  #presenterCommand(vendor: 'custom' | 'citizen', bytes: number[]): void {
    if (vendor !== this.#presenter) return; // another vendor's command: ignored, as real printers do
    if (vendor === 'custom') {
      const n = bytes[2];
      if (n === 0x06) this.send(Uint8Array.of(this.#inMouth ? 0x01 : 0x00));
      else if (n === 0x02) this.#retract();
      return;
    }
    // Citizen: GS R 0 retracts now; GS R 1 n retracts after n seconds.
    if (bytes[2] === 0x30) this.#retract();
    else if (bytes[2] === 0x31) {
      if (this.#autoRetract) this.clock.clearTimeout(this.#autoRetract);
      this.#autoRetract = this.clock.setTimeout(() => this.#retract(), (bytes[3] ?? 5) * 1000);
    }
  }

  #retract(): void {
    if (!this.#inMouth) return;
    this.#inMouth.presenter = 'retracted';
    this.#inMouth = null;
    this.stats.retracted++;
    this.emit('changed');
  }

  /** The one-byte answer to DLE EOT n (layout in docs/devices/printer.md). */
  realtimeStatus(n: number): number {
    let b = 0x12;
    switch (n) {
      case 1:
        if (this.offline) b |= 0x08;
        break;
      case 2:
        if (this.#coverOpen) b |= 0x04;
        if (this.paperOut) b |= 0x20;
        if (this.#cutterJam) b |= 0x40;
        break;
      case 3:
        if (this.#cutterJam) b |= 0x08;
        break;
      case 4:
        if (this.paperNearEnd || this.paperOut) b |= 0x0c;
        if (this.paperOut) b |= 0x60;
        break;
      default:
        break;
    }
    return b;
  }

  /** The four ASB bytes (sent on every change while GS a n ≠ 0). */
  asbBytes(): Uint8Array {
    const b0 = 0x10 | (this.offline ? 0x08 : 0) | (this.#coverOpen ? 0x20 : 0);
    const b1 = this.#cutterJam ? 0x08 : 0;
    const b2 = (this.paperNearEnd || this.paperOut ? 0x03 : 0) | (this.paperOut ? 0x0c : 0);
    return Uint8Array.of(b0, b1, b2, 0x00);
  }

  #sendAsbIfChanged(): void {
    if (this.#asbMask === 0) return;
    const bytes = this.asbBytes();
    const key = bytes.join(',');
    if (key === this.#lastAsb) return;
    this.#lastAsb = key;
    this.send(bytes);
  }

  protected deviceControl(action: ControlAction): ControlResult {
    switch (action.action) {
      case 'paperNearEnd':
        this.#forcedNearEnd = true;
        break;
      case 'paperOut':
        this.#paperLines = 0;
        this.#stopMidJob();
        break;
      case 'paperOutAfter': {
        const lines = Number(action.lines);
        if (!Number.isInteger(lines) || lines < 0)
          return { ok: false, error: 'lines must be a whole number ≥ 0' };
        this.#paperLines = lines;
        break;
      }
      case 'loadPaper':
        this.#paperLines = null;
        this.#forcedNearEnd = false;
        break;
      case 'openCover':
        this.#coverOpen = true;
        this.#stopMidJob();
        break;
      case 'closeCover':
        this.#coverOpen = false;
        break;
      case 'jamCutter':
        this.#cutterJam = true;
        break;
      case 'clearCutter':
        this.#cutterJam = false;
        break;
      case 'clearHistory':
        this.#history = [];
        break;
      case 'garbage':
        // Noise on the line, unasked (a printer at another baud rate sends nothing else).
        this.send(Uint8Array.from({ length: Number(action.bytes ?? 16) }, (_, i) => (0xff - i * 13) & 0xff));
        break;
      case 'takeTicket':
        if (!this.#inMouth) return { ok: false, error: 'no ticket in the presenter' };
        this.#inMouth.presenter = 'taken';
        this.#inMouth = null;
        this.stats.taken++;
        break;
      default:
        return { ok: false, error: `unknown action ${action.action}` };
    }
    this.#sendAsbIfChanged();
    this.emit('changed');
    return { ok: true };
  }

  protected deviceSnapshot(): Record<string, unknown> {
    return {
      paper: this.paperOut ? 'out' : this.paperNearEnd ? 'low' : 'full',
      paperLinesLeft: this.#paperLines,
      coverOpen: this.#coverOpen,
      cutterJam: this.#cutterJam,
      asb: this.#asbMask !== 0,
      stats: { ...this.stats },
      receipts: this.#history.length,
      presenter: this.#presenter,
      ticketInMouth: this.#inMouth !== null,
    };
  }
}
