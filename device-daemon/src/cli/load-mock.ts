import type { ResolvedConfig } from '../config/load.ts';

/** What the demo and test entry offers the CLI. */
export type MockEntry = typeof import('../mock/index.ts');

/** The emulators are not installed (a kiosk's production install leaves them out). */
export class MockEntryMissingError extends Error {
  constructor(why: string, cause: unknown) {
    super(
      `${why} needs the device emulators (@hall-kiosk/device-daemon/mock and @hall-kiosk/hardware-mocks), ` +
        `which are not installed here. Install the development dependencies (npm install), or configure ` +
        `the devices with serial, tcp or hid connections.`,
      { cause },
    );
    this.name = 'MockEntryMissingError';
  }
}

const importMockEntry = (): Promise<MockEntry> => import('@hall-kiosk/device-daemon/mock');

/**
 * Loads the demo and test entry, only when a command needs emulators (`why` says what for): the
 * production CLI never imports it otherwise, so a kiosk runs without the emulators installed.
 */
export async function loadMockEntry(
  why: string,
  load: () => Promise<MockEntry> = importMockEntry,
): Promise<MockEntry> {
  try {
    return await load();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new MockEntryMissingError(why, e);
    throw e;
  }
}

/** The devices a configuration wants emulated. */
export function emulatedDeviceNames(config: ResolvedConfig): string[] {
  return Object.entries(config.devices)
    .filter(([, device]) => 'emulated' in device.connection)
    .map(([name]) => name);
}

/** The demo and test entry when the configuration has emulated devices (or `always`), else null. */
export async function mockEntryFor(config: ResolvedConfig, always = false): Promise<MockEntry | null> {
  const emulated = emulatedDeviceNames(config);
  if (emulated.length === 0 && !always) return null;
  return loadMockEntry(
    emulated.length > 0 ? `The configuration's emulated devices (${emulated.join(', ')})` : 'The demo',
  );
}
