export { migrate, MIGRATIONS, LATEST_MIGRATION, type Migration } from './migrations.ts';
export {
  PgHallStore,
  HallStoreError,
  type HallQueue,
  type HallEvent,
  type HallIssueRequest,
  type HallIssueResult,
  type HallLayout,
  type CounterConfig,
  type HallRules,
  type HallStoreOptions,
  type CounterState,
  type WindowRequest,
  type TransferTarget,
  type AuditNote,
} from './store.ts';
export { openHall, type HallServices, type RunningHall, type OpenHallOptions } from './hall.ts';
export {
  loadHallConfig,
  parseHallConfig,
  HallConfigError,
  type HallConfig,
  type HallConfigInput,
} from './config.ts';
export { makeHallCertificates, fingerprint, type HallCertificates } from './tls.ts';
export type { Route, RouteContext, Access, HallPage } from './http/server.ts';
export type { Device, DeviceKind } from './auth/devices.ts';
export type { StaffRole, StaffSession } from './auth/staff-accounts.ts';
