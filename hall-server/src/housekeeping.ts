import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { Logger } from '@hall-kiosk/device-daemon';
import { businessDate } from '../../device-daemon/src/core/local-day.ts';
import { Housekeeping, msUntilLocalMidnight } from '../../device-daemon/src/app/housekeeping.ts';
import type { PgHallStore } from './store.ts';

/**
 * The hall server's midnight chores, once at start (for the days it was off) and then just after each
 * local midnight of the hall's time zone (on the injected clock): the identity digests of earlier days
 * are forgotten (they serve only their day's per-person limit), and expired enrolment codes deleted.
 */
export function startHallHousekeeping(d: {
  store: Pick<PgHallStore, 'forgetDigestsBefore'>;
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
