import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_BOOT_ID, parseKioskBoot } from '@hall-kiosk/shared';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/log.ts';
import { startDaemon } from '../src/app/start-daemon.ts';
import { EmulatedDevices } from '../src/mock/index.ts';
import { serveStatic } from '../src/api/http.ts';
import { createCommandHandlers } from '../src/api/commands.ts';

const KIOSK_INFO = {
  hallName: { zh: '测试中心', en: 'Test Centre' },
  timeZone: 'Asia/Shanghai',
  zoneOffsetMinutes: 480,
  version: 'test',
  priorityAge: 60,
  idCardReader: false,
  hours: null,
  callOrder: { zh: '按规则叫号。', en: 'Called by the rule.' },
  disabilityPriority: false,
  ticketIdentify: 'never' as const,
  ticketPolicy: null,
  appointments: false,
  scanner: false,
  whenTicketPrinterDown: 'pause' as const,
  selfTestMinMs: 0,
};

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
    // A hall name that tries to end the element and run a script of its own, and String.replace's
    // own patterns ($` pastes what comes before, $' what comes after, $$ is one $).
    const evil = "</script><script>alert(1)</script> & <!-- \u2028 $` $' $& $$";
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

  it('is served as built when the boot data cannot be had', async () => {
    const ui = builtUi();
    let failing = true;
    const server = createServer((req, res) => {
      void serveStatic(ui, req, res, async () => {
        if (failing) throw new Error('the hall configuration is being reloaded');
        return { info: KIOSK_INFO, devices: [] };
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(bootText(html)).toBeNull();
      expect(html).toContain('<div id="app"></div>');
      failing = false;
      expect(parseKioskBoot(bootText(await (await fetch(url)).text()))?.info).toEqual(KIOSK_INFO);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("does not check out for the page's check unless it is whole and well-formed", () => {
    expect(parseKioskBoot(undefined)).toBeNull();
    expect(parseKioskBoot('')).toBeNull();
    expect(parseKioskBoot('{')).toBeNull();
    expect(parseKioskBoot('null')).toBeNull();
    expect(parseKioskBoot('{"info":{},"devices":[]}')).toBeNull();
    expect(parseKioskBoot('{"devices":[]}')).toBeNull();
  });
});

describe("the hall's time zone's offset, as the daemon gives it", () => {
  it('is worked out at each answer, at the hall’s time, so a change of clocks reaches the page', async () => {
    let now = Date.parse('2026-03-08T06:59:00Z'); // 01:59 in New York, a minute before clocks go forward
    let hallAhead: number | null = null;
    const handlers = createCommandHandlers({
      info: { ...KIOSK_INFO, timeZone: 'America/New_York' },
      now: () => now,
      hallClockOffset: () => hallAhead,
    } as unknown as Parameters<typeof createCommandHandlers>[0]);
    const none = { emit: () => undefined };
    expect((await handlers['Kiosk.Clock']({}, none)).zoneOffsetMinutes).toBe(-300);
    expect((await handlers['Kiosk.Info']({}, none)).zoneOffsetMinutes).toBe(-300);
    // This machine's clock two minutes behind the hall's: the hall is already past 03:00 EDT.
    hallAhead = 2 * 60_000;
    expect((await handlers['Kiosk.Clock']({}, none)).zoneOffsetMinutes).toBe(-240);
    hallAhead = null;
    now += 60 * 60_000;
    expect((await handlers['Kiosk.Clock']({}, none)).zoneOffsetMinutes).toBe(-240);
    expect((await handlers['Kiosk.Info']({}, none)).zoneOffsetMinutes).toBe(-240);
  });
});
