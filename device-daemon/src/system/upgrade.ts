import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { PackageSignatureError, verifyPackage } from './package-signature.ts';

/**
 * Upgrades that cannot brick a kiosk (A/B directories):
 *
 *   /opt/hall-kiosk/releases/0.1.0/   the version that ran before
 *   /opt/hall-kiosk/releases/0.2.0/   the new one, unpacked from the signed package
 *   /opt/hall-kiosk/current  → releases/0.2.0   (what the systemd unit starts)
 *   /opt/hall-kiosk/previous → releases/0.1.0
 *
 * The package is verified first (signature by a trusted key, right package and architecture, a newer
 * version); the service is stopped, the database copied aside, `current` switched in one rename, and
 * the service started. If the new version is not ready within the limit, everything is put back as it
 * was — the old release, the database as it was before the new version migrated it — and started again.
 */
export type PackageInfo = { name: string; version: string; architecture: string };

export type UpgradeOutcome =
  | { result: 'upgraded'; from: string; to: string }
  | { result: 'rolledBack'; from: string; to: string; reason: string };

export type UpgradeProblemCode =
  | 'missingSignature'
  | 'malformedSignature'
  | 'untrustedKey'
  | 'tampered'
  | 'notOurPackage'
  | 'wrongArchitecture'
  | 'notNewer'
  | 'unreadablePackage';

export class UpgradeError extends Error {
  constructor(
    readonly code: UpgradeProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'UpgradeError';
  }
}

export type UpgradeDeps = {
  /** /opt/hall-kiosk */
  prefix: string;
  /** The daemon's data directory: its database files are copied aside before the switch. */
  dataDir: string;
  trustedPublicKeysPem: readonly string[];
  /** dpkg's architecture of this machine (amd64, arm64). */
  architecture: string;
  service: { stop(): Promise<void>; start(): Promise<void> };
  /** Resolves true once the started version answers as ready, false when the limit passed. */
  waitReady(timeoutMs: number): Promise<boolean>;
  readyTimeoutMs: number;
  log: (line: string) => void;
};

export const PACKAGE_NAME = 'hall-kiosk';

const run = promisify(execFile);

export async function readPackageInfo(debPath: string): Promise<PackageInfo> {
  try {
    const { stdout } = await run('dpkg-deb', [
      '--showformat=${Package}\t${Version}\t${Architecture}\n',
      '--show',
      debPath,
    ]);
    const [name = '', version = '', architecture = ''] = stdout.trim().split('\t');
    return { name, version, architecture };
  } catch (e) {
    throw new UpgradeError(
      'unreadablePackage',
      `${debPath} is not a readable Debian package (${(e as Error).message.split('\n')[0]})`,
    );
  }
}

