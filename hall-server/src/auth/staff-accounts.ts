import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import {
  CredentialGuard,
  hashPin,
  MIN_PIN_LENGTH,
  verifyPin,
  type GuardAuditEvent,
} from '@hall-kiosk/device-daemon';
import type { Audit } from '../audit.ts';

export type StaffRole = 'counter' | 'supervisor' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['counter', 'supervisor', 'admin'];

/** Who is signed in: what every staff route gets. */
export type StaffSession = { token: string; staffId: number; number: string; name: string; role: StaffRole };

export type StaffLoginResult =
  | { ok: true; session: StaffSession; expiresAt: number }
  | { ok: false; reason: 'wrongPin'; attemptsLeft: number }
  | { ok: false; reason: 'tooShort'; minLength: number }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

export class StaffAccountError extends Error {
  constructor(
    readonly code: 'badRequest' | 'exists' | 'notFound',
    message: string,
  ) {
    super(message);
    this.name = 'StaffAccountError';
  }
}

const NUMBER = /^[A-Za-z0-9]{1,16}$/;

/** Five wrong PINs for one account from one source lock it there for five minutes (hall-wide: 50). */
export const STAFF_LOCKOUT = { maxFailures: 5, lockMs: 5 * 60_000 };

/** A hash no PIN matches, checked for unknown staff numbers so they take as long as known ones. */
let decoy: Promise<string> | null = null;

type Row = { id: number; number: string; name: string; role: StaffRole; pin_hash: string; active: boolean };

/**
 * The hall's staff accounts: one per person (工号 + PIN), with a role. Sign-in goes through one
 * `CredentialGuard` per account, so lock-outs are per account and source and hold under concurrency
 * (the guard admits at most `maxFailures` checks per source at once); unknown numbers share one guard
 * and are checked against a decoy hash, so a stranger learns nothing from the answer or its timing.
 * Sessions are random tokens in memory (a restart signs everyone out), sliding `sessionMs`.
 */
export class StaffAccounts {
  readonly #guards = new Map<string, { guard: CredentialGuard; hash: string }>();
  readonly #sessions = new Map<string, { staffId: number; expiresAt: number }>();
  readonly #pool: Pool;
  readonly #clock: Clock;
  readonly #audit: Audit;
  readonly #sessionMs: number;
  readonly #hashCost: Parameters<typeof hashPin>[1];

  constructor(deps: {
    pool: Pool;
    clock: Clock;
    audit: Audit;
    sessionMs: number;
    /** scrypt cost for new PINs (tests use a cheap one). */
    hashCost?: Parameters<typeof hashPin>[1];
  }) {
    this.#pool = deps.pool;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#sessionMs = deps.sessionMs;
    this.#hashCost = deps.hashCost ?? {};
  }

