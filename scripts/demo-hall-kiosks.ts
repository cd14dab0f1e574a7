// The demo hall's kiosks: each registered on the hall like a real one, enrolled with `kiosk enrol`
// (its one-time code and the hall CA's fingerprint), then started with `kiosk start` in hall mode on
// the demo's configuration (emulated printers, card reader and scanner).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hall-kiosk/device-daemon';
import { CONFIG_DIR } from '../device-daemon/src/paths.ts';
import { runKiosk, startDaemon, type DaemonProcess } from '../tests/support/harness.ts';
import type { RunningHall } from '../hall-server/src/hall.ts';
import { fingerprint } from '../hall-server/src/tls.ts';

type DemoConfig = Record<string, unknown> & {
  areas: { id: string; prefix: string; name: { zh: string; en: string } }[];
};

/** The demo kiosk's configuration (device-daemon/config/demo.json) as a plain object. */
export function demoKioskConfig(): DemoConfig {
  return JSON.parse(readFileSync(join(CONFIG_DIR, 'demo.json'), 'utf8')) as DemoConfig;
}

/**
 * The seed hall's 190 windows over the demo's nine areas: windows 1–13 are comprehensive (无差别受理,
 * every area), the other 177 are spread over the areas in turn.
 */
export function demoWindows(areaIds: string[]): { id: string; name: string; areaIds: string[] }[] {
  return Array.from({ length: 190 }, (_, i) => {
    const n = i + 1;
    const id = `w${String(n).padStart(3, '0')}`;
    return n <= 13
      ? { id, name: `${n}号综合窗口`, areaIds }
      : { id, name: `${n}号窗口`, areaIds: [areaIds[(n - 14) % areaIds.length]!] };
  });
}

export async function startDemoKiosks(o: {
  hall: RunningHall;
  dir: string;
  caCert: string;
  log: Logger;
  count?: number;
  firstPort?: number;
}): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const base = demoKioskConfig();
  const { $schema: _s, staff: _st, appointments: _a, dataDir: _d, server: _sv, ...rest } = base;
  const fp = fingerprint(o.caCert);
  const daemons: DaemonProcess[] = [];
  const lines: string[] = [];
  try {
    for (let i = 1; i <= (o.count ?? 2); i++) {
      const id = `kiosk-${i}`;
      const { code } = await o.hall.services.devices.register(
        { id, kind: 'kiosk', location: i === 1 ? '一楼大厅入口' : '24小时自助区' },
        { staffId: 1, actor: 'staff#9001', source: 'demo' },
      );
      const credentialFile = join(o.dir, `${id}-credential.json`);
      const enrol = await runKiosk(['enrol', o.hall.url, code, '--fingerprint', fp, '--out', credentialFile]);
      if (enrol.code !== 0) throw new Error(`kiosk enrol ${id}: ${enrol.stderr}`);
      const kioskDir = join(o.dir, id);
      mkdirSync(kioskDir, { recursive: true });
      const daemon = await startDaemon({
        dir: kioskDir,
        config: {
          ...rest,
          server: { host: '127.0.0.1', port: (o.firstPort ?? 8081) + i - 1 },
          ui: { selfTestMinSeconds: 1 },
          queue: { ...(base['queue'] as object), mode: 'hall' },
          hall: { ...(base['hall'] as object), server: { url: o.hall.url, credentialFile } },
        },
      });
      daemons.push(daemon);
      lines.push(
        `kiosk ${i} (${id})${' '.repeat(Math.max(1, 9 - id.length))}${daemon.url}   emulated devices: ${daemon.url}emulator`,
      );
    }
  } catch (e) {
    for (const d of daemons) await d.stop();
    throw e;
  }
  writeFileSync(join(o.dir, 'kiosks.txt'), lines.join('\n'));
  return {
    lines,
    async stop() {
      for (const d of daemons) await d.stop();
    },
  };
}
