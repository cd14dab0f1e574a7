import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EmulatorBinding, SamReaderEmulator } from '@hall-kiosk/hardware-mocks';
import { systemClock } from '@hall-kiosk/shared';
import { parseConfig, silentLogger, startDaemon, type RunningDaemon } from '@hall-kiosk/device-daemon';
import { EmulatedDevices } from '@hall-kiosk/device-daemon/mock';
import { ARMED_POLL_MS, SamIdCardReaderDriver } from '../device-daemon/src/devices/id-card/id-card-driver.ts';
import { SerialTransport } from '../device-daemon/src/transport/serial.ts';
import { launchChromium, type Benchmark } from './harness.ts';

const BAUD = 115200;
/** Bytes on the wire for one read: find (10 + 15), select (10 + 19), read text+photo (10 + 1295). */
const READ_BYTES = 10 + 15 + 10 + 19 + 10 + 1295;
const limit = { value: (READ_BYTES * 10 * 1000) / BAUD, what: `${READ_BYTES} B at ${BAUD} baud` };
const POLL_MS = 250;

/** Card placed on the emulator → identityRead in the daemon's driver, polling every 250 ms. */
export function cardToIdentity(): Benchmark {
  let emulator: SamReaderEmulator;
  let driver: SamIdCardReaderDriver;
  return {
    name: `id card: placed → identity in the daemon (armed poll ${ARMED_POLL_MS} ms)`,
    unit: 'ms',
    better: 'lower',
    runs: 15,
    limit,
    async setup() {
      emulator = new SamReaderEmulator({ baudRate: BAUD });
      const binding = new EmulatorBinding();
      binding.attach('/dev/ttyBENCH', emulator);
      driver = new SamIdCardReaderDriver({
        transport: new SerialTransport('/dev/ttyBENCH', BAUD, binding),
        clock: systemClock,
        log: silentLogger,
        pollMs: POLL_MS,
      });
      driver.start();
      while (driver.status.state !== 'online') await new Promise((r) => setTimeout(r, 10));
      driver.arm();
    },
    async measure() {
      emulator.removeCard();
      // Let the driver notice the removal, then place the card at a random point of the poll cycle.
      await new Promise((r) => setTimeout(r, POLL_MS * 2 + Math.random() * POLL_MS));
      const t0 = performance.now();
      const done = new Promise<number>((resolve) =>
        driver.once('identityRead', () => resolve(performance.now() - t0)),
      );
      emulator.placeCard('elderResident');
      return done;
    },
    async teardown() {
      await driver.stop();
    },
  };
}

/** Card placed → masked name painted in Chromium, through the whole stack. */
export function cardToPaint(): Benchmark {
  let daemon: RunningDaemon;
  let browser: Browser;
  let page: Page;
  let reader: SamReaderEmulator;
  return {
    name: `id card: placed → masked name painted in Chromium (armed poll ${ARMED_POLL_MS} ms)`,
    unit: 'ms',
    better: 'lower',
    runs: 9,
    limit,
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'bench-id-'));
      const config = parseConfig(
        {
          server: { port: 0 },
          dataDir: dir,
          ui: { selfTestMinSeconds: 0 },
          devices: {
            idCardReader: { connection: { emulated: { baudRate: BAUD } }, pollMs: POLL_MS },
            ticketPrinter: { connection: { emulated: { baudRate: BAUD } } },
          },
        },
        'bench',
        dir,
      );
      const emulation = new EmulatedDevices();
      daemon = await startDaemon(config, { log: silentLogger, emulation });
      reader = emulation.get('idCardReader') as SamReaderEmulator;
      browser = await launchChromium();
      page = await browser.newPage();
    },
    async measure() {
      reader.removeCard();
      await page.goto(daemon.url);
      await page.getByTestId('start').click();
      await page.getByTestId('home-take-ticket').click();
      await page.getByTestId('area-tax').click();
      await page.getByTestId('priority-yes').click();
      await page.getByTestId('identify-place').waitFor();
      // Record, inside the page, when the masked name is first painted.
      await page.evaluate(() => {
        const w = window as unknown as { __painted?: Promise<number> };
        w.__painted = new Promise((resolve) => {
          const obs = new MutationObserver(() => {
            if (document.querySelector('[data-testid="masked-name"]')) {
              obs.disconnect();
              requestAnimationFrame(() => resolve(Date.now()));
            }
          });
          obs.observe(document.body, { childList: true, subtree: true });
        });
      });
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const placedAt = Date.now();
      reader.placeCard('elderResident');
      const paintedAt = await page.evaluate(
        () => (window as unknown as { __painted: Promise<number> }).__painted,
      );
      await page.evaluate(() => fetch('/api/health'));
      return paintedAt - placedAt;
    },
    async teardown() {
      await browser.close();
      await daemon.close();
    },
  };
}
