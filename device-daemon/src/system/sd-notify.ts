import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * The systemd notify protocol (sd_notify(3)): datagrams of `KEY=VALUE` lines to the Unix socket named
 * in $NOTIFY_SOCKET. Node cannot send datagrams on Unix sockets, and a native addon is what we want
 * to avoid, so one long-lived `socat` child sends them: it stays in the service's cgroup, so systemd
 * (with `NotifyAccess=all`) can attribute every message, which a short-lived `systemd-notify` per
 * message cannot promise on systemd 252 (the sender may be gone before systemd looks it up).
 */
export interface Notifier {
  /** False when not started by systemd ($NOTIFY_SOCKET unset): every send is then a no-op. */
  readonly enabled: boolean;
  /** Sends one message, e.g. `{ READY: '1', STATUS: 'ready' }`. */
  send(fields: Record<string, string>): void;
  close(): Promise<void>;
}

export type SpawnSocat = (args: string[]) => ChildProcessWithoutNullStreams;

const spawnSocat: SpawnSocat = (args) => spawn('socat', args, { stdio: ['pipe', 'pipe', 'pipe'] });

/** `@name` is Linux's abstract namespace (systemd uses it for some services). */
export function socatAddress(socketPath: string): string {
  return socketPath.startsWith('@') ? `ABSTRACT-SENDTO:${socketPath.slice(1)}` : `UNIX-SENDTO:${socketPath}`;
}

/** A message's wire form; values with a newline would start a new assignment, so they are refused. */
export function encodeNotify(fields: Record<string, string>): string {
  const lines = Object.entries(fields).map(([k, v]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new TypeError(`sd_notify: bad key ${JSON.stringify(k)}`);
    if (v.includes('\n')) throw new TypeError(`sd_notify: the value of ${k} has a newline`);
    return `${k}=${v}`;
  });
  return `${lines.join('\n')}\n`;
}

export type NotifierOptions = {
  env?: NodeJS.ProcessEnv;
  spawn?: SpawnSocat;
  /** Told once if the sender cannot run (socat missing): the daemon keeps running without systemd's watchdog. */
  onError?: (message: string) => void;
};

export function systemdNotifier(options: NotifierOptions = {}): Notifier {
  const socketPath = (options.env ?? process.env).NOTIFY_SOCKET;
  if (!socketPath) return { enabled: false, send: () => {}, close: async () => {} };
  let child: ChildProcessWithoutNullStreams | undefined;
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    options.onError?.(message);
  };
  const sender = () => {
    if (child || failed) return child;
    child = (options.spawn ?? spawnSocat)(['-u', 'STDIN', socatAddress(socketPath)]);
    child.on('error', (e) =>
      fail(`sd_notify: cannot run socat (${e.message}); systemd will not hear from the daemon`),
    );
    child.on('exit', (code, signal) => {
      child = undefined;
      if (code !== 0 && signal === null) fail(`sd_notify: socat exited with ${code}`);
    });
    child.stdin.on('error', () => {});
    child.stderr.resume();
    child.stdout.resume();
    return child;
  };
  return {
    enabled: true,
    send(fields) {
      const s = sender();
      // One write is one read for socat, so one datagram (several lines in one datagram are also valid).
      s?.stdin.write(encodeNotify(fields));
    },
    async close() {
      const c = child;
      if (!c) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.stdin.end();
        setTimeout(() => c.kill('SIGTERM'), 1000).unref();
      });
    },
  };
}

/** Half of systemd's WatchdogSec (as $WATCHDOG_USEC), as sd_watchdog_enabled(3) advises; undefined if off or not ours. */
export function watchdogIntervalMs(
  env: NodeJS.ProcessEnv = process.env,
  pid = process.pid,
): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2000));
}
