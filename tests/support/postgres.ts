// A throw-away PostgreSQL cluster for tests: Debian's `postgresql` binaries, `initdb` in a temporary
// directory, `pg_ctl` on a private socket directory and a free loopback port, stopped and removed after.
// initdb refuses to run as root, so as root the directory is handed to the `postgres` user and every
// server command runs through `runuser -u postgres`. Also a streaming replica (`pg_basebackup -R`) and
// its promotion, for failover tests.
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Connection settings for `pg` (`new Pool(cluster.connection)`), over the private Unix socket. */
export type PgConnection = { host: string; port: number; user: string; database: string };

export type PgCluster = {
  dataDir: string;
  /** Directory holding the Unix socket (also the `host` to connect to). */
  socketDir: string;
  port: number;
  connection: PgConnection;
  /** Stops the server (fast shutdown) and removes its directories. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data: `immediate` is a crash (no checkpoint, every connection cut,
   * recovery from the WAL at the next start), `fast` a clean shutdown. `resume()` starts it again on
   * the same port and socket with the same settings.
   */
  halt(mode?: 'immediate' | 'fast'): Promise<void>;
  resume(): Promise<void>;
};

export type PgReplica = PgCluster & {
  /** Turns the standby into a primary that accepts writes; resolves once it does. */
  promote(): Promise<void>;
};

export type StartOptions = {
  /** `max_connections` of the server (default 100; a 190-counter harness needs more). */
  maxConnections?: number;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
};

const USER = 'kiosk';
const DATABASE = 'postgres';

/** The directory of the newest installed PostgreSQL's server binaries, or null when none is installed. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as the `postgres` user when we are root. */
async function pgRun(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const dir = postgresBinDir();
  if (!dir) throw new Error('PostgreSQL is not installed (run scripts/ensure-system-deps.sh)');
  const [cmd, argv] = asRoot()
    ? ['runuser', ['-u', 'postgres', '--', join(dir, bin), ...args]]
    : [join(dir, bin), args];
  // cwd: the postgres user cannot always enter the caller's working directory.
  const { stdout } = await run(cmd, argv, { timeout: timeoutMs, cwd: tmpdir() });
  return stdout;
}

function handOver(dir: string): void {
  if (!asRoot()) return;
  const { uid, gid } = postgresIds();
  chownSync(dir, uid, gid);
}

let ids: { uid: number; gid: number } | null = null;
function postgresIds(): { uid: number; gid: number } {
  if (ids) return ids;
  const line = execFileSyncText('getent', ['passwd', 'postgres']);
  const [, , uid, gid] = line.split(':');
  if (uid === undefined || gid === undefined) throw new Error('no postgres user on this machine');
  ids = { uid: Number(uid), gid: Number(gid) };
  return ids;
}

function execFileSyncText(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
}

/** The first port the kernel gives outgoing connections (Linux's ip_local_port_range; 32768 if unread). */
function ephemeralFrom(): number {
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    return Number.isInteger(first) && first > 2048 ? first : 32768;
  } catch {
    return 32768;
  }
}

/** Ports this process has handed out: never twice, so two servers of one test file do not meet. */
const handedOut = new Set<number>();

/** Whether nothing listens on (or holds) 127.0.0.1:port right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A loopback TCP port nobody listens on right now (the server still gets a private socket directory),
 * chosen below the kernel's range for outgoing connections. Tests stop servers and start them again on
 * the same port (PostgreSQL stopped, a hall server killed); a port of that range could meanwhile be
 * taken as the local end of any connection the machine makes, and the restart would fail.
 */
