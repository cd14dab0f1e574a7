import * as z from 'zod/mini';

/** The devices a kiosk may have; the configuration names them with exactly these keys. */
export const DEVICE_NAMES = ['idCardReader', 'receiptPrinter', 'ticketPrinter', 'scanner'] as const;
export const DeviceName = z.enum(DEVICE_NAMES);
export type DeviceName = z.infer<typeof DeviceName>;

/**
 * Device states, as in XFS4IoT `common.device`:
 * - online: ready for use
 * - offline: configured and was present, but not answering now (unplugged, powered off at the far end)
 * - hardwareError: present but broken (cutter jam, SAM self-test failed); needs a technician
 * - userError: present but needs a person to act (cover open, paper out)
 * - noDevice: cannot be found at all (no such serial port, nothing listening, no driver)
 * - deviceBusy: working on an operation that excludes others
 * - powerOff: the device reports that it is powered off
 */
export const DEVICE_STATES = [
  'online',
  'offline',
  'hardwareError',
  'userError',
  'noDevice',
  'deviceBusy',
  'powerOff',
] as const;
export const DeviceState = z.enum(DEVICE_STATES);
export type DeviceState = z.infer<typeof DeviceState>;

/** Paper supply as a printer reports it (XFS4IoT printer paper states). */
export const PaperState = z.enum(['unknown', 'full', 'low', 'out', 'jammed']);
export type PaperState = z.infer<typeof PaperState>;

export const DeviceStatus = z.object({
  device: DeviceName,
  state: DeviceState,
  /** How the device is attached, e.g. `serial /dev/ttyUSB0 @115200`, for technicians. */
  connection: z.string(),
  /** Printers only. */
  paper: z.optional(PaperState),
  /** A short English reason when state is not online, for logs and technicians. */
  detail: z.optional(z.string()),
  /** ISO time of the last state change. */
  since: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;
