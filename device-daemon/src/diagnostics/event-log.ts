import type { DeviceStatus } from '@hall-kiosk/shared';
import type { Db } from '../storage/database.ts';

export type DeviceEvent = {
  id: number;
  at: string;
  device: string;
  state: string;
  paper: string | null;
  detail: string | null;
};

const PROBLEM_STATES = ['offline', 'hardwareError', 'userError', 'noDevice', 'powerOff'];

/** Every change of a device's state, paper or detail, kept for technicians (newest first; 10,000 kept). */
export class DeviceEventLog {
  #insert;
  #trim;
  #count = 0;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare<[string, string, string, string | null, string | null]>(
      `INSERT INTO device_events (at, device, state, paper, detail) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#trim = db.prepare(
      `DELETE FROM device_events WHERE id <= (SELECT max(id) FROM device_events) - 10000`,
    );
  }

  record(s: DeviceStatus): void {
    this.#insert.run(s.since, s.device, s.state, s.paper ?? null, s.detail ?? null);
    if (++this.#count % 500 === 0) this.#trim.run();
  }

  recent(filter: { device?: string; problemsOnly?: boolean; limit?: number } = {}): DeviceEvent[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.device) {
      where.push('device = ?');
      args.push(filter.device);
    }
    if (filter.problemsOnly) {
      where.push(`(state IN (${PROBLEM_STATES.map(() => '?').join(', ')}) OR paper = 'low')`);
      args.push(...PROBLEM_STATES);
    }
    const limit = Math.max(1, Math.min(1000, filter.limit ?? 100));
    return this.db
      .prepare(
        `SELECT id, at, device, state, paper, detail FROM device_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
      )
      .all(...args) as DeviceEvent[];
  }
}

/** Who did what in maintenance mode (entries, actions, exits, lock-outs). */
export class AuditLog {
  #insert;
  constructor(private readonly db: Db) {
    this.#insert = db.prepare<[string, string, string, string | null]>(
      `INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)`,
    );
  }
  write(at: number, actor: string, action: string, detail: string | null = null): void {
    this.#insert.run(new Date(at).toISOString(), actor, action, detail);
  }
  recent(limit = 100): { at: string; actor: string; action: string; detail: string | null }[] {
    return this.db
      .prepare(`SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?`)
      .all(Math.max(1, Math.min(1000, limit))) as {
      at: string;
      actor: string;
      action: string;
      detail: string | null;
    }[];
  }
}
