import type { ResolvedConfig } from '../config/load.ts';
import { StorageNotFoundError, type Storage } from '../storage/ports.ts';
import { openSqliteStorage } from '../storage/sqlite/index.ts';

export type { Storage } from '../storage/ports.ts';

/** A command that only reads was pointed at a data directory where no daemon has run yet. */
export { StorageNotFoundError as NoDatabaseError };

/**
 * The one way the daemon and every `kiosk` command open storage, through the storage seam
 * (`storage/ports.ts`; SQLite today, `storage/sqlite/`). Read-write (the default) creates the database
 * if needed and brings its schema up to date; `readOnly` opens an existing database as it is, for
 * commands that only look; `mustExist` refuses with `NoDatabaseError` instead of creating one.
 */
export function openStorage(
  config: Pick<ResolvedConfig, 'dataDir' | 'hall' | 'queue'>,
  options: { readOnly?: boolean; mustExist?: boolean; now?: () => number } = {},
): Storage {
  const q = config.queue;
  return openSqliteStorage({
    dataDir: config.dataDir,
    timeZone: config.hall.timeZone,
    queueRules: { callOrder: { priorityPerRegular: q.priorityPerRegular }, estimate: q.estimate },
    ...(options.now ? { now: options.now } : {}),
    readOnly: options.readOnly,
    mustExist: options.mustExist,
  });
}
