/**
 * How long to wait before the next connection attempt: `firstMs`, multiplied by `factor` after each
 * failed attempt up to `maxMs`, and back to `firstMs` once a connection opens. The drivers use a
 * factor of 1 (a steady retry every `reconnectMs`), which is what a kiosk technician expects when
 * plugging a device back in; a kind with costly reconnections can grow it.
 */
export type BackoffPolicy = { firstMs: number; factor?: number; maxMs?: number };

export class Backoff {
  #nextMs: number;

  constructor(private readonly policy: BackoffPolicy) {
    this.#nextMs = policy.firstMs;
  }

  /** The wait before the next attempt; each call grows the following one. */
  next(): number {
    const ms = this.#nextMs;
    const { factor = 1, maxMs = Number.POSITIVE_INFINITY, firstMs } = this.policy;
    this.#nextMs = Math.min(Math.max(firstMs, ms * factor), maxMs);
    return ms;
  }

  reset(): void {
    this.#nextMs = this.policy.firstMs;
  }
}
