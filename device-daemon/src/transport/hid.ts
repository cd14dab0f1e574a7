import { EventEmitter } from 'node:events';
import { TransportError, type ByteTransport, type TransportEvents } from './transport.ts';
import { fromReport, toReports, type HidReportProfile } from './hid-reports.ts';

/** The part of a node-hid device this transport uses (node-hid's HID.HID has exactly these). */
export interface HidDevice {
  write(data: number[]): number;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}

export type HidOpener = (vendorId: number, productId: number) => HidDevice | Promise<HidDevice>;

/** Opens a real device through node-hid (hidraw on Linux). */
export const nodeHidOpener: HidOpener = async (vendorId, productId) => {
  const HID = await import('node-hid');
  return new HID.HID(vendorId, productId);
};

/** A USB HID device carrying a byte stream in reports (see hid-reports.ts), as a ByteTransport. */
export class HidTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  #device: HidDevice | null = null;

  constructor(
    readonly vendorId: number,
    readonly productId: number,
    readonly profile: HidReportProfile,
    private readonly open_: HidOpener = nodeHidOpener,
  ) {
    super();
  }

  get description(): string {
    const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
    return `hid ${hex(this.vendorId)}:${hex(this.productId)}`;
  }

  get isOpen(): boolean {
    return this.#device !== null;
  }

  async open(): Promise<void> {
    if (this.#device) return;
    let device: HidDevice;
    try {
      device = await this.open_(this.vendorId, this.productId);
    } catch (e) {
      const text = (e as Error).message;
      throw new TransportError(
        /not found|No HID devices|cannot open/i.test(text) ? 'notFound' : 'io',
        `${this.description}: ${text}`,
      );
    }
    device.on('data', (report) => {
      const bytes = fromReport(Uint8Array.from(report), this.profile);
      if (bytes.length > 0) this.emit('data', bytes);
    });
    device.on('error', (e) => {
      if (this.#device !== device) return;
      this.#device = null;
      try {
        device.close();
      } catch {
        // already gone
      }
      this.emit('close', new TransportError('disconnected', `${this.description}: ${e.message}`));
    });
    this.#device = device;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const device = this.#device;
    if (!device) throw new TransportError('disconnected', `${this.description} is not open`);
    try {
      for (const report of toReports(bytes, this.profile)) device.write(report);
    } catch (e) {
      throw new TransportError('io', `${this.description}: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    const device = this.#device;
    this.#device = null;
    try {
      device?.close();
    } catch {
      // already gone
    }
  }
}
