import * as z from 'zod/mini';
import { DEVICE_NAMES, DEVICE_STATES } from './vocabulary.ts';

export { DEVICE_NAMES, DEVICE_STATES };

export const DeviceName = z.enum(DEVICE_NAMES);
export type DeviceName = z.infer<typeof DeviceName>;

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
