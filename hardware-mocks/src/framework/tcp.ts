import net from 'node:net';
import type { Emulator } from './emulator.ts';

/**
 * Serves an emulator on a TCP port (as a network printer on 9100 would be). Unplugging closes every
 * connection and stops listening; plugging back listens again on the same port.
 */
export class TcpAttachment {
  #server: net.Server | null = null;
  #sockets = new Set<net.Socket>();
  #port: number;
  #onPlugged = (plugged: boolean) => void (plugged ? this.#listen() : this.#stop());
  #onOutput = (bytes: Uint8Array) => {
    for (const s of this.#sockets) s.write(bytes);
  };

  constructor(
    private readonly emulator: Emulator,
    readonly host: string,
    port: number,
  ) {
    this.#port = port;
  }

  get port(): number {
    return this.#port;
  }

  async open(): Promise<void> {
    this.emulator.on('plugged', this.#onPlugged);
    this.emulator.on('output', this.#onOutput);
    if (this.emulator.plugged) await this.#listen();
  }

  async #listen(): Promise<void> {
    if (this.#server) return;
    const server = net.createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('data', (d) => this.emulator.receive(Uint8Array.from(d)));
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.host, () => {
        this.#port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  async #stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    this.emulator.off('plugged', this.#onPlugged);
    this.emulator.off('output', this.#onOutput);
    await this.#stop();
  }
}
