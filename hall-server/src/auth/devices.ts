import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { Audit } from '../audit.ts';
import { RefusalLimit, type RefusalAuditEvent } from './refusal-limit.ts';

export type DeviceKind = 'kiosk' | 'display' | 'pad';
export const DEVICE_KINDS: readonly DeviceKind[] = ['kiosk', 'display', 'pad'];

/** An enrolled machine as every device route sees it. */
export type Device = {
  id: string;
  kind: DeviceKind;
  location: string;
  counterId: string | null;
  zoneId: string | null;
};

export type DeviceListing = Device & {
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** An unused, unexpired enrolment code exists for it. */
  codePending: boolean;
};

export class DeviceError extends Error {
  constructor(
    readonly code: 'badRequest' | 'notFound' | 'badCode' | 'locked',
    message: string,
    /** For `locked`: when the source may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Enrolment codes: 12 characters from an alphabet without look-alikes (0/O, 1/I/L), typed as XXXX-XXXX-XXXX. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENROLMENT_CODE_MINUTES = 60;
/**
 * Ten unknown, used or expired codes from one source stop enrolment from there for ten minutes
 * (from all sources together: a hundred). A code has 60 bits and lives an hour, so guessing is hopeless
 * anyway; the lock keeps a flood of guesses from writing an audit row each.
 */
export const ENROL_LOCKOUT = { maxRefusals: 10, lockMs: 10 * 60_000, globalMaxRefusals: 100 };
/** How exact a device's "last seen" is. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A code as typed: upper case, dashes and spaces ignored. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function newCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

type Row = {
  id: string;
  kind: DeviceKind;
  location: string;
  counter_id: string | null;
  zone_id: string | null;
  enrolled_at: Date | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  code_pending: boolean;
};

const toDevice = (r: Row): Device => ({
  id: r.id,
  kind: r.kind,
  location: r.location,
  counterId: r.counter_id,
  zoneId: r.zone_id,
});

/**
 * The machines of the hall and their credentials. An admin registers a device and gets a one-time
 * code (valid `ENROLMENT_CODE_MINUTES`); the device trades the code for a random 32-byte token
 * (`enrol`), of which the hall keeps only the SHA-256. Each request presents the token (bearer
 * header or cookie); `authenticate` looks it up, so revoking a device (or enrolling it again, which
 * replaces its token) takes effect on its next request.
 */
export class DeviceCredentials {
  /** Refused codes per source, for the lock-out and a bounded audit (RefusalLimit). */
  readonly #refusals: RefusalLimit;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly audit: Audit,
  ) {
    this.#refusals = new RefusalLimit(clock, ENROL_LOCKOUT, (e) => this.#auditRefusal(e));
  }

  /** Registers (or re-registers) a device and returns a fresh one-time code for it. */
  async register(
    device: {
      id: string;
      kind: DeviceKind;
      location?: string;
      counterId?: string | null;
      zoneId?: string | null;
    },
    by: { staffId: number; actor: string; source: string },
  ): Promise<{ code: string; expiresAt: string }> {
    if (!DEVICE_ID.test(device.id))
      throw new DeviceError('badRequest', 'device id: 1–64 letters, digits, . _ -');
    if (!DEVICE_KINDS.includes(device.kind))
      throw new DeviceError('badRequest', 'kind: kiosk, display or pad');
    if (device.kind === 'pad' && !device.counterId)
      throw new DeviceError('badRequest', 'a rating pad belongs to a window: give counterId');
    const location = (device.location ?? '').trim().slice(0, 80);
    const code = newCode();
    const now = new Date(this.clock.now());
    const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_MINUTES * 60_000);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (device.counterId) {
        const { rowCount } = await client.query('SELECT 1 FROM counters WHERE id = $1', [device.counterId]);
        if (!rowCount) throw new DeviceError('badRequest', `no window ${device.counterId}`);
      }
      await client.query(
        `INSERT INTO devices (id, kind, location, counter_id, zone_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, location = EXCLUDED.location,
           counter_id = EXCLUDED.counter_id, zone_id = EXCLUDED.zone_id`,
        [device.id, device.kind, location, device.counterId ?? null, device.zoneId ?? null],
      );
      await client.query('DELETE FROM enrolment_codes WHERE device_id = $1 AND used_at IS NULL', [device.id]);
      await client.query(
        `INSERT INTO enrolment_codes (code_hash, device_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [sha256(normaliseCode(code)), device.id, by.staffId, now, expiresAt],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
    await this.audit.write(by.actor, by.source, 'deviceRegistered', `${device.kind} ${device.id}`);
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Trades a one-time code for the device's token. The code is used up in the same transaction that
   * stores the token's hash (a second use of the code fails); an expired or unknown code is `badCode`,
   * and after `ENROL_LOCKOUT.maxRefusals` of them from one source, every code from there is `locked`
   * for a while, unchecked (each refusal is audited until then; the lock, once, with how many it
   * turned away when it ends).
   */
  async enrol(code: string, source: string): Promise<{ device: Device; token: string }> {
    const locked = (seconds: number) =>
      new DeviceError(
        'locked',
        'too many wrong enrolment codes from this address: wait, then try again',
        seconds,
      );
    const wait = this.#refusals.blocked(source);
    if (wait > 0) throw locked(wait);
    const hash = sha256(normaliseCode(code));
    const token = `d.${randomBytes(32).toString('base64url')}`;
    const now = new Date(this.clock.now());
    const { rows } = await this.pool.query<Row>(
      `WITH used AS (
         UPDATE enrolment_codes SET used_at = $2
         WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING device_id)
       UPDATE devices d SET token_hash = $3, enrolled_at = $2, revoked_at = NULL
       FROM used WHERE d.id = used.device_id
       RETURNING d.id, d.kind, d.location, d.counter_id, d.zone_id`,
      [hash, now, sha256(token)],
    );
    const row = rows[0];
    if (!row) {
      const lockedFor = this.#refusals.refused(source);
      if (lockedFor > 0) throw locked(lockedFor);
      throw new DeviceError(
        'badCode',
        'this enrolment code is unknown, used or expired: ask the hall admin for a new one',
      );
    }
    this.#refusals.succeeded(source);
    await this.audit.write(`device:${row.id}`, source, 'enrolled', row.kind);
    return { device: toDevice(row), token };
  }

  #auditRefusal(e: RefusalAuditEvent): void {
    const write = (action: string, detail: string) =>
      this.audit.writeInBackground('anonymous', e.source, action, detail);
    if (e.kind === 'refused')
      write('enrolRefused', `unknown, used or expired code; ${e.leftBeforeLock} more before a lock`);
    else if (e.kind === 'locked')
      write(
        'enrolLocked',
        `${e.scope === 'global' ? 'every source' : 'this source'} until ${new Date(e.untilMs).toISOString()}`,
      );
    else write('enrolLockEnded', `${e.refusedWhileLocked} attempts refused while locked`);
  }

  /** The device a token belongs to, if it is enrolled and not revoked. */
  async authenticate(token: string | null | undefined): Promise<Device | null> {
    if (!token || token.length > 200) return null;
    const now = this.clock.now();
    const { rows } = await this.pool.query<Row>(
      `SELECT id, kind, location, counter_id, zone_id, last_seen_at FROM devices
       WHERE token_hash = $1 AND revoked_at IS NULL`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return null;
    // "Last seen" is for the admin page, to the minute: one write a minute per device, not one per
    // request (a kiosk, display or pad asks many times a minute).
    if (!row.last_seen_at || now - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS)
      await this.pool.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [row.id, new Date(now)]);
    return toDevice(row);
  }

  async revoke(deviceId: string, by: { actor: string; source: string }): Promise<void> {
    const { rowCount } = await this.pool.query(
      'UPDATE devices SET revoked_at = $2, token_hash = NULL WHERE id = $1',
      [deviceId, new Date(this.clock.now())],
    );
    if (!rowCount) throw new DeviceError('notFound', `no device ${deviceId}`);
    await this.pool.query('DELETE FROM enrolment_codes WHERE device_id = $1 AND used_at IS NULL', [deviceId]);
    await this.audit.write(by.actor, by.source, 'deviceRevoked', deviceId);
  }

  async list(): Promise<DeviceListing[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT d.id, d.kind, d.location, d.counter_id, d.zone_id, d.enrolled_at, d.revoked_at, d.last_seen_at,
         EXISTS (SELECT 1 FROM enrolment_codes c WHERE c.device_id = d.id AND c.used_at IS NULL AND c.expires_at > $1)
           AS code_pending
       FROM devices d ORDER BY d.kind, d.id`,
      [new Date(this.clock.now())],
    );
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return rows.map((r) => ({
      ...toDevice(r),
      enrolledAt: iso(r.enrolled_at),
      revokedAt: iso(r.revoked_at),
      lastSeenAt: iso(r.last_seen_at),
      codePending: r.code_pending,
    }));
  }
}
