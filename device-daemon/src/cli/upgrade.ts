import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKey, signPackage } from '../system/package-signature.ts';
import { upgrade, UpgradeError } from '../system/upgrade.ts';
import { loadCommandConfig } from './shared.ts';
import { UsageError } from './usage.ts';

export const UPGRADE_KEYS_DIR = '/etc/hall-kiosk/upgrade-keys';
export const INSTALL_PREFIX = '/opt/hall-kiosk';

/** Asks the started daemon (on loopback) until it answers /api/health, or the time is up. */
async function waitReady(url: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** `kiosk upgrade FILE.deb [--config FILE] [--keys DIR] [--ready-timeout SECONDS]`: A/B upgrade with rollback. */
export async function upgradeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: '/etc/hall-kiosk/config.json' },
      keys: { type: 'string', default: UPGRADE_KEYS_DIR },
      prefix: { type: 'string', default: INSTALL_PREFIX },
      'ready-timeout': { type: 'string', default: '120' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError();
  const config = loadCommandConfig(values.config);
  const keys = existsSync(values.keys)
    ? readdirSync(values.keys)
        .filter((f) => f.endsWith('.pem'))
        .map((f) => readFileSync(join(values.keys, f), 'utf8'))
    : [];
  const systemctl = (verb: string) =>
    execFileSync('systemctl', [verb, 'hall-kiosk.service'], { stdio: 'inherit' });
  try {
    const outcome = await upgrade(file, {
      prefix: values.prefix,
      dataDir: config.dataDir,
      trustedPublicKeysPem: keys,
      architecture: execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim(),
      readyTimeoutMs: Number(values['ready-timeout']) * 1000,
      service: {
        stop: async () => void systemctl('stop'),
        start: async () => void systemctl('start'),
      },
      waitReady: (ms) => waitReady(`http://127.0.0.1:${config.server.port}/api/health`, ms),
      log: (line) => console.log(line),
    });
    if (outcome.result === 'upgraded') {
      console.log(`upgraded ${outcome.from} → ${outcome.to}`);
      return 0;
    }
    console.error(`rolled back to ${outcome.from}: ${outcome.reason}`);
    return 1;
  } catch (e) {
    if (e instanceof UpgradeError) {
      console.error(`kiosk upgrade: refused (${e.code}): ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** `kiosk package-keygen --out DIR`: an ed25519 key pair for signing packages (release.pem, release.pub.pem). */
export function packageKeygenCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError();
  mkdirSync(values.out, { recursive: true, mode: 0o700 });
  const key = generateSigningKey();
  writeFileSync(join(values.out, 'release.pem'), key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(values.out, 'release.pub.pem'), key.publicKeyPem, { mode: 0o644, flag: 'wx' });
  console.log(
    `${join(values.out, 'release.pem')} (secret) and ${join(values.out, 'release.pub.pem')} (for ${UPGRADE_KEYS_DIR}/)`,
  );
  return 0;
}

/** `kiosk package-sign FILE --key release.pem`: writes FILE.sig. */
export async function packageSignCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { key: { type: 'string' } },
  });
  if (!positionals[0] || !values.key) throw new UsageError();
  writeFileSync(`${positionals[0]}.sig`, await signPackage(positionals[0], readFileSync(values.key, 'utf8')));
  console.log(`${positionals[0]}.sig`);
  return 0;
}
