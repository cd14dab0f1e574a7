import type { Clock, ClockTimer } from '@hall-kiosk/shared';

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
