import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import { RatingOutbox, readOutboundAuth, type Logger } from '@hall-kiosk/device-daemon';
import { configPath, type HallConfig } from '../config.ts';
import { PgRatings, type HallOutboxRow } from './hall-ratings.ts';
import { provinceSender } from './province-sender.ts';

/** The hall's ratings: where they are stored, and the one outbox that sends them to the province. */
export type HallRatings = {
  store: PgRatings;
  /** Null when hall.json has no `ratings` endpoint (ratings are kept, unsent). */
  outbox: RatingOutbox<HallOutboxRow> | null;
  /** Stops the outbox after the delivery in progress. */
  stop(): Promise<void>;
};

/** Builds the ratings store and, with a configured endpoint, starts the daemon's outbox on it. */
export function openRatings(config: HallConfig, pool: Pool, clock: Clock, log: Logger): HallRatings {
  const store = new PgRatings(pool, config.hall.timeZone);
  const r = config.ratings;
  const outbox = r
    ? new RatingOutbox<HallOutboxRow>(
        store,
        provinceSender({
          url: r.endpoint.url,
          timeoutMs: r.endpoint.timeoutMs,
          hallName: config.hall.name.zh,
          auth: readOutboundAuth(r.endpoint.auth, (f) => readFileSync(configPath(config, f), 'utf8')),
        }),
        clock,
        log,
        r.retry,
      )
    : null;
  outbox?.start();
  return {
    store,
    outbox,
    async stop() {
      outbox?.stop();
      await outbox?.settled();
    },
  };
}
