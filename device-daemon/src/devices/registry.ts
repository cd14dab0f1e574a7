import { EventEmitter } from 'node:events';
import { DEVICE_NAMES, type DeviceName, type DeviceStatus } from '@hall-kiosk/shared';
import type { KioskConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { createTransport, type TransportContext } from '../transport/factory.ts';
import type { DeviceDriver, DeviceEvents } from './device.ts';
import type { DeviceKind } from './kind.ts';
import { escPosPrinterKind } from './printer/kind.ts';
import { EscPosPrinterDriver } from './printer/printer-driver.ts';
import { samIdCardReaderKind } from './id-card/kind.ts';
import { SamIdCardReaderDriver } from './id-card/id-card-driver.ts';
import { codeScannerKind } from './scanner/kind.ts';
import { CodeScannerDriver } from './scanner/scanner-driver.ts';

/**
 * Every device kind the daemon drives, one row each. Adding a kind is a folder under `devices/` with
 * its driver and its row (`kind.ts`), and the row here (docs/architecture.md, "Adding a device kind").
 */
export const DEVICE_KINDS: readonly DeviceKind[] = [escPosPrinterKind, samIdCardReaderKind, codeScannerKind];

/** The row that drives a configuration key. */
export function kindOf(device: DeviceName): DeviceKind {
  const row = DEVICE_KINDS.find((k) => k.devices.includes(device));
  if (!row) throw new Error(`no device kind drives devices.${device}`);
  return row;
}

export type RegistryContext = TransportContext & { log: Logger };

/**
 * Every configured device, each built from its parts: transport (from `connection`, with its kind's
 * transport options) → framing and protocol (inside the driver) → driver. Re-emits every status change.
 */
export class DeviceRegistry extends EventEmitter<DeviceEvents> {
  readonly drivers = new Map<DeviceName, DeviceDriver>();

  constructor(devices: KioskConfig['devices'], ctx: RegistryContext) {
    super();
    for (const name of DEVICE_NAMES) {
      const config = devices[name];
      if (!config) continue;
      const kind = kindOf(name);
      const transport = createTransport(
        name,
        config.connection,
        ctx,
        kind.emulatorOptions(config),
        kind.hidDefaults(config),
      );
      const driver = kind.build(name, config, { transport, clock: ctx.clock, log: ctx.log });
      driver.on('status', (s) => this.emit('status', s));
      this.drivers.set(name, driver);
    }
  }

  idCardReader(): SamIdCardReaderDriver | undefined {
    const d = this.drivers.get('idCardReader');
    return d instanceof SamIdCardReaderDriver ? d : undefined;
  }

  printer(name: 'ticketPrinter' | 'receiptPrinter'): EscPosPrinterDriver | undefined {
    const d = this.drivers.get(name);
    return d instanceof EscPosPrinterDriver ? d : undefined;
  }

  scanner(): CodeScannerDriver | undefined {
    const d = this.drivers.get('scanner');
    return d instanceof CodeScannerDriver ? d : undefined;
  }

  statuses(): DeviceStatus[] {
    return [...this.drivers.values()].map((d) => d.status);
  }

  start(): void {
    for (const d of this.drivers.values()) d.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.drivers.values()].map((d) => d.stop()));
  }
}
