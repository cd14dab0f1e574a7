import { EventEmitter } from 'node:events';
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-interface';
import { TransportError, type ByteTransport, type TransportEvents } from './transport.ts';

function classify(error: Error & { code?: string; disconnected?: boolean }): TransportError {
  const text = error.message ?? String(error);
  if (error.disconnected) return new TransportError('disconnected', text);
  if (error.code === 'ENOENT' || /No such file|ENOENT|cannot open/i.test(text))
    return new TransportError('notFound', text);
  return new TransportError('io', text);
}

/**
 * A serial line through node-serialport. The binding is injected: the native one (bindings-cpp) on
 * a kiosk and for pseudo-terminals in tests, or an emulator binding in demo mode.
 */
export class SerialTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  #port: SerialPortStream | null = null;

  constructor(
    readonly path: string,
    readonly baudRate: number,
    private readonly binding: BindingInterface,
    readonly label = 'serial',
  ) {
    super();
  }

  get description(): string {
    return `${this.label} ${this.path} @${this.baudRate}`;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.#port?.isOpen) return;
    const port = new SerialPortStream({
      binding: this.binding,
      path: this.path,
      baudRate: this.baudRate,
      autoOpen: false,
      // Kiosk devices are ours alone; a second opener must fail loudly, not interleave bytes.
      lock: true,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(classify(err as Error)) : resolve())),
    );
    port.on('data', (chunk: Buffer) => this.emit('data', Uint8Array.from(chunk)));
    port.on('error', () => {
      // Errors also surface as a failed write or a 'close' with disconnected; nothing more to do.
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.#port !== port) return;
      this.#port = null;
      this.emit('close', err ? classify(err) : null);
    });
    this.#port = port;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new TransportError('disconnected', `${this.description} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(classify(err));
        port.drain((e) => (e ? reject(classify(e as Error)) : resolve()));
      });
    });
  }

  async updateBaudRate(baudRate: number): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new TransportError('disconnected', `${this.description} is not open`);
    await new Promise<void>((resolve, reject) =>
      port.update({ baudRate }, (err) => (err ? reject(classify(err as Error)) : resolve())),
    );
    (this as { baudRate: number }).baudRate = baudRate;
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
