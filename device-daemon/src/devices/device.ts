import type { DeviceName, DeviceStatus } from '@hall-kiosk/shared';

export type DeviceEvents = {
  /** Emitted on every change of state, paper or detail. */
  status: [DeviceStatus];
};

/** What the registry needs of every device driver (drivers add their own typed events). */
export interface DeviceDriver {
  readonly name: DeviceName;
  readonly status: DeviceStatus;
  /** Starts connecting (and reconnecting) in the background; never throws. */
  start(): void;
  stop(): Promise<void>;
  on(event: 'status', listener: (status: DeviceStatus) => void): unknown;
}
