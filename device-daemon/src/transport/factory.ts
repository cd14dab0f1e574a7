import { autoDetect } from '@serialport/bindings-cpp';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { Clock, DeviceName } from '@hall-kiosk/shared';
import type { Connection, EmulatedConnection } from '../config/schema.ts';
import { SerialTransport } from './serial.ts';
import { TcpTransport } from './tcp.ts';
import { HidTransport, type HidOpener } from './hid.ts';
import { DEFAULT_HID_PROFILE, type HidReportProfile } from './hid-reports.ts';
import type { ByteTransport } from './transport.ts';

export type TransportContext = {
  clock: Clock;
  /** The native serial binding; tests may pass another. */
  serialBinding?: BindingInterface;
  /**
   * Builds the transport of an `emulated` connection. Only the demo and test entry
   * (`@hall-kiosk/device-daemon/mock`) supplies it; without it an emulated device is refused.
   */
  emulatedTransport?: EmulatedTransportFactory;
  /** Opens USB HID devices; node-hid when absent. */
  hidOpener?: HidOpener;
};

/** Makes an emulated device's transport, with its emulator inside this process. */
export type EmulatedTransportFactory = (
  device: DeviceName,
  connection: EmulatedConnection,
  /** Extra options for the emulator (e.g. the presenter the driver expects). */
  extra: Record<string, unknown>,
) => ByteTransport;

/** A device is configured `emulated` but the daemon was started without the emulators' entry. */
export class EmulatorsNotLoadedError extends Error {
  constructor(readonly device: DeviceName) {
    super(
      `devices.${device}: an "emulated" connection needs the emulators, which only the demo and test entry ` +
        `(@hall-kiosk/device-daemon/mock, e.g. kiosk start --demo) loads; configure a serial, tcp or hid connection`,
    );
    this.name = 'EmulatorsNotLoadedError';
  }
}

/** Builds the transport a device's `connection` describes. */
export function createTransport(
  device: DeviceName,
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
    if (!ctx.emulatedTransport) throw new EmulatorsNotLoadedError(device);
    return ctx.emulatedTransport(device, connection, emulatorOptions);
  }
  const { vendorId, productId, profile } = connection.hid;
  return new HidTransport(
    parseInt(vendorId, 16),
    parseInt(productId, 16),
    { ...DEFAULT_HID_PROFILE, ...hidDefaults, ...profile },
    ctx.hidOpener,
  );
}
