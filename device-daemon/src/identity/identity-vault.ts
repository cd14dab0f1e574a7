import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { CardRead } from '../devices/id-card/id-card-driver.ts';
import type { CardIdentity } from '../core/card-identity.ts';
import type { Logger } from '../log.ts';

/**
 * The one place a citizen's identity lives: in memory, for one session. It is never logged, never
 * written to the database or a file, and is wiped when the session ends (Session.End), when the next
 * card is read, or after `maxHoldMs` whatever happens — so a kiosk left mid-session forgets by itself.
 * Wiping zeroes the photo and fingerprint bytes and drops every reference (JS strings cannot be
 * zeroed in place; the raw text block was zeroed by the driver as soon as it was decoded).
 */
export class IdentityVault {
  #held: CardRead | null = null;
  #timer: ClockTimer | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly maxHoldMs = 10 * 60_000,
  ) {}

  hold(read: CardRead): void {
    this.wipe('replaced by a new card');
    this.#held = read;
    this.#timer = this.clock.setTimeout(() => this.wipe('held for the maximum time'), this.maxHoldMs);
  }

  /** For use inside the daemon only (priority, appointment matching, salted hashes). */
  get identity(): CardIdentity | null {
    return this.#held?.identity ?? null;
  }

  get holding(): boolean {
    return this.#held !== null;
  }

  wipe(reason: string): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#held) return;
    this.#held.photo.fill(0);
    this.#held.fingerprint?.fill(0);
    this.#held = null;
    this.log.info({ reason }, 'identity wiped');
  }
}