  async create(
    account: { number: string; name: string; role: StaffRole; pin: string },
    by: string,
    source: string,
  ): Promise<{ id: number }> {
    if (!NUMBER.test(account.number))
      throw new StaffAccountError('badRequest', 'staff number: 1–16 letters or digits');
    const name = account.name.trim();
    if (name.length < 1 || name.length > 40)
      throw new StaffAccountError('badRequest', 'name: 1–40 characters');
    if (!STAFF_ROLES.includes(account.role))
      throw new StaffAccountError('badRequest', 'role: counter, supervisor or admin');
    if (account.pin.length < MIN_PIN_LENGTH || account.pin.length > 64)
      throw new StaffAccountError('badRequest', `PIN: ${MIN_PIN_LENGTH}–64 characters`);
    const hash = await hashPin(account.pin, this.#hashCost);
    const { rows } = await this.#pool.query<{ id: number }>(
      `INSERT INTO staff (number, name, role, pin_hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (number) DO NOTHING RETURNING id`,
      [account.number, name, account.role, hash, new Date(this.#clock.now())],
    );
    if (!rows[0]) throw new StaffAccountError('exists', `staff number ${account.number} already exists`);
    await this.#audit.write(by, source, 'staffCreated', `${account.number} (${account.role})`);
    return { id: rows[0].id };
  }

  /** Deactivates an account: it cannot sign in, and its sessions end now. */
  async deactivate(staffId: number, by: string, source: string): Promise<void> {
    const { rows } = await this.#pool.query<{ number: string }>(
      'UPDATE staff SET active = false WHERE id = $1 RETURNING number',
      [staffId],
    );
    if (!rows[0]) throw new StaffAccountError('notFound', `no staff account ${staffId}`);
    for (const [token, s] of this.#sessions) if (s.staffId === staffId) this.#sessions.delete(token);
    this.#guards.delete(rows[0].number);
    await this.#audit.write(by, source, 'staffDeactivated', rows[0].number);
  }

  async list(): Promise<Array<Omit<Row, 'pin_hash'>>> {
    const { rows } = await this.#pool.query<Row>(
      'SELECT id, number, name, role, pin_hash, active FROM staff ORDER BY number',
    );
    return rows.map(({ pin_hash: _h, ...r }) => r);
  }

  #guardFor(number: string, hash: string): CredentialGuard {
    const known = this.#guards.get(number);
    if (known && known.hash === hash) return known.guard;
    const guard = new CredentialGuard(hash, this.#clock, {
      ...STAFF_LOCKOUT,
      sessionMs: this.#sessionMs,
      onAudit: (e) => this.#auditGuard(number, e),
      verify: verifyPin,
    });
    this.#guards.set(number, { guard, hash });
    return guard;
  }

  #auditGuard(number: string, e: GuardAuditEvent): void {
    const actor = `staff#${number}`;
    const write = (action: string, detail: string) =>
      this.#audit.writeInBackground(actor, e.source, action, detail);
    if (e.kind === 'loginFailed') write('wrongPin', `${e.attemptsLeft} attempts left`);
    else if (e.kind === 'lockedOut')
      write(
        'locked',
        `${e.scope === 'global' ? 'every source' : 'this source'} until ${new Date(e.untilMs).toISOString()}`,
      );
    else if (e.kind === 'lockEnded')
      write('lockEnded', `${e.refusedWhileLocked} attempts refused while locked`);
  }

  /** Signs in with 工号 + PIN from `source` (the client's address). */
  async login(number: unknown, pin: unknown, source: string): Promise<StaffLoginResult> {
    const num = typeof number === 'string' && NUMBER.test(number) ? number : null;
    const { rows } = num
      ? await this.#pool.query<Row>(
          'SELECT id, number, name, role, pin_hash, active FROM staff WHERE number = $1',
          [num],
        )
      : { rows: [] as Row[] };
    const row = rows[0]?.active ? rows[0] : undefined;
    // Unknown or inactive numbers: one shared guard over a hash no PIN matches.
    decoy ??= hashPin(randomBytes(24).toString('base64'), this.#hashCost);
    const guard = row ? this.#guardFor(row.number, row.pin_hash) : this.#guardFor('?', await decoy);
    const result = await guard.login(pin, source);
    if (!result.ok) return result;
    guard.logout(result.token);
    if (!row) return { ok: false, reason: 'wrongPin', attemptsLeft: 0 };
    // "s." tells a staff token from a device token ("d.") at a glance, in the router too.
    const token = `s.${randomBytes(24).toString('base64url')}`;
    const expiresAt = this.#clock.now() + this.#sessionMs;
    this.#sessions.set(token, { staffId: row.id, expiresAt });
    await this.#audit.write(`staff#${row.number}`, source, 'signIn', row.role);
    return {
      ok: true,
      session: { token, staffId: row.id, number: row.number, name: row.name, role: row.role },
      expiresAt,
    };
  }

  /** The session of a token if it is valid now (using it extends it); the account must still be active. */
  async session(token: string | null | undefined): Promise<StaffSession | null> {
    if (!token) return null;
    const s = this.#sessions.get(token);
    const now = this.#clock.now();
    if (!s) return null;
    if (s.expiresAt <= now) {
      this.#sessions.delete(token);
      return null;
    }
    const { rows } = await this.#pool.query<Row>(
      'SELECT id, number, name, role, pin_hash, active FROM staff WHERE id = $1',
      [s.staffId],
    );
    const row = rows[0];
    if (!row?.active) {
      this.#sessions.delete(token);
      return null;
    }
    s.expiresAt = now + this.#sessionMs;
    return { token, staffId: row.id, number: row.number, name: row.name, role: row.role };
  }

  logout(token: string): void {
    this.#sessions.delete(token);
  }
}
