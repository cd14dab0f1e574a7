import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_KIOSK_FLAGS } from '../../device-daemon/src/system/systemd-units.ts';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';

/**
 * Chromium started with exactly the flags of hall-kiosk-browser.service (plus what headless needs:
 * --headless, a profile directory, a DevTools port, and --no-sandbox as root), not through
 * Playwright's launcher, whose own default flags would change what is tested.
 */
const HEADLESS_ONLY = [
  '--headless',
  '--remote-debugging-port=0',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/**
 * Every Chromium started here, with Playwright's connection once it is attached: closed and killed
 * after the tests, whatever happened to it (one whose attach failed has no connection).
 */
const started: { child: ChildProcess; browser?: Browser }[] = [];

/**
 * Chromium with `flags`, showing `url`. It starts on a blank page and is sent to `url` once
 * Playwright is attached: attaching to a page that is still loading waited, about one time in six on
 * this host, for a frame that never came (Playwright asks a page it attaches to for its viewport in an
 * animation frame), with the kiosk page of before session 6 as well.
 */
async function startKioskBrowser(flags: string[], url: string): Promise<Page> {
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [...flags, ...HEADLESS_ONLY, `--user-data-dir=${tempDir('kiosk-browser')}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const entry: (typeof started)[number] = { child };
  started.push(entry);
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`chromium exited with ${code}: ${err.slice(-1000)}`)));
  });
  entry.browser = await chromium.connectOverCDP(ws);
  const page = entry.browser.contexts()[0]!.pages()[0]!;
  await page.goto(url);
  return page;
}

/** A two-finger pinch on the kiosk glass (as a touchpad-style pinch: headless Chromium synthesises that one). */
async function pinch(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 1080,
    height: 1920,
    deviceScaleFactor: 1,
    mobile: true,
  });
  await cdp.send('Input.synthesizePinchGesture', { x: 540, y: 900, scaleFactor: 3 });
  await page.waitForTimeout(300);
  return page.evaluate(() => window.visualViewport?.scale ?? 1);
}

test.describe('the locked-down kiosk browser', () => {
  let daemon: DaemonProcess;

  test.beforeAll(async () => {
    daemon = await startDaemon({ dir: tempDir('browser'), config: { devices: {} } });
  });
  test.afterAll(async () => {
    for (const { browser, child } of started) {
      await browser?.close().catch(() => {});
      child.kill('SIGKILL');
    }
    await daemon?.stop();
  });

  test("with the unit's flags the kiosk page loads and cannot be pinch-zoomed", async () => {
    const flags = CHROMIUM_KIOSK_FLAGS.map(([f]) => f);
    const kiosk = await startKioskBrowser(flags, daemon.url);
    await expect(kiosk.locator('[data-screen]').first()).toHaveAttribute('data-screen', 'attract', {
      timeout: 15_000,
    });
    expect(await pinch(kiosk)).toBe(1);
    expect(kiosk.url()).toBe(daemon.url);
  });

  test('without --disable-pinch the same pinch zooms the page (so the check above can fail)', async () => {
    const flags = CHROMIUM_KIOSK_FLAGS.map(([f]) => f).filter((f) => f !== '--disable-pinch');
    const control = await startKioskBrowser(flags, daemon.url);
    await expect(control.locator('[data-screen]').first()).toHaveAttribute('data-screen', 'attract', {
      timeout: 15_000,
    });
    expect(await pinch(control)).toBeGreaterThan(1.5);
  });
});
