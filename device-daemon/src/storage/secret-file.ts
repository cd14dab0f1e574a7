import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { writePrivateFile } from './private-file.ts';
import type { SecretStore } from './ports.ts';

/** The file of per-installation secrets in a data directory (mode 0600). */
export const SECRETS_FILE = 'secrets.json';

/** The secrets file is not what the daemon wrote (damaged or edited): named, never shown. */
export class SecretFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SecretFileError';
  }
}

type Secrets = Record<string, string>;

/**
 * Per-installation secrets (the salt of identity digests, the key of technician-card digests) in
 * their own file in the data directory, mode 0600, apart from the database that holds what they
 * protect: a copy of `kiosk.db` alone (a backup, a diagnostics bundle, a stolen disk image of the
 * database) does not reverse the digests. JSON `{ name: base64 }`; each change is written to a new
 * file, synced and renamed over the old one, so a power cut leaves the old file or the new.
 */
export class FileSecretStore implements SecretStore {
  #cache: Secrets | null = null;

  constructor(
    readonly file: string,
    /** A read-only view (technicians' commands): a secret that does not exist yet is refused, not made. */
    private readonly readOnly = false,
  ) {}

  #read(): Secrets {
    if (this.#cache) return this.#cache;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.#cache = {});
      throw e;
    }
    // Made readable by others (a copy, a restore): private again before anything else.
    if ((statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretFileError(this.file, 'not valid JSON');
    }
    if (
      !parsed ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed) ||
      !Object.values(parsed).every((v) => typeof v === 'string' && Buffer.from(v, 'base64').length === 32)
    )
      throw new SecretFileError(this.file, 'every secret must be 32 bytes in base64');
    return (this.#cache = parsed as Secrets);
  }

  #write(secrets: Secrets): void {
    writePrivateFile(this.file, `${JSON.stringify(secrets, null, 2)}\n`);
    this.#cache = secrets;
  }

  /** Adds secrets that are not in the file yet (a migration); the file's own win. */
  adopt(secrets: Record<string, Buffer>): void {
    const current = this.#read();
    const merged = { ...current };
    for (const [name, value] of Object.entries(secrets))
      if (!(name in merged)) merged[name] = value.toString('base64');
    if (Object.keys(merged).length !== Object.keys(current).length) this.#write(merged);
  }

  /** Whether the file already holds this secret. */
  has(name: string): boolean {
    return name in this.#read();
  }

  async secret(name: string): Promise<Buffer> {
    const current = this.#read();
    if (!(name in current) && this.readOnly)
      throw new SecretFileError(this.file, `read-only: no secret "${name}" yet`);
    if (!(name in current)) this.#write({ ...current, [name]: randomBytes(32).toString('base64') });
    return Buffer.from(this.#cache![name]!, 'base64');
  }
}
