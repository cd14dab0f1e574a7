import type { DeviceStatus } from '@hall-kiosk/shared';

export type DeviceEvent = {
  id: number;
  at: string;
  device: string;
  state: string;
  paper: string | null;
  detail: string | null;
};

/** A line of the audit log. */
export type AuditEntry = { at: string; actor: string; action: string; detail: string | null };

export type DeviceEventFilter = { device?: string; problemsOnly?: boolean; limit?: number };

/**
 * Every change of a device's state, paper or detail, kept for technicians (newest first; the latest
 * 10,000 are kept). SQLite: `storage/sqlite/diagnostics.ts`.
 */
export interface DeviceEventLog {
  record(status: DeviceStatus): Promise<void>;
  /** Newest first; `problemsOnly`: states a technician must act on, or paper low; `limit` 1–1000 (100). */
  recent(filter?: DeviceEventFilter): Promise<DeviceEvent[]>;
}

/** Who did what in maintenance mode (entries, actions, exits, lock-outs). */
export interface AuditLog {
  write(at: number, actor: string, action: string, detail?: string | null): Promise<void>;
  /** Newest first; `limit` 1–1000 (100). */
  recent(limit?: number): Promise<AuditEntry[]>;
}
