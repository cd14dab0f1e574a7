import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_BOOT_ID, parseKioskBoot } from '@hall-kiosk/shared';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/log.ts';
import { startDaemon } from '../src/app/start-daemon.ts';
import { EmulatedDevices } from '../src/mock/index.ts';

/** A built UI of one page, as vite writes it. */
function builtUi(): string {
  const ui = mkdtempSync(join(tmpdir(), 'boot-ui-'));
  mkdirSync(join(ui, 'assets'));
  writeFileSync(
    join(ui, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/kiosk.js"></script></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(join(ui, 'assets', 'kiosk.js'), 'export {};');
  return ui;
}

/** The boot element's text, read as a browser's parser would: up to the first `</script`. */
function bootText(html: string): string | null {
  const open = `<script type="application/json" id="${KIOSK_BOOT_ID}">`;
  const at = html.indexOf(open);
  if (at < 0) return null;
  return html.slice(at + open.length, html.indexOf('</script', at + open.length));
}

describe('the kiosk page as the daemon serves it', () => {
  it("carries Kiosk.Info and the devices' states of the moment, which the page's check accepts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boot-'));
    // A hall name that tries to end the element and run a script of its own.
    const evil = '</script><script>alert(1)</script> & <!-- \u2028';
    const config = parseConfig(
      {
        server: { port: 0 },
        dataDir: dir,
        hall: { name: { zh: `测试${evil}`, en: `Test${evil}` } },
        devices: { ticketPrinter: { connection: { emulated: {} } } },
      },
      'test',
      dir,
    );
    const daemon = await startDaemon(config, {
      log: silentLogger,
      uiDir: builtUi(),
      emulation: new EmulatedDevices(),
    });
    try {
      for (const path of ['', 'index.html', 'some/route']) {
        const res = await fetch(`${daemon.url}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
        const html = await res.text();
        expect(html.match(/<script/g)).toHaveLength(2); // the page's module and the boot data
        const boot = parseKioskBoot(bootText(html));
        expect(boot?.info.hallName.en).toBe(`Test${evil}`);
        expect(boot?.info.zoneOffsetMinutes).toBe(480);
        expect(boot?.devices.map((d) => d.device)).toEqual(['ticketPrinter']);
      }
      // Other files are served as they are.
      expect(await (await fetch(`${daemon.url}assets/kiosk.js`)).text()).toBe('export {};');
    } finally {
      await daemon.close();
    }
  });

  it('is refused by the page when it does not check out, and the page then asks the daemon', () => {
    expect(parseKioskBoot(undefined)).toBeNull();
    expect(parseKioskBoot('')).toBeNull();
    expect(parseKioskBoot('{')).toBeNull();
    expect(parseKioskBoot('null')).toBeNull();
    expect(parseKioskBoot('{"info":{},"devices":[]}')).toBeNull();
    expect(parseKioskBoot('{"devices":[]}')).toBeNull();
  });
});
