import { defineKind } from '../kind.ts';
import { CodeScannerDriver } from './scanner-driver.ts';

/** 2D code scanners: HID POS reports or a boot-keyboard wedge (docs/devices/scanner.md). */
export const codeScannerKind = defineKind({
  kind: 'codeScanner',
  devices: ['scanner'],
  emulatorOptions: (config) => ({ mode: config.protocol }),
  // HID POS: 63-byte bodies behind report id 2; a wedge: 8-byte boot reports without an id.
  hidDefaults: (config) =>
    config.protocol === 'hidPos'
      ? { framing: 'raw', reportSize: 63, reportId: 2, inputHasReportId: true }
      : { framing: 'raw', reportSize: 8, reportId: 0, inputHasReportId: false },
  build: (_device, config, { transport, clock, log }) =>
    new CodeScannerDriver({ transport, clock, log, protocol: config.protocol }),
});
