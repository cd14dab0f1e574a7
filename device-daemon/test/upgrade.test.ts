import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKey, signPackage, verifyPackage } from '../src/system/package-signature.ts';
import {
  compareVersions,
  switchLink,
  upgrade,
  UpgradeError,
  type UpgradeDeps,
} from '../src/system/upgrade.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A real .deb (dpkg-deb --build) holding opt/hall-kiosk/releases/<version>/ with the given files. */
function makeDeb(
  version: string,
  files: Record<string, string> = {},
  name = 'hall-kiosk',
  arch = 'amd64',
): string {
  const root = join(dir, `build-${name}-${version}-${arch}`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: ${arch}\nMaintainer: test <test@example.invalid>\nDescription: test package\n`,
  );
  const release = join(root, 'opt/hall-kiosk/releases', version);
  mkdirSync(release, { recursive: true });
  writeFileSync(join(release, 'VERSION'), version);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(release, f), text);
  const out = join(dir, `${name}_${version}_${arch}.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, out], { stdio: 'ignore' });
  return out;
}

/**
 * A kiosk in a temp dir, version 0.1.0 installed, whose "service" runs the release `current` points at:
 * starting it migrates the database (writes its version into it); it becomes ready unless its release
 * holds a file named never-ready.
 */
function kiosk(keys: string[]) {
  const prefix = join(dir, 'opt');
  const dataDir = join(dir, 'data');
  mkdirSync(join(prefix, 'releases/0.1.0'), { recursive: true });
  writeFileSync(join(prefix, 'releases/0.1.0/VERSION'), '0.1.0');
  switchLink(join(prefix, 'current'), 'releases/0.1.0');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'kiosk.db'), 'schema 7, 120 tickets');
  const events: string[] = [];
  let running: string | undefined;
  const deps: UpgradeDeps = {
    prefix,
    dataDir,
    trustedPublicKeysPem: keys,
    architecture: 'amd64',
    readyTimeoutMs: 50,
    log: () => {},
    service: {
      stop: async () => {
        events.push(`stop ${running}`);
        running = undefined;
      },
      start: async () => {
        running = readFileSync(join(prefix, 'current/VERSION'), 'utf8');
        events.push(`start ${running}`);
        writeFileSync(join(dataDir, 'kiosk.db'), `migrated by ${running}`);
      },
    },
    waitReady: async () => running !== undefined && !existsSync(join(prefix, 'current/never-ready')),
  };
  return { prefix, dataDir, deps, events, running: () => running };
}

async function signed(deb: string, privateKeyPem: string): Promise<string> {
  writeFileSync(`${deb}.sig`, await signPackage(deb, privateKeyPem));
  return deb;
}

