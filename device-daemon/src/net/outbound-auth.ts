import { readFileSync } from 'node:fs';
import type { OutboundAuthConfig } from '../config/schema.ts';
import type { OutboundAuth } from './outbound.ts';

/** A certificate or key file that cannot be read at start (named, never its content). */
export class OutboundAuthFileError extends Error {
  constructor(
    readonly file: string,
    code: string,
  ) {
    super(`cannot read ${file}: ${code}`);
    this.name = 'OutboundAuthFileError';
  }
}

/**
 * The configured credentials for an outbound system, with the PEM files read once (at start): a
 * changed certificate takes a restart, and a missing one stops the daemon at start rather than at
 * the first delivery.
 */
export function readOutboundAuth(
  config: OutboundAuthConfig | undefined,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): OutboundAuth | undefined {
  if (!config) return undefined;
  const load = (file: string) => {
    try {
      return read(file);
    } catch (e) {
      throw new OutboundAuthFileError(file, (e as NodeJS.ErrnoException).code ?? 'unreadable');
    }
  };
  const cert = config.clientCertificate;
  return {
    ...(config.headerToken ? { headerToken: config.headerToken } : {}),
    ...(cert
      ? {
          tls: {
            cert: load(cert.certFile),
            key: load(cert.keyFile),
            ...(cert.caFile ? { ca: load(cert.caFile) } : {}),
          },
        }
      : {}),
  };
}
