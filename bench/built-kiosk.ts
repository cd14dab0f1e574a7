// The production build (`npm run build`: build/hall-kiosk/device-daemon/dist/main.js) started as an
// installed kiosk starts it — `node` with the options of device-daemon/src/system/node-flags.ts — with
// its ticket printer and ID-card reader on TCP connections to emulators in the calling process. The
// daemon itself carries no emulator, no tsx and no TypeScript loader, so its memory is what a kiosk's
// is. Used by the soak (scripts/soak.ts) and the memory benchmark (bench/memory.bench.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrinterEmulator, SamReaderEmulator, TcpAttachment } from '@hall-kiosk/hardware-mocks';
import { DAEMON_NODE_FLAGS } from '../device-daemon/src/system/node-flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_MAIN = join(ROOT, 'build', 'hall-kiosk', 'device-daemon', 'dist', 'main.js');

export type BuiltKiosk = {
  url: string;
  pid: number;
  /** The daemon's data directory and log: what the privacy scan reads. */
  dir: string;
  reader: SamReaderEmulator;
  printer: PrinterEmulator;
  /** The daemon's resident set now, from /proc/PID/status, in MiB. */
  rssMiB(): number;
  /** Stops the daemon and the emulators; `keepDir` leaves the data directory for a scan. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
};

export function requireBuild(): void {
  if (!existsSync(BUILT_MAIN))
    throw new Error('no production build: run `npm run build` first (npm run bench and npm run soak do)');
}

export function rssMiBOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function health(url: string): Promise<{ status: string } | null> {
  try {
    const res = await fetch(`${url}api/health`);
    return (await res.json()) as { status: string };
  } catch {
    return null;
  }
}

export async function startBuiltKiosk(
  prefix: string,
  options: {
    /** More configuration (top-level keys). */
    config?: Record<string, unknown>;
    /** More Node options (e.g. --heapsnapshot-signal=SIGUSR2 to look inside). */
    nodeFlags?: readonly string[];
  } = {},
): Promise<BuiltKiosk> {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), `hall-kiosk-${prefix}-`));
  const reader = new SamReaderEmulator();
  const printer = new PrinterEmulator();
  const attachments = [new TcpAttachment(reader, '127.0.0.1', 0), new TcpAttachment(printer, '127.0.0.1', 0)];
  for (const a of attachments) await a.open();
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      dataDir: join(dir, 'data'),
      ui: { selfTestMinSeconds: 0 },
      // The soak reuses two sample cards for its priority tickets.
      queue: { maxTicketsPerIdentity: 0 },
      ...options.config,
      devices: {
        idCardReader: { connection: { tcp: `127.0.0.1:${attachments[0]!.port}` } },
        ticketPrinter: { connection: { tcp: `127.0.0.1:${attachments[1]!.port}` } },
      },
    }),
  );
  const logFile = join(dir, 'daemon.log');
  const child = spawn(
    process.execPath,
    [...DAEMON_NODE_FLAGS, ...(options.nodeFlags ?? []), BUILT_MAIN, 'start', '--config', file],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
    },
  );
  // Like journald on a kiosk: the structured log lands in a file the privacy scan reads.
  const log: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => log.push(d));
  const stopAll = async (keepDir: boolean) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    for (const a of attachments) await a.close();
    writeFileSync(logFile, Buffer.concat(log));
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Kiosk ready: (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) =>
        reject(new Error(`daemon exited with ${code}: ${Buffer.concat(log).toString().slice(-2000)}`)),
      );
    });
    const started = Date.now();
    while ((await health(url))?.status !== 'ok') {
      if (Date.now() - started > 10_000) throw new Error('the emulated devices did not come online');
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      url,
      pid: child.pid!,
      dir,
      reader,
      printer,
      rssMiB: () => rssMiBOf(child.pid!),
      stop: (options = {}) => stopAll(options.keepDir ?? false),
    };
  } catch (e) {
    await stopAll(false);
    throw e;
  }
}
