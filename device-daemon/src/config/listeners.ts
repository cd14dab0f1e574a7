import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { KioskConfig } from './schema.ts';

/** Whether `host` can only be reached from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * The listener rules the schema cannot express: the main listener stays on loopback whatever the
 * file says, and a LAN listener off loopback is TLS-only.
 */
export function listenerProblems(server: KioskConfig['server']): string[] {
  const problems: string[] = [];
  if (!isLoopbackHost(server.host))
    problems.push(
      `server.host: "${server.host}" is not a loopback address; the main listener (the kiosk page, its ` +
        'command API, maintenance, metrics) stays on 127.0.0.1, ::1 or localhost. Serve the counter ' +
        'pages and the hall display to other machines with server.lan',
    );
  const lan = server.lan;
  if (lan && !isLoopbackHost(lan.host) && !lan.tls)
    problems.push(
      `server.lan.tls: the LAN listener on "${lan.host}" is not on loopback and must use TLS; set ` +
        'server.lan.tls.certFile and server.lan.tls.keyFile',
    );
  if (lan && lan.port !== 0 && lan.port === server.port && lan.host === server.host)
    problems.push('server.lan.port: must differ from server.port');
  return problems;
}

/** The LAN listener's certificate paths resolved against the config file's directory. */
export function resolveListenerPaths(server: KioskConfig['server'], baseDir: string): KioskConfig['server'] {
  const tls = server.lan?.tls;
  if (!server.lan || !tls) return server;
  return {
    ...server,
    lan: {
      ...server.lan,
      tls: { certFile: resolve(baseDir, tls.certFile), keyFile: resolve(baseDir, tls.keyFile) },
    },
  };
}
