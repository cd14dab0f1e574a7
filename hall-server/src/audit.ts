import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { Logger } from '@hall-kiosk/device-daemon';

/** One row of the hall's audit log. */
export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  source: string;
  action: string;
  detail: string;
};

/**
 * The hall's audit log: who (a staff account `staff#0012`, a device `device:kiosk-1`, `anonymous`) did
 * what from where. Sign-ins, refusals, lock-outs, enrolments, revocations, calls and transfers are
 * written here. Nothing personal about citizens is ever written (no names, no ID numbers).
 */
export class Audit {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    /** Told of a row `writeInBackground` could not write. */
    private readonly log?: Pick<Logger, 'error'>,
  ) {}

  /**
   * Writes a row without holding up the caller (a refused code's answer does not wait for the database).
   * A row that cannot be written is not dropped in silence: it goes to the log, whole, for technicians.
   */
  writeInBackground(actor: string, source: string, action: string, detail = ''): void {
    this.write(actor, source, action, detail).catch((e: unknown) =>
      this.log?.error(
        { audit: { actor, source, action, detail }, error: e instanceof Error ? e.message : String(e) },
        'an audit row could not be written to the database; it is in this log instead',
      ),
    );
  }

  async write(actor: string, source: string, action: string, detail = ''): Promise<void> {
    await this.pool.query(
      'INSERT INTO audit (at, actor, source, action, detail) VALUES ($1, $2, $3, $4, $5)',
      [
        new Date(this.clock.now()),
        actor.slice(0, 80),
        source.slice(0, 80),
        action.slice(0, 40),
        detail.slice(0, 400),
      ],
    );
  }

  async recent(limit = 200): Promise<AuditRow[]> {
    const { rows } = await this.pool.query<{
      id: string;
      at: Date;
      actor: string;
      source: string;
      action: string;
      detail: string;
    }>('SELECT id, at, actor, source, action, detail FROM audit ORDER BY id DESC LIMIT $1', [
      Math.max(1, Math.min(1000, Math.trunc(limit))),
    ]);
    return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
  }
}
