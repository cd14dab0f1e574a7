import { autoDetect } from '@serialport/bindings-cpp';
import type { BindingInterface } from '@serialport/bindings-interface';
import { EmulatorBinding, createEmulator, type Emulator } from '@hall-kiosk/hardware-mocks';
import type { Clock } from '@hall-kiosk/shared';
import type { Connection } from '../config/schema.ts';
import { SerialTransport } from './serial.ts';
import { TcpTransport } from './tcp.ts';
import { HidTransport, type HidOpener } from './hid.ts';
import { DEFAULT_HID_PROFILE, type HidReportProfile } from './hid-reports.ts';
import type { ByteTransport } from './transport.ts';

export type TransportContext = {
  clock: Clock;
  /** The native serial binding; tests may pass another. */
  serialBinding?: BindingInterface;
  /** Emulators created for `emulated` connections are registered here (for the control page). */
  onEmulator?: (device: string, emulator: Emulator) => void;
  /** Opens USB HID devices; node-hid when absent. */
  hidOpener?: HidOpener;
};

/** Builds the transport a device's `connection` describes. */
export function createTransport(
  device: string,
  connection: Connection,
  ctx: TransportContext,
  /** Extra options for an emulator (e.g. the presenter the driver expects). */
  emulatorOptions: Record<string, unknown> = {},
  /** The device's own HID report layout, under what the configuration's profile says. */
  hidDefaults: Partial<HidReportProfile> = {},
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
    const emulator = createEmulator(device, { clock: ctx.clock, ...emulatorOptions, ...connection.emulated });
    ctx.onEmulator?.(device, emulator);
    const binding = new EmulatorBinding();
    const path = `emulated:${device}`;
    binding.attach(path, emulator);
    return new SerialTransport(path, baudRate ?? 115200, binding, 'emulated');
  }
  const { vendorId, productId, profile } = connection.hid;
  return new HidTransport(
    parseInt(vendorId, 16),
    parseInt(productId, 16),
    { ...DEFAULT_HID_PROFILE, ...hidDefaults, ...profile },
    ctx.hidOpener,
  );
}
