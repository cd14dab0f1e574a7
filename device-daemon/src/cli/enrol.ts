import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { EnrolCa, EnrolResponse } from '@hall-kiosk/shared';
import { hallCredentialFile, loadConfigFile } from '../config/load.ts';
import { writeHallCredential, type HallCredential } from '../hall-link/credential.ts';
import {
  OutboundError,
  outboundRequest,
  type OutboundRequest,
  type OutboundResponse,
} from '../net/outbound.ts';
import { UsageError } from './usage.ts';

/** Enrolment was refused or could not be checked: one sentence, and nothing was written. */
export class EnrolError extends Error {
  constructor(message: string) {
    super(`kiosk enrol: ${message}; nothing was written`);
    this.name = 'EnrolError';
  }
}

/** `AB:CD:…` from any spelling (colons, spaces, case) of a SHA-256 fingerprint, or null if it is none. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

function fingerprintOf(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

export type EnrolOptions = {
  /** The hall server, https://host:port. */
  url: string;
  /** The one-time code the admin made (XXXX-XXXX-XXXX). */
  code: string;
  /** The SHA-256 fingerprint of the hall's CA, as `kiosk hall init` and the admin page show it. */
  fingerprint: string;
  /** Where the credential goes (0600). */
  file: string;
  timeoutMs?: number;
  /** The unverified first request (the CA), injected in tests. */
  fetchCa?: (url: URL, timeoutMs: number) => Promise<OutboundResponse>;
  /** The verified request (the code), injected in tests. */
  send?: (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;
};

/** The hall's CA, read before anything is trusted (it is checked against the fingerprint next). */
function fetchUnverified(url: URL, timeoutMs: number): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const r = request(url, { method: 'GET', rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 64 * 1024) res.destroy(new Error('answer too large'));
        else chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code ?? e.message)));
    r.end();
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Enrols this machine with a hall server:
 * 1. reads the hall's CA certificate (`GET /api/enrol/ca`, not yet verified) and refuses unless its
 *    SHA-256 fingerprint is the one the admin gave — so the one-time code is never sent to anyone else;
 * 2. sends the code (`POST /api/enrol`) over a connection that trusts only that CA: the server's
 *    certificate must verify against it, for the address given;
 * 3. checks that the CA the answer carries is the same, and saves `{url, deviceId, token,
 *    caCertificate}` (mode 0600). The token is never printed.
 */
export async function enrolDevice(
  o: EnrolOptions,
): Promise<{ credential: HallCredential; kind: string; location: string }> {
  let base: URL;
  try {
    base = new URL(o.url);
  } catch {
    throw new EnrolError(`${o.url} is not a URL`);
  }
  if (base.protocol !== 'https:' || base.username || base.password || base.pathname !== '/' || base.search)
    throw new EnrolError('the hall address must be https://HOST:PORT, nothing more');
  const expected = normaliseFingerprint(o.fingerprint);
  if (!expected) throw new EnrolError('--fingerprint must be a SHA-256 fingerprint (64 hex digits, AB:CD:…)');
  const timeoutMs = o.timeoutMs ?? 10_000;

  let caAnswer: OutboundResponse;
  try {
    caAnswer = await (o.fetchCa ?? fetchUnverified)(new URL('/api/enrol/ca', base), timeoutMs);
  } catch (e) {
    throw new EnrolError(`cannot reach ${base.origin}: ${(e as Error).message}`);
  }
  const ca = EnrolCa.safeParse(caAnswer.status === 200 ? parseJson(caAnswer.body) : null);
  if (!ca.success)
    throw new EnrolError(`${base.origin} did not give a hall CA certificate (HTTP ${caAnswer.status})`);
  const presented = fingerprintOf(ca.data.caCertificate);
  if (presented !== expected)
    throw new EnrolError(
      `the hall at ${base.origin} presents a CA whose fingerprint is ${presented ?? '(not a certificate)'}, not the one given (${expected}): ask the hall admin, and check the address`,
    );

  let answer: OutboundResponse;
  try {
    answer = await (o.send ?? outboundRequest)(new URL('/api/enrol', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: o.code }),
      timeoutMs,
      maxBytes: 64 * 1024,
      auth: { tls: { ca: ca.data.caCertificate } },
    });
  } catch (e) {
    const why = e instanceof OutboundError ? e.message : 'request failed';
    throw new EnrolError(
      `the server's certificate at ${base.origin} does not verify against the hall CA with that fingerprint, or the connection failed (${why})`,
    );
  }
  const body = parseJson(answer.body) as { error?: unknown } | null;
  if (answer.status === 403)
    throw new EnrolError(
      'the hall refused the code (wrong, already used or expired): ask the admin for a new one',
    );
  if (answer.status !== 200)
    throw new EnrolError(
      `the hall answered HTTP ${answer.status}${typeof body?.error === 'string' ? `: ${body.error.slice(0, 200)}` : ''}`,
    );
  const enrolled = EnrolResponse.safeParse(body);
  if (!enrolled.success) throw new EnrolError("the hall's answer is not an enrolment");
  if (fingerprintOf(enrolled.data.caCertificate) !== expected)
    throw new EnrolError("the CA in the hall's answer is not the one with the fingerprint given");
  const credential: HallCredential = {
    url: base.origin,
    deviceId: enrolled.data.device.id,
    token: enrolled.data.token,
    caCertificate: enrolled.data.caCertificate,
  };
  mkdirSync(dirname(o.file), { recursive: true, mode: 0o700 });
  try {
    writeHallCredential(o.file, credential);
  } catch (e) {
    throw new EnrolError(
      `cannot save the credential to ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return { credential, kind: enrolled.data.device.kind, location: enrolled.data.device.location };
}

/** The installed kiosk's configuration (the Debian package's), used when neither --config nor --out is given. */
export const INSTALLED_CONFIG = '/etc/hall-kiosk/config.json';

/** `kiosk enrol https://HALL:8443 CODE --fingerprint AB:CD:… [--config FILE | --out FILE]`. */
export async function enrolCommand(argv: string[]): Promise<number> {
  process.umask(0o077);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { fingerprint: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' } },
  });
  const [url, code] = positionals;
  if (!url || !code || positionals.length > 2 || !values.fingerprint) throw new UsageError();
  const file = values.out ?? hallCredentialFile(loadConfigFile(values.config ?? INSTALLED_CONFIG));
  const replacing = existsSync(file);
  const { credential, kind, location } = await enrolDevice({
    url,
    code,
    fingerprint: values.fingerprint,
    file,
  });
  console.log(
    `Enrolled as ${kind} "${credential.deviceId}"${location ? ` (${location})` : ''} at ${credential.url}.`,
  );
  console.log(`Credential ${replacing ? 'replaced' : 'saved'}: ${file} (mode 0600; the token is not shown).`);
  console.log('In the kiosk configuration:');
  console.log(`  "queue": { "mode": "hall", … }`);
  console.log(
    `  "hall": { "name": …, "server": { "url": "${credential.url}"${values.out ? `, "credentialFile": "${file}"` : ''} } }`,
  );
  console.log('Then restart the kiosk: its tickets come from the hall server.');
  return 0;
}
