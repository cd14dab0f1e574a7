import type { Emulator, EmulatorOptions } from './framework/emulator.ts';
import { SamReaderEmulator, type SamReaderOptions } from './id-card/sam-reader-emulator.ts';
import { PrinterEmulator, type PrinterEmulatorOptions } from './printer/printer-emulator.ts';
import { ScannerEmulator, type ScannerEmulatorOptions } from './scanner/scanner-emulator.ts';

type Options = EmulatorOptions & Record<string, unknown>;

/**
 * Which emulator stands in for each configured device name, one row each: its kind (as the emulator
 * calls itself) and how it is made. A new device kind adds its row here.
 */
const CATALOGUE = {
  idCardReader: {
    kind: 'samIdCardReader',
    create: (o: Options) => new SamReaderEmulator(o as SamReaderOptions),
  },
  ticketPrinter: {
    kind: 'escposPrinter',
    create: (o: Options) => new PrinterEmulator(o as PrinterEmulatorOptions),
  },
  receiptPrinter: {
    kind: 'escposPrinter',
    create: (o: Options) => new PrinterEmulator(o as PrinterEmulatorOptions),
  },
  scanner: { kind: 'codeScanner', create: (o: Options) => new ScannerEmulator(o as ScannerEmulatorOptions) },
} as const;

export type EmulatorKind = keyof typeof CATALOGUE;

/** Which emulator kind stands in for each configured device name. */
export const EMULATOR_KINDS = Object.fromEntries(
  Object.entries(CATALOGUE).map(([device, row]) => [device, row.kind]),
) as { readonly [D in EmulatorKind]: (typeof CATALOGUE)[D]['kind'] };

export function createEmulator(device: string, options: Options = {}): Emulator {
  if (!Object.hasOwn(CATALOGUE, device))
    throw new Error(
      `no emulator for device ${device} yet (available: ${Object.keys(EMULATOR_KINDS).join(', ')})`,
    );
  return CATALOGUE[device as EmulatorKind].create(options);
}
