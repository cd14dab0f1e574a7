import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '@hall-kiosk/shared';

/** A control action sent to an emulator from a test or the control page. */
export type ControlAction = { action: string; [arg: string]: unknown };

export type ControlResult = { ok: true } | { ok: false; error: string };

type EmulatorEvents = {
  /** Bytes the device sends to the host, already delayed by the link's transfer time. */
  output: [Uint8Array];
  /** The device was unplugged (false) or plugged back in (true). */
  plugged: [boolean];
  /** Anything visible on the control page changed. */
  changed: [];
};

export type EmulatorOptions = {
  clock?: Clock;
  /** When set, each byte the device sends takes 10 bits at this rate (8N1), as on a real serial line. */
  baudRate?: number;
};

/**
 * The base of every device emulator: the real byte protocol goes in through `receive`, replies come
 * out through the `output` event, paced like the physical link. Subclasses add the device's state,
 * its fault behaviours and a `control` entry point for tests and the control page.
 *
 * Emulators know nothing of how they are attached (in-process binding, pseudo-terminal, TCP): the
 * attachments in this folder connect them.
 */
export abstract class Emulator extends EventEmitter<EmulatorEvents> {
  abstract readonly kind: string;
  protected readonly clock: Clock;
  #baudRate: number | undefined;
  #plugged = true;
  #linkFreeAt = 0;
  /** Extra delay before each reply, for "slow replies" faults. */
  protected replyDelayMs = 0;
  /** When true the device reads but never answers ("no reply" fault). */
  protected mute = false;

  constructor(options: EmulatorOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.#baudRate = options.baudRate;
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  get baudRate(): number | undefined {
    return this.#baudRate;
  }

  /** The device switched its line speed (e.g. on a set-baud command): replies are paced at the new rate. */
  protected setBaudRate(baudRate: number): void {
    this.#baudRate = baudRate;
  }

  /** How long `n` bytes take on the link (10 bits a byte, 8N1); 0 when no baud rate is set. */
  wireTimeMs(n: number): number {
    return this.#baudRate ? (n * 10 * 1000) / this.#baudRate : 0;
  }

  /** Resolves after `n` bytes' transfer time on this emulator's clock. */
  linkDelay(n: number): Promise<void> {
    const ms = this.wireTimeMs(n);
    return ms > 0 ? new Promise((resolve) => this.clock.setTimeout(resolve, ms)) : Promise.resolve();
  }

  /** Bytes from the host. Ignored while unplugged, as a cable that is not there carries nothing. */
  receive(bytes: Uint8Array): void {
    if (!this.#plugged) return;
    this.onHostBytes(bytes);
  }

  setPlugged(plugged: boolean): void {
    if (plugged === this.#plugged) return;
    this.#plugged = plugged;
    this.emit('plugged', plugged);
    this.emit('changed');
  }

  /** Sends bytes to the host after the time they take on the wire (and any injected delay). */
  protected send(bytes: Uint8Array): void {
    if (!this.#plugged || this.mute || bytes.length === 0) return;
    const wireMs = this.wireTimeMs(bytes.length);
    const now = this.clock.now();
    const start = Math.max(now + this.replyDelayMs, this.#linkFreeAt);
    this.#linkFreeAt = start + wireMs;
    const delay = this.#linkFreeAt - now;
    const copy = Uint8Array.from(bytes);
    if (delay <= 0) this.emit('output', copy);
    else this.clock.setTimeout(() => this.#plugged && this.emit('output', copy), delay);
  }

  /** Handles the common actions (unplug/plug/slow/mute), then the device's own. */
  control(action: ControlAction): ControlResult {
    switch (action.action) {
      case 'unplug':
        this.setPlugged(false);
        return { ok: true };
      case 'plug':
        this.setPlugged(true);
        return { ok: true };
      case 'slowReplies': {
        const ms = Number(action.ms ?? 500);
        if (!Number.isFinite(ms) || ms < 0 || ms > 60_000) return { ok: false, error: 'ms must be 0–60000' };
        this.replyDelayMs = ms;
        this.emit('changed');
        return { ok: true };
      }
      case 'noReply':
        this.mute = action.on !== false;
        this.emit('changed');
        return { ok: true };
      default:
        return this.deviceControl(action);
    }
  }

  /** What the control page and tests see of this device. */
  snapshot(): Record<string, unknown> {
    return {
      kind: this.kind,
      plugged: this.#plugged,
      replyDelayMs: this.replyDelayMs,
      noReply: this.mute,
      ...this.deviceSnapshot(),
    };
  }

  /** The actions this emulator understands, for the control page's buttons. */
  abstract readonly actions: readonly string[];
  protected abstract onHostBytes(bytes: Uint8Array): void;
  protected abstract deviceControl(action: ControlAction): ControlResult;
  protected abstract deviceSnapshot(): Record<string, unknown>;
}

export const COMMON_ACTIONS = ['unplug', 'plug', 'slowReplies', 'noReply'] as const;
