import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { Services } from './services.ts';

/** A job the daemon repeats on its own: first after `firstAfterMs`, then every `everyMs`. */
export type Chore = {
  name: string;
  firstAfterMs: number;
  everyMs: number;
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
        this.#schedule(chore, chore.everyMs);
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

/** The daemon's repeated jobs. */
export function daemonChores(s: Services): Chore[] {
  return [
    ...(s.checkIn
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
