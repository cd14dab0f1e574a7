import { autoDetect } from '@serialport/bindings-cpp';
import type { BindingInterface } from '@serialport/bindings-interface';
import { EmulatorBinding, createEmulator, type Emulator } from '@hall-kiosk/hardware-mocks';
import type { Clock } from '@hall-kiosk/shared';
import type { Connection } from '../config/schema.ts';
import { SerialTransport } from './serial.ts';
import { TcpTransport } from './tcp.ts';
import { TransportError, type ByteTransport, type TransportEvents } from './transport.ts';
import { EventEmitter } from 'node:events';

export type TransportContext = {
  clock: Clock;
  /** The native serial binding; tests may pass another. */
  serialBinding?: BindingInterface;
  /** Emulators created for `emulated` connections are registered here (for the control page). */
  onEmulator?: (device: string, emulator: Emulator) => void;
};

/** A transport for a device whose connection kind has no driver support yet (e.g. HID before its issue). */
class UnavailableTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly isOpen = false;
  constructor(
    readonly description: string,
    private readonly reason: string,
  ) {
    super();
  }
  async open(): Promise<void> {
    throw new TransportError('notFound', this.reason);
  }
  async write(): Promise<void> {
    throw new TransportError('disconnected', this.reason);
  }
  async close(): Promise<void> {}
}

/** Builds the transport a device's `connection` describes. */
export function createTransport(
  device: string,
  connection: Connection,
  ctx: TransportContext,
): ByteTransport {
  if ('serial' in connection) {
    return new SerialTransport(connection.serial, connection.baudRate, ctx.serialBinding ?? autoDetect());
  }
  if ('tcp' in connection) {
    const i = connection.tcp.lastIndexOf(':');
    return new TcpTransport(connection.tcp.slice(0, i), Number(connection.tcp.slice(i + 1)));
  }
  if ('emulated' in connection) {
    const baudRate = connection.emulated.baudRate;
    const emulator = createEmulator(device, { clock: ctx.clock, ...connection.emulated });
    ctx.onEmulator?.(device, emulator);
    const binding = new EmulatorBinding();
    const path = `emulated:${device}`;
    binding.attach(path, emulator);
    return new SerialTransport(path, baudRate ?? 115200, binding, 'emulated');
  }
  return new UnavailableTransport(
    `hid ${connection.hid.vendorId}:${connection.hid.productId}`,
    'USB HID transport is not available for this device yet',
  );
}
