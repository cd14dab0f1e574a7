import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
} from '@serialport/bindings-interface';
import type { Emulator } from './emulator.ts';

/**
 * A serialport binding whose ports are emulators in this process: the daemon's serial transport
 * runs unchanged (SerialPortStream and all) and the emulator sees exactly the bytes it would see on
 * a cable. Unplugging the emulator disconnects the open port and makes `open` fail, as for a USB
 * adapter pulled out.
 */
export class EmulatorBinding implements BindingInterface {
  #devices = new Map<string, Emulator>();

  attach(path: string, emulator: Emulator): void {
    this.#devices.set(path, emulator);
  }

  async list(): Promise<PortInfo[]> {
    return [...this.#devices.entries()]
      .filter(([, e]) => e.plugged)
      .map(([path, e]) => ({
        path,
        manufacturer: `hall-kiosk emulator (${e.kind})`,
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
      }));
  }

  async open(options: OpenOptions): Promise<BindingPortInterface> {
    const emulator = this.#devices.get(options.path);
    if (!emulator || !emulator.plugged) {
      throw Object.assign(new Error(`Error: No such file or directory, cannot open ${options.path}`), {
        code: 'ENOENT',
      });
    }
    return new EmulatorPort(emulator, options);
  }
}

type Waiter = { resolve: () => void; reject: (e: Error) => void };

class EmulatorPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  #queue: Uint8Array[] = [];
  #waiter: Waiter | null = null;
  #failure: Error | null = null;
  #onOutput = (bytes: Uint8Array) => {
    this.#queue.push(bytes);
    this.#wake();
  };
  #onPlugged = (plugged: boolean) => {
    if (!plugged) this.#fail(Object.assign(new Error('device unplugged'), { disconnected: true }));
  };

  constructor(
    private readonly emulator: Emulator,
    options: OpenOptions,
  ) {
    this.openOptions = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    } as Required<OpenOptions>;
    emulator.on('output', this.#onOutput);
    emulator.on('plugged', this.#onPlugged);
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.resolve();
  }

  #fail(error: Error): void {
    this.#failure = error;
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(error);
    this.#detach();
  }

  #detach(): void {
    this.emulator.off('output', this.#onOutput);
    this.emulator.off('plugged', this.#onPlugged);
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.#detach();
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(Object.assign(new Error('port closed'), { canceled: true }));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.#queue.length === 0) {
      if (this.#failure) throw this.#failure;
      if (!this.isOpen) throw Object.assign(new Error('port closed'), { canceled: true });
      await new Promise<void>((resolve, reject) => (this.#waiter = { resolve, reject }));
    }
    const head = this.#queue[0]!;
    const n = Math.min(length, head.length);
    buffer.set(head.subarray(0, n), offset);
    if (n === head.length) this.#queue.shift();
    else this.#queue[0] = head.subarray(n);
    return { buffer, bytesRead: n };
  }

  /** Resolves once the bytes have crossed the (emulated) wire, as a drained UART write would. */
  async write(buffer: Buffer): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (!this.isOpen) throw Object.assign(new Error('port closed'), { canceled: true });
    const bytes = Uint8Array.from(buffer);
    await this.emulator.linkDelay(bytes.length);
    if (this.#failure) throw this.#failure;
    this.emulator.receive(bytes);
  }

  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.#queue = [];
  }
  async drain(): Promise<void> {}
}
