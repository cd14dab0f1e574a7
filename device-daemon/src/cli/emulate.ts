import { loadMockEntry } from './load-mock.ts';

/** `kiosk emulate DEVICE …`: a device emulator in its own process (the emulators' own command). */
export async function emulateCommand(argv: string[]): Promise<number> {
  const mock = await loadMockEntry('kiosk emulate');
  return mock.runEmulate(argv);
}
