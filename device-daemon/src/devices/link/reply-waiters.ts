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

  expect(o: ExpectOptions<R>): Promise<R> {
    const promise = new Promise<R>((resolve, reject) => {
      const waiter: Waiter<R> = {
        accepts: o.accepts ?? (() => true),
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          o.onTimeout?.();
          reject(new ReplyTimeout('timeout', `no ${o.what ? `${o.what} ` : ''}reply within ${o.ms} ms`));
        }, o.ms),
      };
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
