// Daemon start → ready: from spawning the process to its "Kiosk ready" line and /api/health
// answering, for the development start (bin/kiosk.js through tsx) and the production build
// (`npm run build`: node device-daemon/dist/main.js with the Node options of device-daemon/src/system/node-flags.ts,
// what an installed kiosk runs), with the same
// configuration (no devices, a fresh data directory each run). Also the built daemon's resident
// memory once ready.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness.ts';
import { DAEMON_NODE_FLAGS } from '../device-daemon/src/system/node-flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEV_BIN = join(ROOT, 'device-daemon', 'bin', 'kiosk.js');
const BUILT_MAIN = join(ROOT, 'build', 'hall-kiosk', 'device-daemon', 'dist', 'main.js');

type Started = { readyMs: number; rssMiB: number };

async function startOnce(entry: string, nodeFlags: readonly string[] = []): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, dataDir: join(dir, 'data'), devices: {} }));
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, entry, 'start', '--config', config], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Kiosk ready: (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`daemon exited with ${code}`)));
    });
    for (;;) {
      const r = await fetch(`${url}api/health`).catch(() => null);
      if (r?.ok) break;
    }
    const readyMs = performance.now() - t0;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { readyMs, rssMiB: rssKiB / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

function requireBuild(): void {
  if (!existsSync(BUILT_MAIN))
    throw new Error('no production build: run `npm run build` first (npm run bench does)');
}

export const devStartToReady: Benchmark = {
  name: 'daemon start → ready, development (tsx)',
  unit: 'ms',
  better: 'lower',
  runs: 5,
  measure: async () => (await startOnce(DEV_BIN)).readyMs,
};

export const builtStartToReady: Benchmark = {
  name: 'daemon start → ready, production build',
  unit: 'ms',
  better: 'lower',
  runs: 5,
  measure: async () => {
    requireBuild();
    return (await startOnce(BUILT_MAIN, DAEMON_NODE_FLAGS)).readyMs;
  },
};

export const builtRssAtStart: Benchmark = {
  name: 'daemon resident memory once ready, production build',
  unit: 'MiB',
  better: 'lower',
  runs: 3,
  measure: async () => {
    requireBuild();
    return (await startOnce(BUILT_MAIN, DAEMON_NODE_FLAGS)).rssMiB;
  },
};
