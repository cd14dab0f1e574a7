import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import { hostAllowed, listenerNames, type ListenerNames } from '../api/request-guard.ts';
import { SECURITY_HEADERS } from '../api/http.ts';

export type ListeningServer = {
  server: Server;
  port: number;
  url: string;
  /** The names and origins this listener answers to (known once the port is). */
  names: ListenerNames;
  close(): Promise<void>;
};

export type ListenerAddress = {
  host: string;
  port: number;
  /** Names other machines reach this listener by, besides its loopback names and `host`. */
  names?: readonly string[];
  /** PEM files: served over TLS when given. */
  tls?: { certFile: string; keyFile: string };
};

const WILDCARD = ['0.0.0.0', '::', ''];

/**
 * One HTTP(S) listener of the daemon. Before any handler runs, a request or WebSocket upgrade whose
 * `Host` is not one of this listener's own names is answered 421 (DNS rebinding: a foreign page that
 * makes the browser reach this port under its own name). Port 0 takes a free port; `port`, `url`
 * and `names` are the real ones.
 */
export async function listenHttp(
  address: ListenerAddress,
  onRequest: (req: IncomingMessage, res: ServerResponse, names: ListenerNames) => void,
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, names: ListenerNames) => void,
  log: Logger,
): Promise<ListeningServer> {
  const scheme = address.tls ? 'https' : 'http';
  let names: ListenerNames = listenerNames(scheme, address.port);
  const guardedRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, names)) {
      log.warn(
        { host: req.headers.host ?? null, listener: address.host },
        'request for another host refused',
      );
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('misdirected request: this server does not answer to that name\n');
      return;
    }
    onRequest(req, res, names);
  };
  const server: Server = address.tls
    ? (createTlsServer(
        { cert: readFileSync(address.tls.certFile), key: readFileSync(address.tls.keyFile) },
        guardedRequest,
      ) as unknown as Server)
    : createServer(guardedRequest);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req, names)) {
      log.warn(
        { host: req.headers.host ?? null, listener: address.host },
        'upgrade for another host refused',
      );
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      return;
    }
    onUpgrade(req, socket, head, names);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  if (address.tls) server.on('tlsClientError', (_err: Error, socket: Duplex) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const extra = [...(address.names ?? []), ...(WILDCARD.includes(address.host) ? [] : [address.host])];
  names = listenerNames(scheme, port, extra);
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    server,
    port,
    url: `${scheme}://${host}:${port}/`,
    names,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
