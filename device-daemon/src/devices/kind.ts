import type { Clock, DeviceName } from '@hall-kiosk/shared';
import type { KioskConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { HidReportProfile } from '../transport/hid-reports.ts';
import type { ByteTransport } from '../transport/transport.ts';
import type { DeviceDriver } from './device.ts';

export type DevicesConfig = KioskConfig['devices'];
/** The configuration of one device, by its key under `devices`. */
export type DeviceConfigOf<N extends DeviceName> = NonNullable<DevicesConfig[N]>;

/** What the registry hands a kind to build its driver from. */
export type DriverParts = { transport: ByteTransport; clock: Clock; log: Logger };

/**
 * One row of the registry's table: a device kind, which configuration keys it drives, the transport
 * options it brings, and how its driver is built. Each kind's folder exports its row (`kind.ts`).
 */
export type DeviceKind<N extends DeviceName = DeviceName> = {
  /** The kind's name, as its emulator calls itself (`escposPrinter`, `samIdCardReader` …). */
  readonly kind: string;
  /** The keys under `devices` in the configuration that this kind drives. */
  readonly devices: readonly N[];
  /** Options an emulator standing in for this device is given (e.g. the presenter the driver expects). */
  emulatorOptions(config: DeviceConfigOf<N>): Record<string, unknown>;
  /** The device's own USB HID report layout, under what the configuration's profile says. */
  hidDefaults(config: DeviceConfigOf<N>): Partial<HidReportProfile>;
  build(device: N, config: DeviceConfigOf<N>, parts: DriverParts): DeviceDriver;
};

/** Checks a kind's row against its own configuration type, then files it with the others. */
export function defineKind<N extends DeviceName>(row: DeviceKind<N>): DeviceKind {
  return row as unknown as DeviceKind;
}
