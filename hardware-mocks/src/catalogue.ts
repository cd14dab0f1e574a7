import type { Emulator, EmulatorOptions } from './framework/emulator.ts';
import { SamReaderEmulator, type SamReaderOptions } from './id-card/sam-reader-emulator.ts';
import { PrinterEmulator, type PrinterEmulatorOptions } from './printer/printer-emulator.ts';
import { ScannerEmulator, type ScannerEmulatorOptions } from './scanner/scanner-emulator.ts';

/** Which emulator stands in for each configured device name. */
export const EMULATOR_KINDS = {
  idCardReader: 'samIdCardReader',
  ticketPrinter: 'escposPrinter',
  receiptPrinter: 'escposPrinter',
  scanner: 'codeScanner',
} as const;
export type EmulatorKind = keyof typeof EMULATOR_KINDS;

export function createEmulator(
  device: string,
  options: EmulatorOptions & Record<string, unknown> = {},
): Emulator {
  switch (device) {
    case 'ticketPrinter':
    case 'receiptPrinter':
      return new PrinterEmulator(options as PrinterEmulatorOptions);
    case 'idCardReader':
      return new SamReaderEmulator(options as SamReaderOptions);
    case 'scanner':
      return new ScannerEmulator(options as ScannerEmulatorOptions);
    default:
      throw new Error(
        `no emulator for device ${device} yet (available: ${Object.keys(EMULATOR_KINDS).join(', ')})`,
      );
  }
}
