import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../src/log.ts';
import {
  TECHNICIAN_CARD_KEY,
  technicianCardDigest,
  technicianCardMatcher,
} from '../src/diagnostics/technician.ts';
import { hashCardCommand } from '../src/cli/hash-card.ts';
import { FileSecretStore } from '../src/storage/secret-file.ts';
import { SECRETS_FILE } from '../src/storage/sqlite/index.ts';

const ID = '11010519491231002X';
const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

afterEach(() => vi.restoreAllMocks());

describe('technician cards', () => {
  it('are listed as a keyed hash: without the installation secret the digest cannot be made', () => {
    const a = technicianCardDigest(keyA, ID);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(technicianCardDigest(keyA, ID.toLowerCase())).toBe(a);
    expect(technicianCardDigest(keyB, ID)).not.toBe(a);
    // Not the unsalted SHA-256 anyone can compute from an ID number.
    expect(a).not.toBe(createHash('sha256').update(`hall-kiosk-technician:${ID}`).digest('hex'));
  });

  it('match only when listed under this installation key; an old unsalted entry is refused with a warning', async () => {
    const { log, lines } = capturingLogger();
    const key = async () => keyA;
    expect(await technicianCardMatcher(key, [technicianCardDigest(keyA, ID)], log)(ID)).toBe(true);
    expect(await technicianCardMatcher(key, [technicianCardDigest(keyB, ID)], log)(ID)).toBe(false);
    const legacy = createHash('sha256').update(`hall-kiosk-technician:${ID}`).digest('hex');
    expect(await technicianCardMatcher(key, [legacy], log)(ID)).toBe(false);
    expect(lines.join('')).toContain('old unsalted form');
    expect(lines.join('')).not.toContain(ID);
  });

  it('kiosk hash-card prints the digest keyed with the secret in the data directory (made 0600 if missing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hash-card-'));
    const config = join(dir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ dataDir: 'data' }));
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await hashCardCommand(['--config', config], () => `${ID}\n`)).toBe(0);
    const file = join(dir, 'data', SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = await new FileSecretStore(file).secret(TECHNICIAN_CARD_KEY);
    expect(out).toEqual([technicianCardDigest(key, ID)]);
    // The same secret the next time: the listed digest stays valid.
    expect(await hashCardCommand(['--config', config], () => ID)).toBe(0);
    expect(out[1]).toBe(out[0]);
    expect(await hashCardCommand(['--config', config], () => '12345')).toBe(1);
    expect(err).toHaveBeenCalledTimes(1);
    expect(readFileSync(file, 'utf8')).not.toContain(ID);
  });
});
