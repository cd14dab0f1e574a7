import { EventEmitter } from 'node:events';
import { DEVICE_NAMES, type Clock, type DeviceName, type DeviceStatus } from '@hall-kiosk/shared';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { KioskConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { createTransport, type EmulatedTransportFactory } from '../transport/factory.ts';
import type { DeviceDriver, DeviceEvents } from './device.ts';
import { EscPosPrinterDriver } from './printer/printer-driver.ts';
import { presenterProfile } from './printer/presenter.ts';
import { SamIdCardReaderDriver } from './id-card/id-card-driver.ts';
import { CodeScannerDriver } from './scanner/scanner-driver.ts';

export type RegistryContext = {
  clock: Clock;
  log: Logger;
  serialBinding?: BindingInterface;
  /** For `emulated` connections: given by the demo and test entry only (`src/mock/`). */
  emulatedTransport?: EmulatedTransportFactory;
};

/**
 * Every configured device, each built from its parts: transport (from `connection`) → framing and
 * protocol (inside the driver) → driver. Re-emits every status change.
 */
export class DeviceRegistry extends EventEmitter<DeviceEvents> {
  readonly drivers = new Map<DeviceName, DeviceDriver>();

  constructor(devices: KioskConfig['devices'], ctx: RegistryContext) {
    super();
    for (const name of DEVICE_NAMES) {
      const cfg = devices[name];
      if (!cfg) continue;
      const isPrinter = name === 'ticketPrinter' || name === 'receiptPrinter';
      const presenterName = isPrinter ? devices[name]!.presenter.profile : 'none';
      const scannerProtocol = name === 'scanner' ? devices.scanner!.protocol : undefined;
      const transport = createTransport(
        name,
        cfg.connection,
        ctx,
        isPrinter ? { presenter: presenterName } : scannerProtocol ? { mode: scannerProtocol } : {},
        scannerProtocol === 'hidPos'
          ? { framing: 'raw', reportSize: 63, reportId: 2, inputHasReportId: true }
          : scannerProtocol === 'keyboardWedge'
            ? { framing: 'raw', reportSize: 8, reportId: 0, inputHasReportId: false }
            : {},
      );
      let driver: DeviceDriver;
      if (name === 'ticketPrinter' || name === 'receiptPrinter') {
        const printerCfg = devices[name]!;
        driver = new EscPosPrinterDriver({
          name,
          transport,
          clock: ctx.clock,
          log: ctx.log,
          statusPollMs: printerCfg.statusPollMs,
          automaticStatusBack: printerCfg.automaticStatusBack,
          presenter: presenterProfile(printerCfg.presenter.profile),
          retractAfterMs: printerCfg.presenter.retractAfterSeconds * 1000,
        });
      } else if (name === 'idCardReader') {
        const readerCfg = devices.idCardReader!;
        driver = new SamIdCardReaderDriver({
          transport,
          clock: ctx.clock,
          log: ctx.log,
          pollMs: readerCfg.pollMs,
          withFingerprint: readerCfg.withFingerprint,
        });
      } else {
        driver = new CodeScannerDriver({
          transport,
          clock: ctx.clock,
          log: ctx.log,
          protocol: devices.scanner!.protocol,
        });
      }
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
