import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';

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
  ) {}

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
