import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { Logger } from '@hall-kiosk/device-daemon';
import { businessDate } from '../../device-daemon/src/core/local-day.ts';
import { Housekeeping, msUntilLocalMidnight } from '../../device-daemon/src/app/housekeeping.ts';
import type { PgHallStore } from './store.ts';

/** How long a window action's idempotency key is kept (its page retries for minutes). */
export const ACTION_KEY_DAYS = 2;

/**
 * The hall server's midnight chores, once at start (for the days it was off) and then just after each
 * local midnight of the hall's time zone (on the injected clock): the identity digests of earlier days
 * are forgotten (they serve only their day's per-person limit), the window actions' idempotency keys
 * older than two days deleted, and expired enrolment codes deleted. No ticket is changed: which
 * tickets still wait after midnight is the store's rule at every call (`queueFrom`, docs/queue.md#midnight).
 */
export function startHallHousekeeping(d: {
  store: Pick<PgHallStore, 'forgetDigestsBefore' | 'forgetActionKeysBefore'>;
  pool: Pool;
  timeZone: string;
  clock: Clock;
  log: Logger;
}): Housekeeping {
  const untilMidnight = () => msUntilLocalMidnight(d.clock.now(), d.timeZone);
  const chores = new Housekeeping(d.clock, d.log, [
    {
      name: 'identity digests of earlier days',
      firstAfterMs: 0,
      everyMs: untilMidnight,
      run: async () => {
        const n = await d.store.forgetDigestsBefore(businessDate(d.clock.now(), d.timeZone));
        if (n > 0) d.log.info({ tickets: n }, 'identity digests of earlier days forgotten');
      },
      failure: 'identity digests of earlier days not cleared',
    },
    {
      name: "window actions' idempotency keys",
      firstAfterMs: 0,
      everyMs: untilMidnight,
      run: async () => {
        const n = await d.store.forgetActionKeysBefore(d.clock.now() - ACTION_KEY_DAYS * 86_400_000);
        if (n > 0) d.log.info({ keys: n }, 'window action keys of earlier days deleted');
      },
      failure: 'window action keys not deleted',
    },
    {
      name: 'expired enrolment codes',
      firstAfterMs: 0,
      everyMs: untilMidnight,
      run: async () => {
        const { rowCount } = await d.pool.query('DELETE FROM enrolment_codes WHERE expires_at <= $1', [
          new Date(d.clock.now()),
        ]);
        if (rowCount) d.log.info({ codes: rowCount }, 'expired enrolment codes deleted');
      },
      failure: 'expired enrolment codes not deleted',
    },
  ]);
  chores.start();
  return chores;
}
