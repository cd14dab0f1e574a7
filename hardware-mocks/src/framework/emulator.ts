import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import { noReply, slowReplies, type EmulatorBehavior } from './behaviors.ts';

/** A control action sent to an emulator from a test or the control page. */
export type ControlAction = { action: string; [arg: string]: unknown };

/** The control actions every emulator understands, parsed. */
export type CommonAction =
  | { action: 'unplug' }
  | { action: 'plug' }
  | { action: 'slowReplies'; ms: number }
  | { action: 'noReply'; on: boolean };

/**
 * Parses a common control action (the names the control API, `kiosk emulate` and tests use);
 * null when the action is not a common one (the device's own parser takes it), an error text when
 * its arguments are wrong.
 */
export function parseCommonAction(action: ControlAction): CommonAction | string | null {
  switch (action.action) {
    case 'unplug':
    case 'plug':
      return { action: action.action };
    case 'slowReplies': {
      const ms = Number(action.ms ?? 500);
      if (!Number.isFinite(ms) || ms < 0 || ms > 60_000) return 'ms must be 0–60000';
      return { action: 'slowReplies', ms };
    }
    case 'noReply':
      return { action: 'noReply', on: action.on !== false };
    default:
      return null;
  }
}

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
  /** Plugged-in behaviours (faults), in the order they see bytes going out. */
  #behaviors: EmulatorBehavior<this>[] = [];

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
    for (const b of this.#behaviors) if (b.onHostBytes?.(this, bytes)) return;
    this.onHostBytes(bytes);
  }

  /** Plugs in behaviours (faults); one of the same name as an existing one replaces it. */
  defineBehavior(...behaviors: EmulatorBehavior<this>[]): void {
    for (const b of behaviors) {
      this.#behaviors = this.#behaviors.filter((x) => x.name !== b.name);
      this.#behaviors.push(b);
    }
    // Stable: same order, first defined first.
    this.#behaviors.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
    this.emit('changed');
  }

  removeBehavior(name: string): void {
    const before = this.#behaviors.length;
    this.#behaviors = this.#behaviors.filter((b) => b.name !== name);
    if (this.#behaviors.length !== before) this.emit('changed');
  }

  hasBehavior(name: string): boolean {
    return this.#behaviors.some((b) => b.name === name);
  }

  /** The behaviours plugged in, for a device's own hooks (e.g. whole commands). */
  protected get activeBehaviors(): readonly EmulatorBehavior<this>[] {
    return this.#behaviors;
  }

  /** The names of the behaviours plugged in, in the order they see output. */
  get behaviors(): readonly string[] {
    return this.#behaviors.map((b) => b.name);
  }

  setPlugged(plugged: boolean): void {
    if (plugged === this.#plugged) return;
    this.#plugged = plugged;
    this.emit('plugged', plugged);
    this.emit('changed');
  }

  /**
   * Sends bytes to the host: through the plugged-in behaviours (which may change, delay or drop
   * them), then after the time they take on the wire.
   */
  protected send(bytes: Uint8Array): void {
    this.#sendFrom(0, bytes, 0);
  }

  #sendFrom(index: number, bytes: Uint8Array, delayMs: number): void {
    if (!this.#plugged || bytes.length === 0) return;
    for (let i = index; i < this.#behaviors.length; i++) {
      const forward = (out: Uint8Array, more = 0) => this.#sendFrom(i + 1, out, delayMs + more);
      if (this.#behaviors[i]!.onSend?.(this, bytes, forward)) return;
    }
    this.#transmit(bytes, delayMs);
  }

  #transmit(bytes: Uint8Array, delayMs: number): void {
    const wireMs = this.wireTimeMs(bytes.length);
    const now = this.clock.now();
    const start = Math.max(now + delayMs, this.#linkFreeAt);
    this.#linkFreeAt = start + wireMs;
    const delay = this.#linkFreeAt - now;
    const copy = Uint8Array.from(bytes);
    if (delay <= 0) this.emit('output', copy);
    else this.clock.setTimeout(() => this.#plugged && this.emit('output', copy), delay);
  }

  /** Handles the common actions (unplug/plug/slow/mute), then the device's own. */
  control(action: ControlAction): ControlResult {
    const common = parseCommonAction(action);
    if (common === null) return this.deviceControl(action);
    if (typeof common === 'string') return { ok: false, error: common };
    switch (common.action) {
      case 'unplug':
      case 'plug':
        this.setPlugged(common.action === 'plug');
        return { ok: true };
      case 'slowReplies':
        if (common.ms > 0) this.defineBehavior(slowReplies(common.ms));
        else this.removeBehavior('slowReplies');
        return { ok: true };
      case 'noReply':
        if (common.on) this.defineBehavior(noReply());
        else this.removeBehavior('noReply');
        return { ok: true };
    }
  }

  /** What the control page and tests see of this device. */
  snapshot(): Record<string, unknown> {
    return {
      kind: this.kind,
      plugged: this.#plugged,
      replyDelayMs: 0,
      noReply: false,
      ...Object.assign({}, ...this.#behaviors.map((b) => b.snapshot?.() ?? {})),
      behaviors: this.behaviors,
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
