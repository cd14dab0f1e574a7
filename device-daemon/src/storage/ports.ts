import type { AppointmentVisits } from '../appointments/visits.ts';
import type { GuideViews } from '../catalogue/guide-views.ts';
import type { AuditLog, DeviceEventLog } from '../diagnostics/event-log.ts';
import type { StatisticsStore } from '../diagnostics/statistics.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import type { RatingStore } from '../ratings/rating-store.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import type { OfflineTicketStore } from '../hall-link/offline-tickets.ts';

/** Per-installation random secrets (e.g. the salt of identity digests). */
export interface SecretStore {
  /** The named secret: 32 random bytes, created on first use and the same ever after. */
  secret(name: string): Promise<Buffer>;
}

/**
 * Everything the daemon keeps, one store per concern. Each interface is declared next to the
 * service that uses it and returns promises, so a networked store (the hall's PostgreSQL) can
 * implement it; every change that must happen together is one method (one unit of work inside the
 * store). The only implementation today is `storage/sqlite/` (`openSqliteStorage`).
 */
export interface Storage {
  readonly queue: QueueStore;
  readonly journal: PrintJournal;
  readonly ratings: RatingStore;
  readonly guideViews: GuideViews;
  readonly visits: AppointmentVisits;
  readonly secrets: SecretStore;
  readonly statistics: StatisticsStore;
  readonly deviceEvents: DeviceEventLog;
  readonly audit: AuditLog;
  /** Hall mode: tickets issued while the hall could not be reached, until the hall has them. */
  readonly offline: OfflineTicketStore;
  /** Resolves when the store can take a write now (the watchdog asks); rejects with why not. */
  writable(): Promise<void>;
  /** Closes the connection(s); no store may be used afterwards. */
  close(): Promise<void>;
}

/** The data directory has no database yet (the daemon has not run with this configuration). */
export class StorageNotFoundError extends Error {
  constructor(readonly location: string) {
    super(`No database at ${location}: the daemon has not run with this configuration yet.`);
    this.name = 'StorageNotFoundError';
  }
}
