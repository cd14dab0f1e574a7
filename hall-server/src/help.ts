import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { HelpCallAcknowledged, HelpCallState, OpenHelpCall } from '@hall-kiosk/shared';
import type { Audit } from './audit.ts';

/** Help call ids are `integer`: anything else names no call. */
const isId = (id: number) => Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1;

type Row = {
  id: number;
  device_id: string;
  location: string;
  requested_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
};

/**
 * 帮办: a kiosk's "呼叫工作人员" until a supervisor acknowledges it (table `help_requests`). A kiosk
 * has at most one open call: a request locks the kiosk's device row, so two presses at once (or a
 * retry after a lost answer) give the same call. The location is the device's, as registered.
 */
export class HelpCalls {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly audit: Audit,
  ) {}

  /** Opens a call for a kiosk, or returns its open one. */
  async request(deviceId: string, source: string): Promise<{ id: number; created: boolean }> {
    const client = await this.pool.connect();
    let result: { id: number; created: boolean };
    try {
      await client.query('BEGIN');
      const device = await client.query<{ location: string }>(
        'SELECT location FROM devices WHERE id = $1 FOR UPDATE',
        [deviceId],
      );
      if (!device.rows[0]) throw new Error(`no device ${deviceId}`);
      const open = await client.query<{ id: number }>(
        'SELECT id FROM help_requests WHERE device_id = $1 AND acknowledged_at IS NULL ORDER BY id LIMIT 1',
        [deviceId],
      );
      if (open.rows[0]) result = { id: open.rows[0].id, created: false };
      else {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO help_requests (device_id, location, requested_at) VALUES ($1, $2, $3) RETURNING id`,
          [deviceId, device.rows[0].location, new Date(this.clock.now())],
        );
        result = { id: rows[0]!.id, created: true };
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    if (result.created)
      await this.audit.write(`device:${deviceId}`, source, 'helpRequested', `call ${result.id}`);
    return result;
  }

  /** The state of a call, only for the kiosk that made it (null otherwise: another kiosk's call is nobody's business). */
  async stateFor(deviceId: string, id: number): Promise<HelpCallState | null> {
    if (!isId(id)) return null;
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM help_requests WHERE id = $1 AND device_id = $2',
      [id, deviceId],
    );
    const r = rows[0];
    if (!r) return null;
    return r.acknowledged_at
      ? { state: 'acknowledged', acknowledgedAt: r.acknowledged_at.toISOString() }
      : { state: 'waiting' };
  }

  /** Open calls, oldest first. */
  async open(): Promise<OpenHelpCall[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM help_requests WHERE acknowledged_at IS NULL ORDER BY requested_at, id LIMIT 200',
    );
    return rows.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      location: r.location,
      requestedAt: r.requested_at.toISOString(),
    }));
  }

  /**
   * A supervisor acknowledges a call (audited). Acknowledging it again changes nothing and says who
   * did first; null for an unknown call.
   */
  async acknowledge(
    id: number,
    by: { staffId: number; number: string; source: string },
  ): Promise<HelpCallAcknowledged | null> {
    if (!isId(id)) return null;
    const at = new Date(this.clock.now());
    const updated = await this.pool.query<{ id: number; acknowledged_at: Date }>(
      `UPDATE help_requests SET acknowledged_at = $2, acknowledged_by = $3
       WHERE id = $1 AND acknowledged_at IS NULL RETURNING id, acknowledged_at`,
      [id, at, by.staffId],
    );
    if (updated.rows[0]) {
      await this.audit.write(`staff#${by.number}`, by.source, 'helpAcknowledged', `call ${id}`);
      return { id, acknowledgedAt: at.toISOString(), acknowledgedBy: by.number, already: false };
    }
    const { rows } = await this.pool.query<{ acknowledged_at: Date | null; number: string | null }>(
      `SELECT h.acknowledged_at, s.number FROM help_requests h LEFT JOIN staff s ON s.id = h.acknowledged_by
       WHERE h.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r?.acknowledged_at) return null;
    return {
      id,
      acknowledgedAt: r.acknowledged_at.toISOString(),
      acknowledgedBy: r.number ?? '',
      already: true,
    };
  }
}
