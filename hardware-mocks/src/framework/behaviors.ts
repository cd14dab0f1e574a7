import type { Emulator } from './emulator.ts';

/**
 * Something an emulator does besides what its device's protocol says — a fault, mostly — plugged in
 * as an object (in the style of zwave-js's `MockControllerBehavior`). Each handler sees its input
 * before the device (or the wire) does and returns true when it has handled it: nothing further
 * happens to that input. Returning false lets it pass on unchanged.
 */
export interface EmulatorBehavior<E extends Emulator = Emulator> {
  /** Its control-API name (`noReply`, `splitFrames` …). Defining another of the same name replaces it. */
  readonly name: string;
  /**
   * Where it sits among the behaviours that see bytes going out: lower first. Protocol faults
   * (noise, split frames) come before link faults (slow replies, no reply). Default 50.
   */
  readonly order?: number;
  /** Bytes from the host, before the device decodes them. */
  onHostBytes?(emulator: E, bytes: Uint8Array): boolean;
  /**
   * Bytes the device is about to send. `forward` passes bytes on to the behaviours after this one
   * (and then the wire), optionally `delayMs` later; a behaviour that calls it, or drops the bytes,
   * returns true.
   */
  onSend?(emulator: E, bytes: Uint8Array, forward: (bytes: Uint8Array, delayMs?: number) => void): boolean;
  /** What the control page shows of it (merged into the emulator's snapshot). */
  snapshot?(): Record<string, unknown>;
}

/** The device reads but never answers (a dead controller, a wrong baud rate on its side). */
export function noReply(): EmulatorBehavior {
  return { name: 'noReply', order: 90, onSend: () => true, snapshot: () => ({ noReply: true }) };
}

/** Every reply leaves `ms` later than it would (a busy or slow device). */
export function slowReplies(ms: number): EmulatorBehavior {
  return {
    name: 'slowReplies',
    order: 80,
    onSend: (_e, bytes, forward) => {
      forward(bytes, ms);
      return true;
    },
    snapshot: () => ({ replyDelayMs: ms }),
  };
}
