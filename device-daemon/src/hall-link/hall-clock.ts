import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';

/**
 * One reading of the hall's clock: its time as it answered, and when the request left and came back
 * here. `errorMs` is how far the reading itself may be off (500 for a `Date` header's whole seconds,
 * read as the middle of its second; 0, the default, for the milliseconds of a body's `now`).
 */
export type HallClockSample = { sentAt: number; receivedAt: number; hallMs: number; errorMs?: number };

/** How far a sample's offset may be off: half its round trip (where in it the hall read its clock), plus its own error. */
const sampleErrorMs = (s: HallClockSample) => (s.receivedAt - s.sentAt) / 2 + (s.errorMs ?? 0);

/** What the kiosk knows of its clock against the hall's. */
export type HallClockReport = {
  /** Add this to the kiosk's clock to get the hall's (ms; negative: the kiosk is ahead). */
  offsetMs: number;
  /** How far off that can be: half the round trip of the best sample, plus its reading's own error. */
  uncertaintyMs: number;
  /** When it was measured (the kiosk's clock). */
  measuredAt: number;
};

/** A skew this large is reported to technicians (a warning in the log, with the offset). */
export const SKEW_WARN_MS = 30_000;

/** The samples kept: the offset is taken from the one with the smallest possible error among them. */
const SAMPLES = 8;

/**
 * The kiosk's clock against the hall server's, measured from the answers the kiosk gets anyway (the
 * `Date` header of each): the hall's clock is authoritative (tickets are dated and numbered by it),
 * the kiosk's may be minutes or days off. Like NTP, the offset of a sample is the hall's time minus
 * the middle of the round trip, and of the last few samples the one with the smallest possible error
 * is believed: half its round trip, plus half a second for a `Date` header (whole seconds; half a
 * second is added to its reading). The offline sync's `now` in milliseconds is a sample too, so on a
 * quiet link the offset is good to a few milliseconds; a slow answer moves it only when no better
 * sample is left among the last eight (a busy kiosk's Date headers fill them within seconds).
 *
 * A skew of `SKEW_WARN_MS` or more is logged as a warning for technicians when first seen and when it
 * changes by another such step; a return within it is logged too.
 */
export class HallClockSkew {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #warnMs: number;
  #samples: HallClockSample[] = [];
  #report: HallClockReport | null = null;
  #warnedAt: number | null = null;

  constructor(o: { clock: Clock; log: Logger; warnMs?: number }) {
    this.#clock = o.clock;
    this.#log = o.log;
    this.#warnMs = o.warnMs ?? SKEW_WARN_MS;
  }

  /** The kiosk's clock now (for the request's send and receive times). */
  now(): number {
    return this.#clock.now();
  }

  /** Takes the `Date` header of an answer that left at `sentAt` and came back at `receivedAt`. */
  observeDateHeader(sentAt: number, receivedAt: number, date: string | undefined): void {
    if (date === undefined) return;
    const ms = Date.parse(date);
    if (!Number.isFinite(ms)) return;
    this.observe({ sentAt, receivedAt, hallMs: ms + 500, errorMs: 500 });
  }

  observe(s: HallClockSample): void {
    const errorMs = s.errorMs ?? 0;
    if (![s.sentAt, s.receivedAt, s.hallMs, errorMs].every(Number.isFinite)) return;
    if (s.receivedAt < s.sentAt || errorMs < 0) return;
    this.#samples.push(s);
    if (this.#samples.length > SAMPLES) this.#samples.shift();
    // The newest of equally good samples: a clock that was set meanwhile shows in the next ones.
    const best = this.#samples.reduce((a, b) => (sampleErrorMs(b) <= sampleErrorMs(a) ? b : a));
    this.#report = {
      offsetMs: Math.round(best.hallMs - (best.sentAt + best.receivedAt) / 2),
      uncertaintyMs: Math.ceil(sampleErrorMs(best)),
      measuredAt: s.receivedAt,
    };
    this.#tell(this.#report.offsetMs);
  }

  #tell(offsetMs: number): void {
    const off = Math.abs(offsetMs) >= this.#warnMs;
    if (off && (this.#warnedAt === null || Math.abs(offsetMs - this.#warnedAt) >= this.#warnMs)) {
      this.#warnedAt = offsetMs;
      this.#log.warn(
        { offsetMs, kioskClock: new Date(this.#clock.now()).toISOString() },
        'this kiosk’s clock is off from the hall server’s; the hall’s time is used for what the kiosk shows and prints',
      );
    } else if (!off && this.#warnedAt !== null) {
      this.#warnedAt = null;
      this.#log.info({ offsetMs }, 'this kiosk’s clock agrees with the hall server’s again');
    }
  }

  /** The measured offset, or null before the hall answered once. */
  report(): HallClockReport | null {
    return this.#report;
  }

  /** The hall's time now as the kiosk best knows it (the kiosk's own before any answer). */
  hallNow(): number {
    return this.#clock.now() + (this.#report?.offsetMs ?? 0);
  }

  /** A Clock that reads the hall's time (timers are the kiosk's: durations do not depend on the offset). */
  hallClock(): Clock {
    return {
      now: () => this.hallNow(),
      setTimeout: (fn: () => void, ms: number): ClockTimer => this.#clock.setTimeout(fn, ms),
      clearTimeout: (t: ClockTimer) => this.#clock.clearTimeout(t),
    };
  }
}
