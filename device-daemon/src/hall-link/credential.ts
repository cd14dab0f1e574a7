import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { writePrivateFile } from '../storage/private-file.ts';
import * as z from 'zod/mini';

/**
 * What `kiosk enrol` saves and the daemon reads in hall mode: the hall's address, this device's id and
 * token, and the hall's CA certificate — the only CA the kiosk trusts for the hall (pinned at
 * enrolment by its fingerprint). Mode 0600: the token is a credential.
 */
export const HallCredential = z.strictObject({
  url: z.url({ protocol: /^https$/ }),
  deviceId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)),
  token: z.string().check(z.regex(/^d\.[A-Za-z0-9_-]{20,200}$/)),
  caCertificate: z.string().check(z.refine(isCertificate, 'must be a PEM certificate')),
});
export type HallCredential = z.infer<typeof HallCredential>;

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** The credential file is missing, unreadable or not what `kiosk enrol` writes: named, never shown. */
export class HallCredentialError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'HallCredentialError';
  }
}

export function readHallCredential(file: string): HallCredential {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HallCredentialError(
      file,
      code === 'ENOENT'
        ? 'no hall credential: enrol this kiosk first (kiosk enrol https://HALL:8443 CODE --fingerprint …)'
        : `cannot read the hall credential (${code ?? 'unreadable'})`,
    );
  }
  // Made readable by others (a copy, a restore): private again before it is used.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HallCredentialError(file, 'not valid JSON; enrol this kiosk again');
  }
  const parsed = HallCredential.safeParse(value);
  if (!parsed.success)
    throw new HallCredentialError(
      file,
      `not a hall credential (${parsed.error.issues.map((i) => i.path.join('.') || '(file)').join(', ')}); enrol this kiosk again`,
    );
  return parsed.data;
}

/** Writes the credential to a new file (0600), synced, then renamed over the old one. */
export function writeHallCredential(file: string, credential: HallCredential): void {
  const checked = HallCredential.parse(credential);
  writePrivateFile(file, `${JSON.stringify(checked, null, 2)}\n`);
}

/** Whether the configured hall address is the one the credential was issued by (scheme, host and port). */
export function sameHall(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}
