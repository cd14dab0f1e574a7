export { migrate, MIGRATIONS, type Migration } from './migrations.ts';
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
} from './store.ts';
