import type { Clock, DeviceName, DeviceStatus } from '@hall-kiosk/shared';
import type { CardIdentity } from '../core/card-identity.ts';

export type DeviceEvents = {
  /** Emitted on every change of state, paper or detail. */
  status: [DeviceStatus];
};

/** The three health checks of UnifiedPOS `checkHealth`. */
export type HealthLevel = 'internal' | 'external' | 'interactive';
export const HEALTH_LEVELS: readonly HealthLevel[] = ['internal', 'external', 'interactive'];

/** What a health check found, in a sentence a technician can act on. */
export type HealthVerdict = { result: 'ok' | 'failed'; text: string };

/**
 * What a device kind's health checks may need from outside the device layer: the clock, how long a
 * person is given, and the few things only the services know how to make (kept out of `devices/`).
 */
export type HealthProbe = {
  clock: Clock;
  /** How long an interactive check waits for a person (a card placed, a code scanned). */
  interactiveWaitMs: number;
  /** A printer's test page, describing the device and its connection. */
  testPage: (device: DeviceName, connection: string) => Uint8Array;
  /** A card read during a check, as a technician may see it (masked); the identity is dropped after. */
  describeCard: (identity: CardIdentity) => string;
};

/**
 * What every device kind's driver is to the rest of the daemon. A kind adds its own typed commands
 * and events (printing, arming a reader) on top; the registry, health checks and statistics use only
 * this.
 */
export interface DeviceDriver {
  readonly name: DeviceName;
  readonly status: DeviceStatus;
  /** Starts connecting (and reconnecting) in the background; never throws. */
  start(): void;
  stop(): Promise<void>;
  on(event: 'status', listener: (status: DeviceStatus) => void): unknown;
  /**
   * One UnifiedPOS health check: internal (what the driver knows, no I/O), external (talk to the
   * device), interactive (a person takes part). Never rejects.
   */
  health(level: HealthLevel, probe: HealthProbe): Promise<HealthVerdict>;
  /** Counters since the driver started, under their UnifiedPOS statistic names where one exists. */
  statistics(): Record<string, number>;
}

const WHAT_TO_DO: Partial<Record<DeviceStatus['state'], string>> = {
  noDevice: 'nothing at the configured address: check the cable and the configuration',
  offline: 'it was there and does not answer: check power and cable, then reconnect',
  userError: 'needs a person: load paper or close the cover',
  hardwareError: 'needs a technician',
};

/** The internal health check, the same for every kind: the status, and what to do about it. */
export function internalHealth(status: DeviceStatus): HealthVerdict {
  if (status.state === 'online') {
    return {
      result: 'ok',
      text: `online since ${status.since}${status.paper === 'low' ? '; paper low' : ''}`,
    };
  }
  return {
    result: 'failed',
    text: `${status.state}${status.detail ? ` (${status.detail})` : ''}: ${WHAT_TO_DO[status.state] ?? 'see the event log'}`,
  };
}
