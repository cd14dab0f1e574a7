import type { DeviceStatus } from '@hall-kiosk/shared';
import type {
  AuditEntry,
  AuditLog,
  DeviceEvent,
  DeviceEventFilter,
  DeviceEventLog,
} from '../../diagnostics/event-log.ts';
import type { StatisticDelta, StatisticsStore } from '../../diagnostics/statistics.ts';
import type { Db } from './database.ts';

const PROBLEM_STATES = ['offline', 'hardwareError', 'userError', 'noDevice', 'powerOff'];

/** The device event log in `device_events`, trimmed to the latest 10,000 every 500 records. */
export class SqliteDeviceEventLog implements DeviceEventLog {
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

  async record(s: DeviceStatus): Promise<void> {
    this.#insert.run(s.since, s.device, s.state, s.paper ?? null, s.detail ?? null);
    if (++this.#count % 500 === 0) this.#trim.run();
  }

  async recent(filter: DeviceEventFilter = {}): Promise<DeviceEvent[]> {
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

/** How much of the audit log is kept: the newest `maxRows` rows, none older than `maxAgeDays`. */
export type AuditRetention = { maxRows: number; maxAgeDays: number };
export const AUDIT_RETENTION: AuditRetention = { maxRows: 10_000, maxAgeDays: 180 };

/**
 * The audit log in `audit_log`, a bounded table: every `pruneEvery` writes (and on the first) rows
 * beyond the newest `maxRows` and rows older than `maxAgeDays` (by the time written) are deleted.
 */
export class SqliteAuditLog implements AuditLog {
  #insert;
  #pruneCount;
  #pruneAge;
  #writes = 0;

  constructor(
    private readonly db: Db,
    private readonly retention: AuditRetention = AUDIT_RETENTION,
    private readonly pruneEvery = 100,
  ) {
    this.#insert = db.prepare<[string, string, string, string | null]>(
      `INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)`,
    );
    this.#pruneCount = db.prepare<[number]>(
      `DELETE FROM audit_log WHERE id <= (SELECT max(id) FROM audit_log) - ?`,
    );
    this.#pruneAge = db.prepare<[string]>(`DELETE FROM audit_log WHERE at < ?`);
  }

  async write(at: number, actor: string, action: string, detail: string | null = null): Promise<void> {
    this.#insert.run(new Date(at).toISOString(), actor, action, detail);
    if (this.#writes++ % this.pruneEvery === 0) {
      this.#pruneCount.run(this.retention.maxRows);
      this.#pruneAge.run(new Date(at - this.retention.maxAgeDays * 86_400_000).toISOString());
    }
  }

  async recent(limit = 100): Promise<AuditEntry[]> {
    return this.db
      .prepare(`SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?`)
      .all(Math.max(1, Math.min(1000, limit))) as AuditEntry[];
  }
}

/** Device statistic totals in `device_statistics`; `add` is one transaction. */
export class SqliteStatisticsStore implements StatisticsStore {
  #add;
  #read;
  #zero;

  constructor(db: Db) {
    const add = db.prepare<{ device: string; name: string; value: number; at: string }>(
      `INSERT INTO device_statistics (device, name, value, updated_at) VALUES (@device, @name, @value, @at)
       ON CONFLICT (device, name) DO UPDATE SET value = value + excluded.value, updated_at = excluded.updated_at`,
    );
    this.#add = db.transaction((deltas: StatisticDelta[], at: string) => {
      for (const d of deltas) add.run({ ...d, at });
    });
    this.#read = db.prepare<[], StatisticDelta>(
      `SELECT device, name, value FROM device_statistics ORDER BY device, name`,
    );
    this.#zero = db.prepare<[string, string]>(
      `UPDATE device_statistics SET value = 0, updated_at = ? WHERE device = ?`,
    );
  }

  async add(deltas: StatisticDelta[], at: number): Promise<void> {
    this.#add(deltas, new Date(at).toISOString());
  }

  async totals(): Promise<StatisticDelta[]> {
    return this.#read.all();
  }

  async zero(device: string, at: number): Promise<void> {
    this.#zero.run(new Date(at).toISOString(), device);
  }
}
