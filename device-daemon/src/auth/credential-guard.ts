import { randomBytes } from 'node:crypto';
import type { Clock } from '@hall-kiosk/shared';
import { verifyPin } from './pin-hash.ts';

export type LoginResult =
  | { ok: true; token: string; expiresAt: number }
  | { ok: false; reason: 'wrongPin'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/**
 * Guards one credential (the staff PIN, the technician PIN): checks PINs against the stored hash,
 * locks entry for `lockMs` after `maxFailures` wrong PINs in a row, and hands out random session
 * tokens that expire after `sessionMs` without use. Tokens live in memory only: a restart signs
 * everybody out, which is what a kiosk wants.
 */
export class CredentialGuard {
  #failures = 0;
  #lockedUntil = 0;
  #sessions = new Map<string, number>();

  constructor(
    private readonly pinHash: string,
    private readonly clock: Clock,
    private readonly options: { maxFailures: number; lockMs: number; sessionMs: number },
  ) {}

  async login(pin: string): Promise<LoginResult> {
    const now = this.clock.now();
    if (now < this.#lockedUntil) {
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((this.#lockedUntil - now) / 1000) };
    }
    // Count the attempt before the slow check, so parallel guesses cannot all slip in.
    this.#failures++;
    const attempt = this.#failures;
    if (
      typeof pin !== 'string' ||
      pin.length === 0 ||
      pin.length > 64 ||
      !(await verifyPin(pin, this.pinHash))
    ) {
      if (attempt >= this.options.maxFailures) {
        this.#lockedUntil = this.clock.now() + this.options.lockMs;
        this.#failures = 0;
        return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(this.options.lockMs / 1000) };
      }
      return { ok: false, reason: 'wrongPin', attemptsLeft: this.options.maxFailures - attempt };
    }
    this.#failures = 0;
    return { ok: true, ...this.issue() };
  }

  /** A session for someone proven another way (a technician card). */
  issue(): { token: string; expiresAt: number } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + this.options.sessionMs;
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
