import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EmulatorBinding,
  EmulatorRegistry,
  createControlHandler,
  createEmulator,
  type Emulator,
} from '@hall-kiosk/hardware-mocks';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import type { DeviceEmulation } from '../app/start-daemon.ts';
import type { EmulatedTransportFactory } from '../transport/factory.ts';
import { SerialTransport } from '../transport/serial.ts';

/**
 * The daemon's emulated devices: each `emulated` connection gets its device's emulator in this
 * process, behind the same serialport stream code a real serial line uses (`EmulatorBinding`), and
 * the control page (/emulator) drives them. Pass it to `startDaemon` as `emulation`.
 */
export class EmulatedDevices implements DeviceEmulation {
  /** The emulators made so far, by device name. */
  readonly emulators = new EmulatorRegistry();
  readonly #clock: Clock;
  readonly #control;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#control = createControlHandler(this.emulators, '/emulator');
  }

  readonly emulatedTransport: EmulatedTransportFactory = (device, connection, extra) => {
    const emulator = createEmulator(device, { clock: this.#clock, ...extra, ...connection.emulated });
    this.emulators.add(device, emulator);
    const binding = new EmulatorBinding();
    const path = `emulated:${device}`;
    binding.attach(path, emulator);
    return new SerialTransport(path, connection.emulated.baudRate ?? 115200, binding, 'emulated');
  };

  readonly control = (req: IncomingMessage, res: ServerResponse): Promise<boolean> => this.#control(req, res);

  /** The emulator standing in for a device, once the daemon has built it. */
  get(device: string): Emulator | undefined {
    return this.emulators.get(device);
  }
}
