import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';

export type ListeningServer = { server: Server; port: number; url: string; close(): Promise<void> };

/**
 * The daemon's HTTP server on the configured address (loopback unless the configuration says
 * otherwise, which is logged). Port 0 takes a free port; `port` and `url` are the real ones.
 */
export async function listenHttp(
  address: { host: string; port: number },
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  log: Logger,
): Promise<ListeningServer> {
  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  if (!['127.0.0.1', '::1', 'localhost'].includes(address.host)) {
    log.warn({ host: address.host }, 'serving beyond loopback because the configuration says so');
  }
  return {
    server,
    port,
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
