import type { Clock, DeviceName, DeviceState, DeviceStatus, PaperState } from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';
import type { ByteTransport, TransportError } from '../../transport/transport.ts';
import { Backoff, type BackoffPolicy } from './backoff.ts';
import { ExchangeQueue } from './exchange-queue.ts';
import { SingleTimer } from './single-timer.ts';
import { DeviceStatusCell } from './status-cell.ts';

/** What a driver does at each moment of its link's life. Only `opened` and `bytes` are required. */
export type LinkHooks = {
  /** The port opened: talk to the device (checks, first status, start polling). */
  opened(): Promise<void> | void;
  /** Bytes from the device, as they arrive. */
  bytes(bytes: Uint8Array): void;
  /** The link closed, whether asked or not: fail what waits for a reply. Runs before anything else. */
  closing?(error: TransportError | null): void;
  /** The link closed by itself (not stopped): forget what the device was doing. */
  lost?(error: TransportError | null): void;
  /** `stop()` was called, before the port is closed. */
  stopping?(): void;
};

export type DeviceLinkOptions = {
  device: DeviceName;
  transport: ByteTransport;
  clock: Clock;
  /** The driver's logger (already a child with its device name). */
  log: Logger;
  /** The status log line, e.g. "printer state changed". */
  statusMessage: string;
  /** Logged (warn) when the link closes by itself, e.g. "printer connection lost"; nothing when absent. */
  lostMessage?: string;
  /** For kinds that report paper: the paper state shown while the link is down. */
  paperWhileDown?: PaperState;
  /**
   * The state after the link closes by itself: always `offline`, or `noDevice` when the transport
   * says the device is gone from its address (`byFailure`).
   */
  stateWhenLost?: 'offline' | 'byFailure';
  /** Wait between connection attempts (ms), or a back-off policy. */
  reconnect: number | BackoffPolicy;
  /** Every status change (the driver re-emits it). */
  onStatus: (status: DeviceStatus) => void;
};

/**
 * The part every driver shares: opens its transport and keeps it open (a failed open or a lost link
 * shows as `noDevice`/`offline` and is retried after the back-off), runs exchanges one at a time,
 * keeps the one pending timer (the next reconnect or poll) and the device's status. The driver keeps
 * its protocol: framing, requests and replies (with `ReplyWaiters`), and what its status means.
 */
export class DeviceLink {
  readonly transport: ByteTransport;
  #o: DeviceLinkOptions;
  #cell: DeviceStatusCell;
  #timer: SingleTimer;
  #queue = new ExchangeQueue();
  #backoff: Backoff;
  #stopped = false;
  #wired = false;

  constructor(
    options: DeviceLinkOptions,
    private readonly hooks: LinkHooks,
  ) {
    this.#o = options;
    this.transport = options.transport;
    this.#timer = new SingleTimer(options.clock, () => this.#stopped);
    this.#backoff = new Backoff(
      typeof options.reconnect === 'number' ? { firstMs: options.reconnect } : options.reconnect,
    );
    this.#cell = new DeviceStatusCell({
      device: options.device,
      connection: () => options.transport.description,
      clock: options.clock,
      log: options.log,
      message: options.statusMessage,
      ...(options.paperWhileDown ? { paper: options.paperWhileDown } : {}),
      onChange: options.onStatus,
    });
  }

  get status(): DeviceStatus {
    return this.#cell.value;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Changes the status (logged and announced when it differs). */
  setStatus(state: DeviceState, detail: string | undefined, paper?: PaperState): void {
    this.#cell.set(state, detail, paper);
  }

  /** Starts connecting (and reconnecting) in the background; never throws. */
  start(): void {
    this.#stopped = false;
    if (!this.#wired) {
      this.#wired = true;
      this.transport.on('data', (bytes) => this.hooks.bytes(bytes));
      this.transport.on('close', (error) => this.#onClose(error));
    }
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer.clear();
    this.hooks.stopping?.();
    await this.transport.close();
  }

  /** Runs one exchange (or sequence of them) with nothing else on the line. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue.run(fn);
  }

  /** Schedules the next poll (replacing any pending reconnect or poll); nothing once stopped. */
  schedule(fn: () => unknown, ms: number): void {
    this.#timer.schedule(fn, ms);
  }

  #reconnectLater(): void {
    this.#timer.schedule(() => this.#connect(), this.#backoff.next());
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.transport.open();
    } catch (e) {
      const err = e as TransportError;
      this.setStatus(
        err.failure === 'notFound' ? 'noDevice' : 'offline',
        err.message,
        this.#o.paperWhileDown,
      );
      this.#reconnectLater();
      return;
    }
    this.#backoff.reset();
    await this.hooks.opened();
  }

  #onClose(error: TransportError | null): void {
    this.hooks.closing?.(error);
    if (this.#stopped) return;
    this.hooks.lost?.(error);
    if (this.#o.lostMessage) this.#o.log.warn({ reason: error?.message }, this.#o.lostMessage);
    const state =
      this.#o.stateWhenLost === 'byFailure' && error?.failure === 'notFound' ? 'noDevice' : 'offline';
    this.setStatus(state, error?.message ?? 'connection closed', this.#o.paperWhileDown);
    this.#reconnectLater();
  }
}
