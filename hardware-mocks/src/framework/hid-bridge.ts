import { EventEmitter } from 'node:events';
import type { Emulator } from './emulator.ts';

/**
 * Presents an emulator as a node-hid device (write(report), 'data' events, close()), carrying its
 * byte stream in fixed-size reports: [n][n bytes][zero padding] — the daemon's default HID profile,
 * implemented here independently. This machine's kernel has no uhid, so a virtual HID device cannot
 * be created; this bridge is how the HID transport is exercised end to end.
 */
export class HidBridge extends EventEmitter {
  #closed = false;
  #onOutput = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i += this.reportSize - 1) {
      const chunk = bytes.subarray(i, i + this.reportSize - 1);
      const report = Buffer.alloc(this.reportSize + (this.withReportId ? 1 : 0));
      const at = this.withReportId ? 1 : 0;
      report[at] = chunk.length;
      report.set(chunk, at + 1);
      this.emit('data', report);
    }
  };
  #onPlugged = (plugged: boolean) => {
    if (!plugged) this.emit('error', new Error('could not read from HID device'));
  };

  constructor(
    private readonly emulator: Emulator,
    private readonly reportSize = 64,
    /** Input reports start with report id 0 (as on some platforms). */
    private readonly withReportId = false,
  ) {
    super();
    emulator.on('output', this.#onOutput);
    emulator.on('plugged', this.#onPlugged);
  }

  /** node-hid's write: the first byte is the report id. Returns bytes written. */
  write(data: number[]): number {
    if (this.#closed || !this.emulator.plugged) throw new Error('Cannot write to hid device');
    const n = data[1] ?? 0;
    this.emulator.receive(Uint8Array.from(data.slice(2, 2 + Math.min(n, this.reportSize - 1))));
    return data.length;
  }

  close(): void {
    this.#closed = true;
    this.emulator.off('output', this.#onOutput);
    this.emulator.off('plugged', this.#onPlugged);
  }
}