export async function freePort(): Promise<number> {
  const top = ephemeralFrom() - 1;
  const bottom = Math.max(1025, top - 12_000);
  for (let tries = 0; tries < 200; tries++) {
    const port = bottom + Math.floor(Math.random() * (top - bottom + 1));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${bottom} and ${top}`);
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  handOver(dir);
  return dir;
}

function serverOptions(socketDir: string, port: number, opts: StartOptions): string {
  const settings: Record<string, string> = {
    listen_addresses: "'127.0.0.1'",
    max_connections: String(opts.maxConnections ?? 100),
    fsync: 'on',
    ...opts.settings,
  };
  return [`-k ${socketDir}`, `-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(
    ' ',
  );
}

async function startServer(
  dataDir: string,
  socketDir: string,
  port: number,
  opts: StartOptions,
): Promise<void> {
  await pgRun('pg_ctl', [
    '-D',
    dataDir,
    '-l',
    join(dataDir, 'server.log'),
    '-o',
    serverOptions(socketDir, port, opts),
    '-w',
    '-t',
    '60',
    'start',
  ]);
}

/**
 * A detached shell that outlives us: once this process is gone (even by SIGKILL, or a test runner
 * abandoning a timed-out test) it stops the server and removes its directories, so no cluster is left
 * running. `stop()` ends it first.
 */
function watchdog(dataDir: string, cleanup: string[]): { cancel(): void } {
  const dir = postgresBinDir()!;
  const stopCmd = asRoot()
    ? `runuser -u postgres -- ${dir}/pg_ctl -D ${dataDir} -m immediate stop`
    : `${dir}/pg_ctl -D ${dataDir} -m immediate stop`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd} >/dev/null 2>&1; rm -rf ${cleanup.join(' ')}`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return {
    cancel() {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid);
        } catch {
          // Already gone.
        }
      }
    },
  };
}

function cluster(
  dataDir: string,
  socketDir: string,
  port: number,
  cleanup: string[],
  opts: StartOptions,
): PgCluster {
  let stopped = false;
  const guard = watchdog(dataDir, cleanup);
  return {
    dataDir,
    socketDir,
    port,
    connection: { host: socketDir, port, user: USER, database: DATABASE },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } catch {
        // Already stopped (a test killed it): the directories still go.
      }
      for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
      // Only now: if this process dies half-way through stopping, the watchdog finishes the job.
      guard.cancel();
    },
    async halt(mode = 'immediate') {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    async resume() {
      await startServer(dataDir, socketDir, port, opts);
    },
  };
}

/**
 * A fresh cluster: `initdb` (trust authentication, superuser `kiosk`, UTF-8) in a temporary directory,
 * started on a free port listening on 127.0.0.1 only, socket in its own directory. Call `stop()` after.
 */
export async function startPostgres(opts: StartOptions = {}): Promise<PgCluster> {
  const root = tempDir('kiosk-pg-');
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  await pgRun('initdb', ['-D', dataDir, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--no-locale', '--no-sync']);
  // The socket directory must belong to the server's user too.
  makeOwnedDir(socketDir);
  // Replication connections from loopback (for a replica), trust like everything else in a test cluster.
  writeHba(dataDir);
  const port = await freePort();
  const started = { ...opts, settings: { wal_level: 'replica', ...opts.settings } };
  try {
    await startServer(dataDir, socketDir, port, started);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return cluster(dataDir, socketDir, port, [root], started);
}

function makeOwnedDir(dir: string): void {
  mkdirSync(dir, { mode: 0o700 });
  handOver(dir);
}

function writeHba(dataDir: string): void {
  const hba = [
    'local all all trust',
    'local replication all trust',
    'host all all 127.0.0.1/32 trust',
    'host replication all 127.0.0.1/32 trust',
    '',
  ].join('\n');
  const file = join(dataDir, 'pg_hba.conf');
  writeFileSync(file, hba);
  handOverFile(file);
}

function handOverFile(file: string): void {
  if (!asRoot()) return;
  const { uid, gid } = postgresIds();
  chownSync(file, uid, gid);
}

/**
 * A streaming replica of `primary`: `pg_basebackup -R` (which writes `standby.signal` and the
 * connection to the primary) into a second data directory, started on its own port and socket.
 * Reads work on it at once; `promote()` makes it a primary (for failover tests).
 */
export async function startReplica(primary: PgCluster, opts: StartOptions = {}): Promise<PgReplica> {
  const root = tempDir('kiosk-pg-replica-');
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  makeOwnedDir(socketDir);
  await pgRun('pg_basebackup', [
    '-D',
    dataDir,
    '-h',
    primary.socketDir,
    '-p',
    String(primary.port),
    '-U',
    USER,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  const port = await freePort();
  const started = { ...opts, settings: { hot_standby: 'on', wal_level: 'replica', ...opts.settings } };
  try {
    await startServer(dataDir, socketDir, port, started);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const base = cluster(dataDir, socketDir, port, [root], started);
  return {
    ...base,
    async promote() {
      await pgRun('pg_ctl', ['-D', dataDir, '-w', '-t', '60', 'promote']);
    },
  };
}
