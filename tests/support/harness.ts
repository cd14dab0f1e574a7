import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `kiosk` command of this repository. */
export const KIOSK_BIN = fileURLToPath(new URL('../../device-daemon/bin/kiosk.js', import.meta.url));

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hall-kiosk-${prefix}-`));
}

type Spawned = { child: ChildProcess; stdout: string[]; stderr: string[] };

function spawnKiosk(args: string[], env: NodeJS.ProcessEnv = {}, logFile?: string): Spawned {
  const child = spawn(process.execPath, [KIOSK_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const out: Spawned = { child, stdout: [], stderr: [] };
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let buf = '';
    stream.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      into.push(...lines);
    });
  };
  collect(child.stdout!, out.stdout);
  collect(child.stderr!, out.stderr);
  // Like journald in production: the daemon's structured log lands in a file the privacy scan reads.
  if (logFile) child.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
  return out;
}

async function waitForLine(
  s: Spawned,
  pattern: RegExp,
  what: string,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    for (const line of s.stdout) {
      const m = pattern.exec(line);
      if (m) return m;
    }
    if (s.child.exitCode !== null) {
      throw new Error(
        `${what} exited with ${s.child.exitCode}:\n${s.stdout.join('\n')}\n${s.stderr.slice(-20).join('\n')}`,
      );
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what} did not start within ${timeoutMs} ms:\n${s.stderr.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Ends a child process: the signal, then SIGKILL if it is still there after 5 s. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export type ReceiptJson = {
  id: number;
  text: string[];
  cut: string | null;
  incomplete: boolean;
  presenter: 'waiting' | 'taken' | 'retracted' | null;
};

/** A device emulator in its own process on a socat pseudo-terminal. */
export type EmulatorProcess = {
  /** The path the daemon opens (the host end of the pty pair), or host:port for TCP. */
  hostPath: string;
  controlUrl: string;
  control(action: Record<string, unknown> & { action: string }): Promise<void>;
  receipts(): Promise<ReceiptJson[]>;
  stop(): Promise<void>;
};

export async function startEmulator(options: {
  device: 'ticketPrinter' | 'receiptPrinter' | 'idCardReader' | 'scanner';
  /** A pseudo-terminal at this path, or (`tcp: true`) a TCP port on 127.0.0.1. */
  hostPath?: string;
  tcp?: boolean;
  paperLines?: number;
  presenter?: 'custom' | 'citizen';
}): Promise<EmulatorProcess> {
  const args = [
    'emulate',
    options.device,
    ...(options.tcp ? ['--tcp', '127.0.0.1:0'] : ['--pty', options.hostPath!]),
  ];
  if (options.paperLines !== undefined) args.push('--paper-lines', String(options.paperLines));
  if (options.presenter) args.push('--presenter', options.presenter);
  const s = spawnKiosk(args);
  await waitForLine(s, /^ready$/, `emulator ${options.device}`);
  const controlUrl = (await waitForLine(s, /^control: (\S+)$/, 'emulator control'))[1]!;
  const where = (await waitForLine(s, / emulator on (pty|tcp) (\S+)$/, 'emulator address'))[2]!;
  const api = `${controlUrl}api/emulators/${options.device}`;
  return {
    hostPath: where,
    controlUrl,
    async control(action) {
      const res = await fetch(`${api}/control`, { method: 'POST', body: JSON.stringify(action) });
      if (!res.ok) throw new Error(`control ${action.action}: ${await res.text()}`);
    },
    async receipts() {
      return ((await (await fetch(`${api}/receipts`)).json()) as { receipts: ReceiptJson[] }).receipts;
    },
    stop: () => stop(s.child),
  };
}

/** The daemon in its own process, as `kiosk start --config FILE` runs it. */
export type DaemonProcess = {
  url: string;
  /** The LAN listener (counter pages and hall display), when the configuration has one. */
  lanUrl: string | null;
  dir: string;
  /** The daemon's process id (for measuring its memory). */
  pid: number;
  /** Structured log lines (stderr), parsed. */
  logs(): Record<string, unknown>[];
  health(): Promise<{
    status: string;
    devices: { device: string; state: string; connection: string; paper?: string; detail?: string }[];
  }>;
  stop(): Promise<void>;
  /** As a power cut would: no chance to clean up. */
  kill9(): Promise<void>;
  readonly exitCode: number | null;
};

export async function startDaemon(options: {
  dir: string;
  config: Record<string, unknown>;
  /** More environment for the daemon's process (e.g. what systemd would set). */
  env?: NodeJS.ProcessEnv;
  /** How long it may take to say it is ready (default 20 s; a crash matrix on a loaded machine). */
  startTimeoutMs?: number;
}): Promise<DaemonProcess> {
  const file = join(options.dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        server: { host: '127.0.0.1', port: 0 },
        dataDir: join(options.dir, 'data'),
        // Tests load the page many times: no minimum showing of the boot self-test unless a test asks.
        ui: { selfTestMinSeconds: 0 },
        ...options.config,
      },
      null,
      2,
    ),
  );
  const s = spawnKiosk(['start', '--config', file], options.env ?? {}, join(options.dir, 'daemon.log'));
  const url = (await waitForLine(s, /^Kiosk ready: (\S+)$/, 'daemon', options.startTimeoutMs))[1]!;
  const lanUrl = s.stdout
    .map((l) => /^Counter pages and hall display for the LAN: (\S+)$/.exec(l)?.[1])
    .find(Boolean);
  return {
    url,
    lanUrl: lanUrl ?? null,
    dir: options.dir,
    logs: () =>
      s.stderr.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [{ raw: l }];
        }
      }),
    async health() {
      return (await (await fetch(`${url}api/health`)).json()) as Awaited<ReturnType<DaemonProcess['health']>>;
    },
    stop: () => stop(s.child),
    kill9: () => stop(s.child, 'SIGKILL'),
    pid: s.child.pid!,
    get exitCode() {
      return s.child.exitCode;
    },
  };
}

/** Runs `kiosk ARGS…` to completion. */
export async function runKiosk(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const s = spawnKiosk(args);
  const code = await new Promise<number | null>((resolve) => s.child.once('exit', resolve));
  await new Promise((r) => setTimeout(r, 20));
  return { code, stdout: s.stdout.join('\n'), stderr: s.stderr.join('\n') };
}

/**
 * A daemon with in-process emulated printer and ID-card reader, ready (every device online). `kiosk
 * start` loads the emulators from the daemon's demo and test entry (`@hall-kiosk/device-daemon/mock`)
 * because the configuration asks for `emulated` devices; their control API is at `${url}emulator/`.
 */
export async function startEmulatedDaemon(
  prefix: string,
  /** More configuration (top-level keys), and extra emulated devices. */
  extra: { config?: Record<string, unknown>; scanner?: boolean; dir?: string; startTimeoutMs?: number } = {},
): Promise<DaemonProcess> {
  const daemon = await startDaemon({
    ...(extra.startTimeoutMs !== undefined ? { startTimeoutMs: extra.startTimeoutMs } : {}),
    dir: extra.dir ?? tempDir(prefix),
    config: {
      ...extra.config,
      devices: {
        ticketPrinter: { connection: { emulated: {} } },
        idCardReader: { connection: { emulated: {} } },
        ...(extra.scanner ? { scanner: { connection: { emulated: {} } } } : {}),
      },
    },
  });
  const started = Date.now();
  while ((await daemon.health()).status !== 'ok') {
    if (Date.now() - started > (extra.startTimeoutMs ?? 10_000))
      throw new Error('emulated devices did not come online');
    await new Promise((r) => setTimeout(r, 50));
  }
  return daemon;
}