describe('kiosk upgrade', () => {
  it('switches to a good, signed, newer package and keeps the previous version beside it', async () => {
    const key = generateSigningKey();
    const k = kiosk([key.publicKeyPem]);
    const outcome = await upgrade(await signed(makeDeb('0.2.0'), key.privateKeyPem), k.deps);
    expect(outcome).toEqual({ result: 'upgraded', from: '0.1.0', to: '0.2.0' });
    expect(readlinkSync(join(k.prefix, 'current'))).toBe('releases/0.2.0');
    expect(readlinkSync(join(k.prefix, 'previous'))).toBe('releases/0.1.0');
    expect(existsSync(join(k.prefix, 'releases/0.1.0/VERSION'))).toBe(true);
    expect(k.events).toEqual(['stop undefined', 'start 0.2.0']);
    expect(readFileSync(join(k.dataDir, 'kiosk.db'), 'utf8')).toBe('migrated by 0.2.0');
  });

  it('rolls back a package whose daemon never becomes ready: old release, old database, started again', async () => {
    const key = generateSigningKey();
    const k = kiosk([key.publicKeyPem]);
    const outcome = await upgrade(
      await signed(makeDeb('0.2.0', { 'never-ready': '' }), key.privateKeyPem),
      k.deps,
    );
    expect(outcome.result).toBe('rolledBack');
    expect(readlinkSync(join(k.prefix, 'current'))).toBe('releases/0.1.0');
    expect(k.running()).toBe('0.1.0');
    expect(k.events).toEqual(['stop undefined', 'start 0.2.0', 'stop 0.2.0', 'start 0.1.0']);
    // The database the new version had migrated is put back as it was, then the old version opened it.
    expect(readFileSync(join(k.dataDir, 'kiosk.db'), 'utf8')).toBe('migrated by 0.1.0');
    expect(existsSync(join(k.prefix, 'releases/0.2.0'))).toBe(false);
  });

  it('restores the database bytes from before the switch on rollback', async () => {
    const key = generateSigningKey();
    const k = kiosk([key.publicKeyPem]);
    k.deps.service.start = async () => {
      const v = readFileSync(join(k.prefix, 'current/VERSION'), 'utf8');
      if (v === '0.2.0') writeFileSync(join(k.dataDir, 'kiosk.db'), 'schema 8 (half-migrated)');
    };
    k.deps.waitReady = async () => readFileSync(join(k.prefix, 'current/VERSION'), 'utf8') === '0.1.0';
    await upgrade(await signed(makeDeb('0.2.0'), key.privateKeyPem), k.deps);
    expect(readFileSync(join(k.dataDir, 'kiosk.db'), 'utf8')).toBe('schema 7, 120 tickets');
  });

  it('refuses an unsigned package, a tampered one and one signed by an unknown key, touching nothing', async () => {
    const key = generateSigningKey();
    const stranger = generateSigningKey();
    const k = kiosk([key.publicKeyPem]);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: UpgradeError) => e.code,
      );

    expect(await codeOf(upgrade(makeDeb('0.2.0'), k.deps))).toBe('missingSignature');

    const tampered = await signed(makeDeb('0.3.0'), key.privateKeyPem);
    const bytes = readFileSync(tampered);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    writeFileSync(tampered, bytes);
    expect(await codeOf(upgrade(tampered, k.deps))).toBe('tampered');

    expect(await codeOf(upgrade(await signed(makeDeb('0.4.0'), stranger.privateKeyPem), k.deps))).toBe(
      'untrustedKey',
    );

    const forged = makeDeb('0.5.0');
    writeFileSync(`${forged}.sig`, 'not json');
    expect(await codeOf(upgrade(forged, k.deps))).toBe('malformedSignature');

    expect(k.events).toEqual([]);
    expect(readlinkSync(join(k.prefix, 'current'))).toBe('releases/0.1.0');
  });

  it('refuses another package, another architecture and a version that is not newer', async () => {
    const key = generateSigningKey();
    const k = kiosk([key.publicKeyPem]);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: UpgradeError) => e.code,
      );
    expect(
      await codeOf(upgrade(await signed(makeDeb('0.2.0', {}, 'other-kiosk'), key.privateKeyPem), k.deps)),
    ).toBe('notOurPackage');
    expect(
      await codeOf(
        upgrade(await signed(makeDeb('0.2.0', {}, 'hall-kiosk', 'arm64'), key.privateKeyPem), k.deps),
      ),
    ).toBe('wrongArchitecture');
    expect(await codeOf(upgrade(await signed(makeDeb('0.1.0'), key.privateKeyPem), k.deps))).toBe('notNewer');
    expect(await codeOf(upgrade(await signed(makeDeb('0.0.9'), key.privateKeyPem), k.deps))).toBe('notNewer');
    expect(k.events).toEqual([]);
  });
});

describe('package signatures', () => {
  it('verify names the key that signed', async () => {
    const key = generateSigningKey();
    const deb = await signed(makeDeb('1.0.0'), key.privateKeyPem);
    const id = await verifyPackage(deb, readFileSync(`${deb}.sig`, 'utf8'), [
      generateSigningKey().publicKeyPem,
      key.publicKeyPem,
    ]);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('version order', () => {
  it('orders dotted versions numerically and a pre-release before its release', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.2.0', '1.2')).toBe(0);
    expect(compareVersions('1.2.0~rc1', '1.2.0')).toBe(-1);
    expect(compareVersions('1.2.0~rc2', '1.2.0~rc1')).toBe(1);
    expect(compareVersions('2.0.0', '10.0.0')).toBe(-1);
  });
});
