import { randomBytes } from 'node:crypto';
import type { Clock } from '@hall-kiosk/shared';
import { verifyPin } from './pin-hash.ts';

export type LoginResult =
  | { ok: true; token: string; expiresAt: number }
  | { ok: false; reason: 'wrongPin'; attemptsLeft: number }
  | { ok: false; reason: 'tooShort'; minLength: number }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** What the guard wants written to the audit log: bounded, at most one lock row per source and period. */
export type GuardAuditEvent =
  | { kind: 'loginFailed'; source: string; attemptsLeft: number }
  | { kind: 'lockedOut'; source: string; scope: 'source' | 'global'; untilMs: number }
  | { kind: 'lockEnded'; source: string; scope: 'source' | 'global'; refusedWhileLocked: number }
  | { kind: 'loggedIn'; source: string };

export type GuardOptions = {
  /** Wrong PINs from one source before that source is locked out. */
  maxFailures: number;
  lockMs: number;
  sessionMs: number;
  /** Wrong PINs from all sources together before everybody is locked out (default: 10 × maxFailures). */
  globalMaxFailures?: number;
  /** PINs shorter than this are refused without being checked. */
  minPinLength?: number;
  onAudit?: (event: GuardAuditEvent) => void;
  /** The check of a PIN against the stored hash (scrypt); injectable so tests can count evaluations. */
  verify?: (pin: string, hash: string) => Promise<boolean>;
};

export const MIN_PIN_LENGTH = 6;
const GLOBAL = '*';

type Bucket = {
  failures: number;
  inFlight: number;
  lockedUntil: number;
  refused: number;
  /** When the last wrong PIN was known: the count is forgotten a lock period after it. */
  lastFailureAt: number;
};

/**
 * Guards one credential (the staff PIN, the technician PIN).
 *
 * Lock-outs hold under concurrency: an attempt is admitted to the (slow) scrypt check only while
 * `failures + attempts in flight < maxFailures` for its source, and likewise hall-wide at a much higher
 * threshold, so however many guesses arrive at once, at most `maxFailures` per source (and
 * `globalMaxFailures` in all) are ever evaluated per lock period. Lock-outs are per source, so a
 * stranger cannot keep the staff out by guessing from elsewhere; the global lock only stops a spread-out
 * attack. Wrong PINs count within a window: a lock period after the last one, with no lock, they are
 * forgotten, so typos spread over weeks of uptime never add up to a lock, and a source that guessed
 * and went away is not remembered for good. Tokens are random, live in memory only (a restart signs
 * everybody out) and expire after `sessionMs` without use.
 */
export class CredentialGuard {
  #buckets = new Map<string, Bucket>();
  #sessions = new Map<string, number>();
  readonly #max: number;
  readonly #globalMax: number;
  readonly #minLength: number;
  readonly #verify: (pin: string, hash: string) => Promise<boolean>;

  constructor(
    private readonly pinHash: string,
    private readonly clock: Clock,
    private readonly options: GuardOptions,
  ) {
    this.#max = options.maxFailures;
    this.#globalMax = options.globalMaxFailures ?? options.maxFailures * 10;
    this.#minLength = options.minPinLength ?? MIN_PIN_LENGTH;
    this.#verify = options.verify ?? verifyPin;
  }

