import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { Services } from './services.ts';
import { localMoment } from '@hall-kiosk/shared';
import type { QueueStore } from '../queue/queue-store.ts';
import { businessDate } from '../core/local-day.ts';

/** A job the daemon repeats on its own: first after `firstAfterMs`, then every `everyMs`. */
export type Chore = {
  name: string;
  firstAfterMs: number;
  /** The wait before the next run: fixed, or worked out when a run starts (e.g. until local midnight). */
  everyMs: number | (() => number);
  run: () => void | Promise<void>;
  /** Logged (as a warning, with the error) when a run fails. */
  failure: string;
};

/**
 * The daemon's timers, in one place: each chore is rescheduled before it runs (a slow run never
 * stops the next), a failing run is logged and the chore goes on, and `stop()` clears every timer.
 */
export class Housekeeping {
  readonly #timers = new Map<string, ClockTimer>();
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly chores: readonly Chore[],
  ) {}

  start(): void {
    for (const chore of this.chores) this.#schedule(chore, chore.firstAfterMs);
  }

  #schedule(chore: Chore, afterMs: number): void {
    if (this.#stopped) return;
    this.#timers.set(
      chore.name,
      this.clock.setTimeout(() => {
        this.#schedule(chore, typeof chore.everyMs === 'number' ? chore.everyMs : chore.everyMs());
        void (async () => chore.run())().catch((e: unknown) =>
          this.log.warn({ chore: chore.name, error: (e as Error).message }, chore.failure),
        );
      }, afterMs),
    );
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) this.clock.clearTimeout(timer);
    this.#timers.clear();
  }
}

/** Milliseconds from `now` until just after the next local midnight in `timeZone` (at least a second). */
export function msUntilLocalMidnight(now: number, timeZone: string): number {
  const here = localMoment(now, timeZone);
  const intoMinute = now % 60_000;
  // A second past midnight, so the new day has begun whatever the timer's rounding.
  return Math.max(1000, (24 * 60 - here.minutes) * 60_000 - intoMinute + 1000);
}

/**
 * Identity digests serve only their day's per-person limit: at the hall's local midnight (and once at
 * start, for days the daemon was off) the earlier days' digests are cleared and the WAL truncated,
 * whether or not anyone takes an identity ticket that day.
 */
export function digestMidnightChore(d: {
  store: Pick<QueueStore, 'forgetDigestsBefore'>;
  timeZone: string;
  clock: Clock;
  log: Logger;
}): Chore {
  return {
    name: 'identity digests of earlier days',
    firstAfterMs: 0,
    everyMs: () => msUntilLocalMidnight(d.clock.now(), d.timeZone),
    run: async () => {
      const forgotten = await d.store.forgetDigestsBefore(businessDate(d.clock.now(), d.timeZone));
      if (forgotten > 0) d.log.info({ tickets: forgotten }, 'identity digests of earlier days forgotten');
    },
    failure: 'identity digests of earlier days not cleared',
  };
}

/** The daemon's repeated jobs. */
export function daemonChores(s: Services, clock: Clock, log: Logger): Chore[] {
  return [
    digestMidnightChore({ store: s.store, timeZone: s.tickets.timeZone, clock, log }),
    // In hall mode a kiosk knows only its own check-ins, not the hall's: it records no no-shows.
    ...(s.checkIn && !s.hallMode
      ? [
          {
            name: 'no-show sweep',
            firstAfterMs: 5_000,
            everyMs: 60_000,
            run: async () => {
              await s.checkIn!.sweepNoShows();
            },
            failure: 'no-show sweep failed',
          },
        ]
      : []),
    {
      name: 'statistics flush',
      firstAfterMs: 30_000,
      everyMs: 30_000,
      run: () => s.statistics.flush(),
      failure: 'statistics not saved',
    },
  ];
}
