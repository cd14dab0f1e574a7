import { EventEmitter } from 'node:events';
import type { ManualClock } from '@hall-kiosk/shared';
import type { Emulator } from './emulator.ts';

/** Why the link to an emulator failed, in the daemon transport's terms (`TransportFailure`). */
export type EmulatedLinkFailure = 'notFound' | 'disconnected' | 'timeout' | 'io';

/** Has the shape of the daemon's `TransportError`, which this package does not import. */
export class EmulatedLinkError extends Error {
  constructor(
    readonly failure: EmulatedLinkFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

type EmulatorTransportEvents = { data: [Uint8Array]; close: [EmulatedLinkError | null] };

/**
 * A byte transport wired straight to an emulator, with no serial stream and no event-loop turn in
 * between: what the host writes reaches the emulator after its wire time on the emulator's clock,
 * and what the emulator sends arrives as a `data` event when its own wire time is up. On a
 * `ManualClock` shared by driver and emulator, a driver test runs time forward (`runUntil`) instead
 * of sleeping. It has the shape of the daemon's `ByteTransport`: opening fails with `notFound` while
 * the emulator is unplugged, and unplugging an open link closes it with `disconnected`.
 */
export class EmulatorTransport extends EventEmitter<EmulatorTransportEvents> {
  #open = false;
  #baudRate: number | undefined;
  /** Every chunk the host wrote, in order (tests compare them with golden frames). */
  readonly written: Uint8Array[] = [];
  #onOutput = (bytes: Uint8Array) => {
    if (this.#open) this.emit('data', Uint8Array.from(bytes));
  };
  #onPlugged = (plugged: boolean) => {
    if (plugged || !this.#open) return;
    this.#detach();
    this.emit('close', new EmulatedLinkError('disconnected', `${this.path}: device unplugged`));
  };

  constructor(
    readonly emulator: Emulator,
    readonly path = `emulated:${emulator.kind}`,
  ) {
    super();
    this.#baudRate = emulator.baudRate;
  }

  get description(): string {
    return `emulated ${this.path}${this.#baudRate ? ` @${this.#baudRate}` : ''}`;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    if (!this.emulator.plugged)
      throw new EmulatedLinkError('notFound', `Error: No such file or directory, cannot open ${this.path}`);
    this.#open = true;
    this.emulator.on('output', this.#onOutput);
    this.emulator.on('plugged', this.#onPlugged);
  }

  /** Resolves once the bytes have crossed the emulated wire, as a drained UART write would. */
  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new EmulatedLinkError('disconnected', `${this.description} is not open`);
    const copy = Uint8Array.from(bytes);
    this.written.push(copy);
    await this.emulator.linkDelay(copy.length);
    if (!this.#open) throw new EmulatedLinkError('disconnected', `${this.path}: device unplugged`);
    this.emulator.receive(copy);
  }

  /** The port follows the device to a new line speed (the device switches itself on its command). */
  async updateBaudRate(baudRate: number): Promise<void> {
    if (!this.#open) throw new EmulatedLinkError('disconnected', `${this.description} is not open`);
    this.#baudRate = baudRate;
  }

  /** Closing by the host emits no `close`, as for the daemon's serial transport. */
  async close(): Promise<void> {
    this.#detach();
  }

  #detach(): void {
    this.#open = false;
    this.emulator.off('output', this.#onOutput);
    this.emulator.off('plugged', this.#onPlugged);
  }
}

/** Lets every pending promise continuation run (no timer, no event-loop turn). */
export async function settle(rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Runs a ManualClock forward in small steps until `done()` holds, settling promise chains after each
 * step; fails when it does not hold within `withinMs` of clock time. Deterministic: no wall clock.
 * Resolves with the clock time it took.
 */
export async function runUntil(
  clock: ManualClock,
  done: () => boolean,
  {
    withinMs = 10_000,
    stepMs = 1,
    what = 'the condition',
  }: { withinMs?: number; stepMs?: number; what?: string } = {},
): Promise<number> {
  const start = clock.now();
  await settle();
  while (!done()) {
    if (clock.now() - start >= withinMs)
      throw new Error(`${what} did not hold within ${withinMs} ms of clock time`);
    await clock.advance(stepMs);
    await settle();
  }
  return clock.now() - start;
}

/** Runs a ManualClock forward by `ms` in small steps, settling promise chains after each. */
export async function runFor(clock: ManualClock, ms: number, stepMs = 1): Promise<void> {
  await settle();
  for (let t = 0; t < ms; t += stepMs) {
    await clock.advance(Math.min(stepMs, ms - t));
    await settle();
  }
}

/** Runs a ManualClock forward until `promise` settles, then hands back its outcome. */
export async function settleOnClock<T>(
  clock: ManualClock,
  promise: Promise<T>,
  options: { withinMs?: number; stepMs?: number } = {},
): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await runUntil(clock, () => settled, { ...options, what: 'the operation' });
  return promise;
}
