import type { EventEmitter } from 'node:events';

/** Why a transport could not be opened or stopped working. */
export type TransportFailure =
  /** Nothing at that address: no such serial device, connection refused, no HID device with that id. */
  | 'notFound'
  /** It was there and went away (unplugged, connection reset). */
  | 'disconnected'
  /** Opening or writing did not finish in time. */
  | 'timeout'
  /** Any other I/O error (permission denied, port busy …). */
  | 'io';

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type TransportEvents = {
  data: [Uint8Array];
  /** The link closed by itself (null error when we closed it). */
  close: [TransportError | null];
};

/**
 * A byte pipe to one device: serial, TCP or USB HID all look the same to framing and drivers.
 * Implementations never throw out of event handlers; `open`/`write` reject with TransportError.
 */
export interface ByteTransport extends EventEmitter<TransportEvents> {
  /** Where it goes, for logs and technicians: `serial /dev/ttyUSB0 @115200`. */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves when the bytes have been handed to the operating system. */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Serial lines only: change the line speed of the open port. */
  updateBaudRate?(baudRate: number): Promise<void>;
}
