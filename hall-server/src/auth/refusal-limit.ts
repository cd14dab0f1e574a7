import type { Clock } from '@hall-kiosk/shared';

export type RefusalLimitOptions = {
  /** Refusals from one source, within `lockMs` of its first, before that source is locked out. */
  maxRefusals: number;
  lockMs: number;
  /** Refusals from all sources together before every source is locked out. */
  globalMaxRefusals: number;
};

/** What the limit wants written to the audit log: one row per counted refusal, one per lock and its end. */
export type RefusalAuditEvent =
  | { kind: 'refused'; source: string; leftBeforeLock: number }
  | { kind: 'locked'; source: string; scope: 'source' | 'global'; untilMs: number }
  | { kind: 'lockEnded'; source: string; scope: 'source' | 'global'; refusedWhileLocked: number };

type Bucket = { refusals: number; since: number; lockedUntil: number; refusedWhileLocked: number };

const GLOBAL = '*';

/**
 * Limits how often a source may present something the hall refuses, when checking it is cheap and
 * guessing it hopeless (an enrolment code: 60 bits, one hour) but each refusal would otherwise cost an
 * audit row. Unlike `CredentialGuard` (a PIN: a slow check, and a small space), checks in flight are
 * not held back: a script enrolling many devices at once from one address is not mistaken for a
 * guesser. What holds under concurrency is the audit: at most `maxRefusals` rows per source (and
 * `globalMaxRefusals` in all) per lock period, then one for the lock and one when it ends, with how
 * many attempts it turned away; refusals that finish after the lock was set are counted there, not
 * written. Refusals older than `lockMs` are forgotten, and so is a source with nothing left to remember,
 * whether or not it comes back.
 */
export class RefusalLimit {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly options: RefusalLimitOptions,
    private readonly onAudit: (event: RefusalAuditEvent) => void,
  ) {}

  /** How many sources are remembered (for tests: memory stays bounded). */
  get trackedSources(): number {
    return this.#buckets.size;
  }

  /** Before a check: seconds `source` must wait (the attempt is counted as turned away), or 0 to go on. */
  blocked(source: string): number {
    const now = this.clock.now();
    let wait = 0;
    for (const key of [source, GLOBAL]) {
      const b = this.#settled(key, now);
      if (b && b.lockedUntil > now) {
        b.refusedWhileLocked++;
        wait = Math.max(wait, Math.ceil((b.lockedUntil - now) / 1000));
      }
    }
    return wait;
  }

  /** After a check that refused: counts it; returns the seconds to wait when `source` is now locked out. */
  refused(source: string): number {
    const now = this.clock.now();
    let wait = 0;
    for (const key of [source, GLOBAL]) {
      const max = key === GLOBAL ? this.options.globalMaxRefusals : this.options.maxRefusals;
      const b = this.#settled(key, now) ?? this.#fresh(key, now);
      if (b.lockedUntil > now) {
        // Finished after the lock was set (it was in flight): turned away, not written.
        b.refusedWhileLocked++;
        wait = Math.max(wait, Math.ceil((b.lockedUntil - now) / 1000));
        continue;
      }
      b.refusals++;
      if (b.refusals >= max) {
        b.lockedUntil = now + this.options.lockMs;
        wait = Math.max(wait, Math.ceil(this.options.lockMs / 1000));
        this.onAudit({ kind: 'locked', ...this.#who(key, source), untilMs: b.lockedUntil });
      }
    }
    const own = this.#buckets.get(source);
    if (wait === 0 && own)
      this.onAudit({ kind: 'refused', source, leftBeforeLock: this.options.maxRefusals - own.refusals });
    return wait;
  }

  /** After a check that succeeded: the source's own refusals are forgotten. */
  succeeded(source: string): void {
    const b = this.#buckets.get(source);
    if (b && b.lockedUntil <= this.clock.now()) this.#buckets.delete(source);
  }

  #who(key: string, source: string): { source: string; scope: 'source' | 'global' } {
    return key === GLOBAL
      ? { source: `all sources (last: ${source})`, scope: 'global' }
      : { source, scope: 'source' };
  }

  /**
   * A new bucket, after settling every other: a source that never comes back is forgotten all the
   * same, so the buckets are those of the last lock period, never more than its refusals.
   */
  #fresh(key: string, now: number): Bucket {
    for (const other of [...this.#buckets.keys()]) this.#settled(other, now);
    const b = { refusals: 0, since: now, lockedUntil: 0, refusedWhileLocked: 0 };
    this.#buckets.set(key, b);
    return b;
  }

  /** The bucket as of `now`: a lock that has run out ends (audited once); old refusals are forgotten. */
  #settled(key: string, now: number): Bucket | undefined {
    const b = this.#buckets.get(key);
    if (!b) return undefined;
    if (b.lockedUntil !== 0 && now >= b.lockedUntil) {
      this.onAudit({
        kind: 'lockEnded',
        source: key === GLOBAL ? 'all sources' : key,
        scope: key === GLOBAL ? 'global' : 'source',
        refusedWhileLocked: b.refusedWhileLocked,
      });
      this.#buckets.delete(key);
      return undefined;
    }
    if (b.lockedUntil === 0 && now - b.since >= this.options.lockMs) {
      this.#buckets.delete(key);
      return undefined;
    }
    return b;
  }
}
