import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stop } from './harness.ts';

// Device emulators as separate processes (`kiosk emulate DEVICE --pty PATH`), each on a socat
// pseudo-terminal the daemon opens with the native serialport binding, as it would /dev/ttyUSB0.
// Killing the daemon (even with SIGKILL) leaves them running; they are driven only through their
// control API over HTTP.

const KIOSK = fileURLToPath(new URL('../../device-daemon/bin/kiosk.js', import.meta.url));

export type PtyDevice = 'ticketPrinter' | 'receiptPrinter' | 'idCardReader' | 'scanner';

export type PrintedReceipt = { id: number; text: string[]; incomplete: boolean; cut: string | null };

export type PtyEmulator = {
  device: PtyDevice;
  /** The host end of the pty pair: the path the daemon's `serial` connection opens. */
  path: string;
  /** The process id of `kiosk emulate` (not of socat). */
  pid: number;
  /** Sends a control action; throws with the emulator's answer if it is refused. */
  control(action: { action: string } & Record<string, unknown>): Promise<void>;
  /** The emulator's own view of itself (plugged, replyDelayMs, noReply, device state). */
  state(): Promise<Record<string, unknown>>;
  /** Printers: every receipt printed since the process started. */
  receipts(): Promise<PrintedReceipt[]>;
  /** Ends the process (SIGTERM; SIGKILL after 5 s); socat goes with it and the path disappears. */
  stop(): Promise<void>;
};

/**
 * Polls `probe` until it returns something other than `undefined`, and returns that. Gives up by
 * throwing, naming what it waited for and the last value seen, never by carrying on silently.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  {
    timeoutMs = 15_000,
    everyMs = 25,
    last,
  }: { timeoutMs?: number; everyMs?: number; last?: () => unknown } = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) {
      const seen = last ? `; last seen: ${JSON.stringify(await last())}` : '';
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function linesOf(child: ChildProcess): string[] {
  const lines: string[] = [];
  let buf = '';
  const take = (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return lines;
}

/** Starts `kiosk emulate DEVICE --pty PATH` and resolves once it prints `ready`. */
export async function startPtyEmulator(
  device: PtyDevice,
  path: string,
  options: { baud?: number; paperLines?: number } = {},
): Promise<PtyEmulator> {
  const args = [KIOSK, 'emulate', device, '--pty', path];
  if (options.baud !== undefined) args.push('--baud', String(options.baud));
  if (options.paperLines !== undefined) args.push('--paper-lines', String(options.paperLines));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = linesOf(child);
  await waitUntil(
    `the ${device} emulator on ${path} to print "ready"`,
    () => {
      if (child.exitCode !== null) throw new Error(`kiosk emulate ${device} exited: ${lines.join('\n')}`);
      return lines.includes('ready') ? true : undefined;
    },
    { timeoutMs: 30_000, last: () => lines.slice(-5) },
  );
  const control = /^control: (\S+)$/.exec(lines.find((l) => l.startsWith('control: ')) ?? '')?.[1];
  if (!control) throw new Error(`kiosk emulate ${device} printed no control address: ${lines.join('\n')}`);
  const api = `${control}api/emulators/${device}`;
  return {
    device,
    path,
    pid: child.pid!,
    async control(action) {
      const res = await fetch(`${api}/control`, { method: 'POST', body: JSON.stringify(action) });
      if (!res.ok) throw new Error(`${device} control ${action.action}: ${res.status} ${await res.text()}`);
    },
    async state() {
      const all = (await (await fetch(`${control}api/emulators`)).json()) as {
        emulators: { name: string; state: Record<string, unknown> }[];
      };
      const mine = all.emulators.find((e) => e.name === device);
      if (!mine) throw new Error(`the control API lists no ${device}`);
      return mine.state;
    },
    async receipts() {
      const res = await fetch(`${api}/receipts`);
      if (!res.ok) throw new Error(`${device} receipts: ${res.status}`);
      return ((await res.json()) as { receipts: PrintedReceipt[] }).receipts;
    },
    stop: () => stop(child),
  };
}
