import { randomBytes } from 'node:crypto';
import type { Clock } from '@hall-kiosk/shared';

export type DisplaySessionOptions = {
  /** A display's sign-in lasts this long from the moment it was made; using it does not extend it. */
  sessionMs: number;
  /** An event-stream ticket must be redeemed within this long, once. */
  ticketMs: number;
};

/** Unredeemed tickets kept per display session; older ones are dropped first. */
const MAX_TICKETS_PER_SESSION = 4;

const random = () => randomBytes(24).toString('base64url');

/**
 * The hall displays' credential: read-only sessions (they open no staff endpoint) with a fixed
 * lifetime, and the short-lived, single-use tickets that open an event stream — so no long-lived
 * credential ever travels in a URL. Everything lives in memory: a restart signs every display out.
 */
export class DisplaySessions {
  #sessions = new Map<string, number>();
  #tickets = new Map<string, { session: string; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: DisplaySessionOptions,
  ) {}

  issue(): { token: string; expiresAt: number } {
    this.#prune();
    const token = random();
    const expiresAt = this.clock.now() + this.options.sessionMs;
    this.#sessions.set(token, expiresAt);
    return { token, expiresAt };
  }

  /** When `token`'s session ends, or null when it is not a live display session. */
  expiresAt(token: string | null | undefined): number | null {
    if (!token) return null;
    const expires = this.#sessions.get(token);
    if (expires === undefined) return null;
    if (expires <= this.clock.now()) {
      this.end(token);
      return null;
    }
    return expires;
  }

  valid(token: string | null | undefined): boolean {
    return this.expiresAt(token) !== null;
  }

  /** Ends a session and every ticket it was given. */
  end(token: string): void {
    this.#sessions.delete(token);
    for (const [ticket, t] of this.#tickets) if (t.session === token) this.#tickets.delete(ticket);
  }

  /** A single-use ticket for one event stream, or null when `token` is not a live session. */
  ticket(token: string | null | undefined): { ticket: string; expiresAt: number } | null {
    const sessionEnds = this.expiresAt(token);
    if (sessionEnds === null) return null;
    this.#prune();
    const mine = [...this.#tickets].filter(([, t]) => t.session === token);
    for (const [old] of mine.slice(0, Math.max(0, mine.length - MAX_TICKETS_PER_SESSION + 1)))
      this.#tickets.delete(old);
    const ticket = random();
    const expiresAt = Math.min(this.clock.now() + this.options.ticketMs, sessionEnds);
    this.#tickets.set(ticket, { session: token!, expiresAt });
    return { ticket, expiresAt };
  }

  /** Redeems a ticket (once): the session it belongs to, or null when it is unknown, used or stale. */
  redeem(ticket: string | null | undefined): string | null {
    if (!ticket) return null;
    const t = this.#tickets.get(ticket);
    if (!t) return null;
    this.#tickets.delete(ticket);
    if (t.expiresAt <= this.clock.now() || !this.valid(t.session)) return null;
    return t.session;
  }

  #prune(): void {
    const now = this.clock.now();
    for (const [token, expires] of this.#sessions) if (expires <= now) this.#sessions.delete(token);
    for (const [ticket, t] of this.#tickets) if (t.expiresAt <= now) this.#tickets.delete(ticket);
  }
}
