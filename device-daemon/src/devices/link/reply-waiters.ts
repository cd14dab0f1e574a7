import type { Clock, ClockTimer } from '@hall-kiosk/shared';

/** Why an awaited reply never came. */
export type ReplyFailure =
  /** Nothing matching arrived in the time allowed. */
  | 'timeout'
  /** The link closed while waiting. */
  | 'closed'
  /** The driver was stopped while waiting. */
  | 'stopped';

/** A reply that did not come; `failure` says why, the message is what technicians and logs see. */
export class ReplyTimeout extends Error {
  constructor(
    readonly failure: ReplyFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ReplyTimeout';
  }
}

type Waiter<R> = {
  accepts: (reply: R) => boolean;
  resolve: (reply: R) => void;
  reject: (e: ReplyTimeout) => void;
  timer: ClockTimer;
};

/** A time-out timer firing later than this (ms) means the event loop was not listening at the deadline. */
export const LATE_TIMER_MS = 20;
/** How many times a late time-out waits again before the reply is given up. */
export const MAX_LATE_EXTENSIONS = 3;

export type ExpectOptions<R> = {
  /** Which replies this waiter takes; the first pending waiter that accepts a reply gets it. */
  accepts?: (reply: R) => boolean;
  /** Time allowed (ms, on the injected clock). */
  ms: number;
  /** Named in the time-out message: `no <what> reply within <ms> ms`. */
  what?: string;
  /** Runs when this waiter times out (e.g. to drop a half-received frame). */
  onTimeout?: () => void;
};

/**
 * Replies a driver is waiting for, each with its own time-out on the injected clock. A waiter is
 * created before its request is written (the reply can be quick), so its promise is marked handled
 * at once: if the write fails first, the later rejection must not become an unhandled rejection
 * that would stop the daemon.
 */
export class ReplyWaiters<R> {
  #waiters: Waiter<R>[] = [];

  constructor(private readonly clock: Clock) {}

  get pending(): number {
    return this.#waiters.length;
  }

  /**
   * The time-out counts only time this process could hear the reply. Node runs due timers before it
   * reads I/O, so when the event loop was busy (or the process not scheduled) past the deadline, the
   * timer fires while the device's answer already waits on the line. A timer that fires more than
   * LATE_TIMER_MS late therefore waits again for as long as it was late (at most MAX_LATE_EXTENSIONS
   * times) before the reply is given up. On a ManualClock timers are never late, so nothing changes.
   */
  expect(o: ExpectOptions<R>): Promise<R> {
    const promise = new Promise<R>((resolve, reject) => {
      const waiter: Waiter<R> = {
        accepts: o.accepts ?? (() => true),
        resolve,
        reject,
        timer: { id: null },
      };
      const expireAt = (deadline: number, extensions: number): ClockTimer =>
        this.clock.setTimeout(
          () => {
            if (!this.#waiters.includes(waiter)) return;
            const late = this.clock.now() - deadline;
            if (late > LATE_TIMER_MS && extensions < MAX_LATE_EXTENSIONS) {
              waiter.timer = expireAt(this.clock.now() + late, extensions + 1);
              return;
            }
            this.#waiters = this.#waiters.filter((w) => w !== waiter);
            o.onTimeout?.();
            reject(new ReplyTimeout('timeout', `no ${o.what ? `${o.what} ` : ''}reply within ${o.ms} ms`));
          },
          Math.max(0, deadline - this.clock.now()),
        );
      waiter.timer = expireAt(this.clock.now() + o.ms, 0);
      this.#waiters.push(waiter);
    });
    promise.catch(() => undefined);
    return promise;
  }

  /** Hands a reply to the first waiter that accepts it; false when nobody waited for it. */
  offer(reply: R): boolean {
    const i = this.#waiters.findIndex((w) => w.accepts(reply));
    if (i < 0) return false;
    const [w] = this.#waiters.splice(i, 1);
    this.clock.clearTimeout(w!.timer);
    w!.resolve(reply);
    return true;
  }

  /** Fails every pending waiter (the link closed, the driver stopped). */
  failAll(failure: Exclude<ReplyFailure, 'timeout'>, message: string): void {
    for (const w of this.#waiters.splice(0)) {
      this.clock.clearTimeout(w.timer);
      w.reject(new ReplyTimeout(failure, message));
    }
  }
}
