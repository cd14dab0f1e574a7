import type {
  Clock,
  ClockTimer,
  DeviceName,
  DeviceState,
  DeviceStatus,
  PaperState,
} from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';

/**
 * Runs exchanges with a device one at a time (a status poll, a print job, a read): whatever was
 * queued before finishes, or fails, first. A failure never blocks what comes after.
 */
export class ExchangeQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/** One pending timer (reconnect, next poll): scheduling replaces it; nothing is scheduled once stopped. */
export class SingleTimer {
  #timer: ClockTimer | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly stopped: () => boolean,
  ) {}

  schedule(fn: () => unknown, ms: number): void {
    this.clear();
    if (this.stopped()) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      void fn();
    }, ms);
  }

  clear(): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * A device's status as its driver reports it: a change of state, paper or detail makes a new status
 * (stamped `since` now), logs it — info when online, warn otherwise — and hands it to `onChange`;
 * setting the same again does nothing. One place for what every driver did the same way.
 */
export class DeviceStatusCell {
  #value: DeviceStatus;

  constructor(
    private readonly o: {
      device: DeviceName;
      /** Read at each change: a line's description can change (a new baud rate). */
      connection: () => string;
      clock: Clock;
      log: Logger;
      /** The log message, e.g. "printer state changed". */
      message: string;
      /** Printers report paper; others leave it out. */
      paper?: PaperState;
      onChange: (status: DeviceStatus) => void;
    },
  ) {
    this.#value = {
      device: o.device,
      state: 'offline',
      connection: o.connection(),
      ...(o.paper ? { paper: o.paper } : {}),
      detail: 'starting',
      since: new Date(o.clock.now()).toISOString(),
    };
  }

  get value(): DeviceStatus {
    return this.#value;
  }

  set(state: DeviceState, detail: string | undefined, paper?: PaperState): void {
    const s = this.#value;
    if (s.state === state && s.detail === detail && s.paper === paper) return;
    this.#value = {
      device: this.o.device,
      state,
      connection: this.o.connection(),
      ...(paper ? { paper } : {}),
      ...(detail ? { detail } : {}),
      since: new Date(this.o.clock.now()).toISOString(),
    };
    (state === 'online' ? this.o.log.info.bind(this.o.log) : this.o.log.warn.bind(this.o.log))(
      { state, ...(paper ? { paper } : {}), detail },
      this.o.message,
    );
    this.o.onChange(this.#value);
  }
}