/** Debian-style comparison of plain dotted versions with an optional ~pre-release (1.2.0~rc1 < 1.2.0). */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [main = '', pre] = v.split('~', 2);
    return { parts: main.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const p = x.parts[i] ?? 0;
    const q = y.parts[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p < q ? -1 : 1;
    return String(p) < String(q) ? -1 : 1;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Unpacks the package's release directory (opt/hall-kiosk/releases/<version>) without registering it with dpkg. */
async function unpackRelease(debPath: string, prefix: string, version: string): Promise<string> {
  const staging = mkdtempSync(join(prefix, 'releases', '.staging-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const deb = spawn('dpkg-deb', ['--fsys-tarfile', debPath], { stdio: ['ignore', 'pipe', 'pipe'] });
      const tar = spawn('tar', ['-x', '-C', staging, `./opt/hall-kiosk/releases/${version}`], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      deb.stdout.pipe(tar.stdin);
      let err = '';
      deb.stderr.on('data', (d: Buffer) => (err += d.toString()));
      tar.stderr.on('data', (d: Buffer) => (err += d.toString()));
      tar.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(err.trim() || `tar exited with ${code}`)),
      );
    });
    const target = join(prefix, 'releases', version);
    rmSync(target, { recursive: true, force: true });
    renameSync(join(staging, 'opt/hall-kiosk/releases', version), target);
    return target;
  } catch (e) {
    throw new UpgradeError(
      'unreadablePackage',
      `the package has no release ${version} inside (${(e as Error).message})`,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Points `link` at `target` in one rename, so there is never a moment without it. */
export function switchLink(link: string, target: string): void {
  const tmp = `${link}.new-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, link);
}

const DB_FILES = ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm'];

function copyDatabase(fromDir: string, toDir: string): void {
  mkdirSync(toDir, { recursive: true, mode: 0o700 });
  for (const f of DB_FILES) {
    rmSync(join(toDir, f), { force: true });
    if (existsSync(join(fromDir, f))) cpSync(join(fromDir, f), join(toDir, f));
  }
}

export function currentVersion(prefix: string): string | undefined {
  try {
    return basename(readlinkSync(join(prefix, 'current')));
  } catch {
    return undefined;
  }
}

export async function upgrade(debPath: string, deps: UpgradeDeps): Promise<UpgradeOutcome> {
  const sigPath = `${debPath}.sig`;
  try {
    await verifyPackage(
      debPath,
      existsSync(sigPath) ? readFileSync(sigPath, 'utf8') : undefined,
      deps.trustedPublicKeysPem,
    );
  } catch (e) {
    if (e instanceof PackageSignatureError) throw new UpgradeError(e.problem.code, e.message);
    throw e;
  }
  const info = await readPackageInfo(debPath);
  if (info.name !== PACKAGE_NAME)
    throw new UpgradeError(
      'notOurPackage',
      `${basename(debPath)} is the package "${info.name}", not ${PACKAGE_NAME}`,
    );
  if (info.architecture !== deps.architecture && info.architecture !== 'all')
    throw new UpgradeError(
      'wrongArchitecture',
      `${basename(debPath)} is for ${info.architecture}; this kiosk is ${deps.architecture}`,
    );
  const from = currentVersion(deps.prefix) ?? '(none)';
  if (from !== '(none)' && compareVersions(info.version, from) <= 0)
    throw new UpgradeError('notNewer', `${info.version} is not newer than the running ${from}`);

  deps.log(`upgrade ${from} → ${info.version}: package verified, unpacking`);
  const release = await unpackRelease(debPath, deps.prefix, info.version);
  const current = join(deps.prefix, 'current');
  const backup = join(deps.dataDir, `backup-before-${info.version}`);

  await deps.service.stop();
  copyDatabase(deps.dataDir, backup);
  switchLink(current, join('releases', info.version));
  deps.log(
    `upgrade: switched to ${info.version}, waiting up to ${deps.readyTimeoutMs} ms for it to be ready`,
  );
  await deps.service.start();
  if (await deps.waitReady(deps.readyTimeoutMs)) {
    if (from !== '(none)') switchLink(join(deps.prefix, 'previous'), join('releases', from));
    for (const old of readdirSync(join(deps.prefix, 'releases')))
      if (old !== info.version && old !== from && !old.startsWith('.'))
        rmSync(join(deps.prefix, 'releases', old), { recursive: true, force: true });
    rmSync(backup, { recursive: true, force: true });
    deps.log(`upgrade: ${info.version} is ready; ${from} kept as previous`);
    return { result: 'upgraded', from, to: info.version };
  }

  const reason = `${info.version} was not ready within ${deps.readyTimeoutMs} ms`;
  deps.log(`upgrade: ${reason}; rolling back to ${from}`);
  await deps.service.stop();
  if (from !== '(none)') switchLink(current, join('releases', from));
  copyDatabase(backup, deps.dataDir);
  rmSync(release, { recursive: true, force: true });
  await deps.service.start();
  const back = await deps.waitReady(deps.readyTimeoutMs);
  deps.log(
    back
      ? `upgrade: rolled back, ${from} is ready again`
      : `upgrade: rolled back to ${from}, which is not ready either`,
  );
  return { result: 'rolledBack', from, to: info.version, reason };
}
