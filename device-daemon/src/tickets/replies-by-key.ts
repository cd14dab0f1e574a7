/**
 * Answers kept by a request's key, so that a request sent again with the same key (the sender heard
 * no answer) gets the first answer instead of being done twice. A repeat that arrives while the first
 * is still running waits for it. Only answers `keep` accepts are kept (a refusal may be decided again);
 * a failure is never kept. Keys are kept `keepMs` (default 10 minutes, longer than any retry of one
 * citizen's session), and beyond `max` the oldest are dropped
 * before a new one is kept.
 */
export class RepliesByKey<T> {
  readonly #entries = new Map<string, { reply: Promise<T>; at: number }>();
  readonly #now: () => number;
  readonly #keep: (reply: T) => boolean;
  readonly #keepMs: number;
  readonly #max: number;

  constructor(o: { now: () => number; keep?: (reply: T) => boolean; keepMs?: number; max?: number }) {
    this.#now = o.now;
    this.#keep = o.keep ?? (() => true);
    this.#keepMs = o.keepMs ?? 10 * 60_000;
    this.#max = o.max ?? 1000;
  }

  /** Runs `work` for a new key (or no key); for a key already answered, returns that answer. */
  once(key: string | undefined, work: () => Promise<T>): Promise<T> {
    if (key === undefined) return work();
    const now = this.#now();
    for (const [k, e] of this.#entries) {
      if (now - e.at < this.#keepMs && this.#entries.size <= this.#max) break;
      this.#entries.delete(k);
    }
    const known = this.#entries.get(key);
    if (known) return known.reply;
    const reply = work();
    this.#entries.set(key, { reply, at: now });
    reply.then(
      (r) => {
        if (!this.#keep(r)) this.#entries.delete(key);
      },
      () => this.#entries.delete(key),
    );
    return reply;
  }

  get size(): number {
    return this.#entries.size;
  }
}
