import type { Clock, ClockTimer } from '@hall-kiosk/shared';

/**
 * Runs exchanges with a device one at a time (a status poll, a print job, a read): whatever was
 * queued before finishes, or fails, first. A failure never blocks what comes after.
 */
export class ExchangeQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/** One pending timer (reconnect, next poll): scheduling replaces it; nothing is scheduled once stopped. */
export class SingleTimer {
  #timer: ClockTimer | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly stopped: () => boolean,
  ) {}

  schedule(fn: () => unknown, ms: number): void {
    this.clear();
    if (this.stopped()) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      void fn();
    }, ms);
  }

  clear(): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
