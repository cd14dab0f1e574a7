import { EventEmitter } from 'node:events';
import net from 'node:net';
import { TransportError, type ByteTransport, type TransportEvents } from './transport.ts';

/** A raw TCP byte stream, e.g. a network printer on port 9100. */
export class TcpTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  #socket: net.Socket | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly connectTimeoutMs = 3000,
  ) {
    super();
  }

  get description(): string {
    return `tcp ${this.host}:${this.port}`;
  }

  get isOpen(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new TransportError('timeout', `${this.description}: no answer within ${this.connectTimeoutMs} ms`),
        );
      }, this.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          new TransportError(
            e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENOTFOUND'
              ? 'notFound'
              : 'io',
            `${this.description}: ${e.message}`,
          ),
        );
      });
    });
    socket.on('data', (d) => this.emit('data', Uint8Array.from(d)));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.emit('close', new TransportError('disconnected', `${this.description}: connection closed`));
    });
    this.#socket = socket;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.destroyed)
      throw new TransportError('disconnected', `${this.description} is not open`);
    await new Promise<void>((resolve, reject) =>
      socket.write(bytes, (err) => (err ? reject(new TransportError('io', err.message)) : resolve())),
    );
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = null;
    if (socket && !socket.destroyed) await new Promise<void>((resolve) => socket.end(() => resolve()));
    socket?.destroy();
  }
}
