import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isIP } from 'node:net';

/** The SHA-256 fingerprint of a PEM certificate, as `AB:CD:…` (what the admin page shows and `kiosk enrol` checks). */
export function fingerprint(pem: string | Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}

export type HallCertificates = { caCert: string; caKey: string; cert: string; key: string };

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Makes the hall's own certificate authority and the hall server's certificate signed by it, for
 * `names` (host names and IP addresses the kiosks and pages use). EC P-256, the CA for 10 years, the
 * server for 2 (rotated by running init again with --renew-cert). Uses the `openssl` command.
 */
export function makeHallCertificates(names: string[], hallName = 'Hall'): HallCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'hall-tls-'));
  try {
    const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    const cn = hallName.replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 40) || 'Hall';
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
    openssl(
      [
        'req',
        '-x509',
        '-new',
        '-key',
        'ca.key',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/CN=${cn} hall CA`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-out',
        'ca.pem',
      ],
      dir,
    );
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
    openssl(
      ['req', '-new', '-key', 'server.key', '-subj', `/CN=${names[0] ?? 'hall'}`, '-out', 'server.csr'],
      dir,
    );
    writeFileSync(
      join(dir, 'ext.cnf'),
      `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '730',
        '-sha256',
        '-extfile',
        'ext.cnf',
        '-out',
        'server.pem',
      ],
      dir,
    );
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return {
      caCert: read('ca.pem'),
      caKey: read('ca.key'),
      cert: read('server.pem'),
      key: read('server.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the hall's certificates; keys are 0600. Refuses to overwrite an existing file. */
export function writeHallCertificates(
  certs: HallCertificates,
  files: { caFile: string; caKeyFile: string; certFile: string; keyFile: string },
): void {
  for (const f of Object.values(files)) {
    if (existsSync(f)) throw new Error(`${f} exists already; not overwriting it`);
    mkdirSync(dirname(f), { recursive: true });
  }
  writeFileSync(files.caFile, certs.caCert);
  writeFileSync(files.certFile, certs.cert);
  writeFileSync(files.caKeyFile, certs.caKey, { mode: 0o600 });
  writeFileSync(files.keyFile, certs.key, { mode: 0o600 });
  chmodSync(files.caKeyFile, 0o600);
  chmodSync(files.keyFile, 0o600);
}