  #bucket(key: string): Bucket {
    let b = this.#buckets.get(key);
    if (!b) {
      b = { failures: 0, inFlight: 0, lockedUntil: 0, refused: 0, lastFailureAt: 0 };
      this.#buckets.set(key, b);
    }
    return b;
  }

  /**
   * Ends a lock that has run out (auditing it once), forgets wrong PINs a lock period old, and
   * forgets idle, clean buckets.
   */
  #settle(key: string, b: Bucket, now: number): void {
    if (
      b.lockedUntil === 0 &&
      b.inFlight === 0 &&
      b.failures > 0 &&
      now - b.lastFailureAt >= this.options.lockMs
    )
      b.failures = 0;
    if (b.lockedUntil !== 0 && now >= b.lockedUntil) {
      this.options.onAudit?.({
        kind: 'lockEnded',
        source: key === GLOBAL ? 'all sources' : key,
        scope: key === GLOBAL ? 'global' : 'source',
        refusedWhileLocked: b.refused,
      });
      b.lockedUntil = 0;
      b.failures = 0;
      b.refused = 0;
    }
    if (b.failures === 0 && b.inFlight === 0 && b.lockedUntil === 0) this.#buckets.delete(key);
  }

  #lock(key: string, b: Bucket, now: number): void {
    b.lockedUntil = now + this.options.lockMs;
    this.options.onAudit?.({
      kind: 'lockedOut',
      source: key === GLOBAL ? 'all sources' : key,
      scope: key === GLOBAL ? 'global' : 'source',
      untilMs: b.lockedUntil,
    });
  }

  /** Forgets a source that has nothing to remember, so refused strangers do not pile up in memory. */
  #dropIdle(source: string): void {
    for (const key of [source, GLOBAL]) {
      const b = this.#buckets.get(key);
      if (b && b.failures === 0 && b.inFlight === 0 && b.lockedUntil === 0) this.#buckets.delete(key);
    }
  }

  /** How many sources the guard remembers (for tests: memory stays bounded). */
  get trackedSources(): number {
    return this.#buckets.size;
  }

  /** How many sessions it keeps, expired ones not yet forgotten included (for tests, as above). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Seconds until `source` may try again, or 0 when it may now. */
  retryAfterSeconds(source: string): number {
    const now = this.clock.now();
    const until = Math.max(
      this.#buckets.get(source)?.lockedUntil ?? 0,
      this.#buckets.get(GLOBAL)?.lockedUntil ?? 0,
    );
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  async login(pin: unknown, source = 'local'): Promise<LoginResult> {
    const now = this.clock.now();
    // A source it does not remember: every source is settled first, so the map holds the sources of
    // one window (and of locks still running), not of all time.
    const keys = this.#buckets.has(source) ? [source, GLOBAL] : [...this.#buckets.keys()];
    for (const key of keys) {
      const existing = this.#buckets.get(key);
      if (existing) this.#settle(key, existing, now);
    }
    const src = this.#bucket(source);
    const all = this.#bucket(GLOBAL);
    const locked = (b: Bucket) => b.lockedUntil > now;
    if (locked(src) || locked(all)) {
      if (locked(src)) src.refused++;
      if (locked(all)) all.refused++;
      this.#dropIdle(source);
      return { ok: false, reason: 'locked', retryAfterSeconds: this.retryAfterSeconds(source) };
    }
    // Not a PIN at all: refused without the check, not counted, and nothing kept for it.
    if (typeof pin !== 'string' || pin.length > 64) {
      this.#dropIdle(source);
      return { ok: false, reason: 'wrongPin', attemptsLeft: this.#max - src.failures };
    }
    if (pin.length < this.#minLength) {
      this.#dropIdle(source);
      return { ok: false, reason: 'tooShort', minLength: this.#minLength };
    }
    // Admission before the slow check: attempts in flight count as failures until they are known.
    if (src.failures + src.inFlight >= this.#max || all.failures + all.inFlight >= this.#globalMax) {
      src.refused++;
      this.#dropIdle(source);
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.max(1, this.retryAfterSeconds(source)) };
    }
    src.inFlight++;
    all.inFlight++;
    let right: boolean;
    try {
      right = await this.#verify(pin, this.pinHash);
    } finally {
      src.inFlight--;
      all.inFlight--;
    }
    const after = this.clock.now();
    if (right) {
      src.failures = 0;
      this.options.onAudit?.({ kind: 'loggedIn', source });
      this.#settle(source, src, after);
      this.#dropIdle(source);
      return { ok: true, ...this.issue() };
    }
    src.failures++;
    all.failures++;
    src.lastFailureAt = after;
    all.lastFailureAt = after;
    if (all.failures >= this.#globalMax && !locked(all)) this.#lock(GLOBAL, all, after);
    if (src.failures >= this.#max) {
      this.#lock(source, src, after);
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(this.options.lockMs / 1000) };
    }
    const attemptsLeft = this.#max - src.failures;
    this.options.onAudit?.({ kind: 'loginFailed', source, attemptsLeft });
    return { ok: false, reason: 'wrongPin', attemptsLeft };
  }

  /** A session for someone proven another way (a technician card). */
  issue(): { token: string; expiresAt: number } {
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    // Sessions nobody ended (a tab closed without signing out) are forgotten once expired.
    for (const [t, expires] of this.#sessions) if (expires <= now) this.#sessions.delete(t);
    const expiresAt = now + this.options.sessionMs;
    this.#sessions.set(token, expiresAt);
    return { token, expiresAt };
  }

  /** Whether a token is valid now; using it extends it. */
  check(token: string | null | undefined): boolean {
    if (!token) return false;
    const expires = this.#sessions.get(token);
    const now = this.clock.now();
    if (expires === undefined) return false;
    if (expires <= now) {
      this.#sessions.delete(token);
      return false;
    }
    this.#sessions.set(token, now + this.options.sessionMs);
    return true;
  }

  logout(token: string): void {
    this.#sessions.delete(token);
  }
}
