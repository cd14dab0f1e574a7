import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A clean Debian root for installing the built package into: debootstrap (minbase) of the current
 * stable release with Node.js from Debian itself (trixie ships 20.19), made once per machine and kept
 * in /var/cache, then copied afresh for every run so each install starts from nothing.
 * Needs root (debootstrap, chroot, mount); the test says so rather than skipping.
 */
export const SUITE = 'trixie';
const MIRROR = 'http://deb.debian.org/debian';
const CACHE = `/var/cache/hall-kiosk-tests/debian-${SUITE}-minbase`;
/** What the package Depends on, installed up front: the root has no apt sources of its own to fetch them. */
const INCLUDE = ['nodejs', 'socat', 'adduser', 'passwd', 'util-linux'];

export function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      'installing the package into a clean Debian root needs root (debootstrap, chroot, mount): run as root, as CI does',
    );
}

function cachedRoot(): string {
  if (existsSync(join(CACHE, 'usr/bin/node'))) return CACHE;
  const partial = `${CACHE}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const r = spawnSync(
    'debootstrap',
    ['--variant=minbase', `--include=${INCLUDE.join(',')}`, SUITE, partial, MIRROR],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0)
    throw new Error(`debootstrap ${SUITE} failed (${r.status}):\n${(r.stderr || r.stdout).slice(-2000)}`);
  renameSync(partial, CACHE);
  return CACHE;
}

export type DebianRoot = {
  path: string;
  /** Runs a command inside the root; returns its output, throws with it on failure. */
  run(cmd: string[], opts?: { allowFail?: boolean }): { status: number; output: string };
  /** Mounts /proc and the host's /dev/pts (emulators' pseudo-terminals live there). */
  mountRuntime(): void;
  remove(): void;
};

export function freshDebianRoot(): DebianRoot {
  requireRoot();
  const source = cachedRoot();
  const parent = mkdtempSync('/var/tmp/hall-kiosk-root-');
  const path = join(parent, 'root');
  execFileSync('cp', ['-a', source, path]);
  const mounts: string[] = [];
  const mount = (args: string[], target: string) => {
    execFileSync('mount', [...args, target]);
    mounts.unshift(target);
  };
  return {
    path,
    run(cmd, opts = {}) {
      const r = spawnSync('chroot', [path, ...cmd], {
        encoding: 'utf8',
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
      });
      const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      if (r.status !== 0 && !opts.allowFail)
        throw new Error(`in the Debian root: ${cmd.join(' ')} → ${r.status}\n${output}`);
      return { status: r.status ?? -1, output };
    },
    mountRuntime() {
      mount(['-t', 'proc', 'proc'], join(path, 'proc'));
      mkdirSync(join(path, 'dev/pts'), { recursive: true });
      mount(['--bind', '/dev/pts'], join(path, 'dev/pts'));
    },
    remove() {
      for (const m of mounts) spawnSync('umount', ['-l', m]);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
