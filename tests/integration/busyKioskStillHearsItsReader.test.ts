import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '@hall-kiosk/shared';
import {
  SamIdCardReaderDriver,
  type ReadFailureReason,
} from '../../device-daemon/src/devices/id-card/id-card-driver.ts';
import { silentLogger } from '../../device-daemon/src/log.ts';
import { createTransport } from '../../device-daemon/src/transport/factory.ts';
import { startEmulator, tempDir, type EmulatorProcess } from '../support/harness.ts';

/** Keeps this process's event loop busy, as a long synchronous job or a starved CPU would. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // nothing: the loop cannot read the serial line or run timers meanwhile
  }
}

// A loaded kiosk must not blame its reader for the daemon's own slowness. The reader emulator runs in
// its own process on a pseudo-terminal, the driver opens it with the native binding (as the daemon builds it) and the default
// reply time-outs (select 300 ms). Right after the driver sends "select card", this process is kept
// busy for longer than that time-out while the emulator answers at once: the answer is waiting on the
// line when the loop comes back. Node runs due timers before it reads I/O, so a time-out that fires
// then must not count — the reader did answer in time. The stall is long (2 s, nearly seven time-outs)
// so that the emulator's process, on a machine as loaded as CI's, has answered before it ends.
describe('a kiosk whose event loop stalls still hears its card reader', () => {
  let dir: string;
  let reader: EmulatorProcess;
  let driver: SamIdCardReaderDriver;

  beforeAll(async () => {
    dir = tempDir('busy-reader');
    reader = await startEmulator({ device: 'idCardReader', hostPath: join(dir, 'ttyIdCard') });
    driver = new SamIdCardReaderDriver({
      transport: createTransport(
        'idCardReader',
        { serial: reader.hostPath, baudRate: 115200 },
        { clock: systemClock },
      ),
      clock: systemClock,
      log: silentLogger,
    });
    driver.start();
    await vi.waitFor(() => expect(driver.status.state).toBe('online'), { timeout: 10_000 });
  });
  afterAll(async () => {
    await driver?.stop();
    await reader?.stop();
  });

  it('reads the card although the loop was busy 2 s while the reader answered its select', async () => {
    const failures: ReadFailureReason[] = [];
    driver.on('readFailed', (f) => failures.push(f.reason));
    // The select command is written in the same turn as readStarted; stall the next turn.
    driver.once('readStarted', () => setImmediate(() => busyFor(2000)));
    const read = new Promise<string>((resolve) =>
      driver.once('identityRead', (r) => resolve(r.identity.documentType)),
    );
    const disarm = driver.arm();
    await reader.control({ action: 'placeCard', card: 'foreignResident' });
    try {
      expect(
        await Promise.race([
          read,
          new Promise((r) => setTimeout(() => r(`failed: ${failures.join(', ')}`), 8_000)),
        ]),
      ).toBe('foreignPermanentResident');
    } finally {
      disarm();
      await reader.control({ action: 'removeCard' });
    }
    expect(failures).toEqual([]);
    expect(driver.status.state).toBe('online');
  });
});
