import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { QueueUnreachableKind } from '../core/queue-unreachable.ts';

/**
 * What the kiosk believes of its link to the hall server:
 * - `online`: the hall answered the last request;
 * - `suspect`: a request got no answer in time (a half-open link swallows bytes without a reset): the
 *   hall may still be there, but no citizen waits for it again until a probe gets an answer;
 * - `offline`: the hall could not be reached (refused, reset, or it answered 5xx).
 */
export type HallLinkState = 'online' | 'suspect' | 'offline';

export type HallLinkReport = {
  state: HallLinkState;
  /** When the link left `online` (the kiosk's clock, ms); null while online. */
  since: number | null;
  /** When the hall last answered anything (the kiosk's clock, ms); null before the first answer. */
  lastAnswerAt: number | null;
};

/** What the hall client tells the link of each request. */
export type HallLinkObserver = {
  answered(): void;
  failed(kind: QueueUnreachableKind): void;
};

export type HallLinkOptions = {
  clock: Clock;
  log: Logger;
  /**
   * One cheap request through the same client (the hall's health): resolves when the hall answered
   * that it can work. Absent: the link recovers only when some other request is answered.
   */
  probe?: () => Promise<void>;
  /** The first probe this long after the link failed (ms); each failed probe doubles the wait … */
  probeMs?: number;
  /** … up to this (ms): after a heal the hall is tried again within this long. */
  maxProbeMs?: number;
  /** Told on every change of state. */
  onChange?: (state: HallLinkState) => void;
};

export const DEFAULT_PROBE_MS = 1000;
export const DEFAULT_MAX_PROBE_MS = 8000;

/**
 * The link's state, fed by the outcome of every request to the hall (`HallClient` tells it), and the
 * probe that brings it back: while the link is not `online`, a probe runs after `probeMs`, then after
 * twice as long each time it fails, never longer apart than `maxProbeMs`; its first answer makes the
 * link `online` again. Only failures of the link count (time-out, network, 5xx): a refused credential
 * or a broken answer is the hall answering, and leaves the state as it is.
 */
export class HallLink implements HallLinkObserver {
  readonly #o: HallLinkOptions;
  readonly #probeMs: number;
  readonly #maxProbeMs: number;
  #state: HallLinkState = 'online';
  #since: number | null = null;
  #lastAnswerAt: number | null = null;
  #timer: ClockTimer | null = null;
  #wait: number;
  #probing = false;
  #stopped = false;
  /** Probes sent since the link last failed (for tests and the log). */
  #probes = 0;

  constructor(options: HallLinkOptions) {
    const probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
    const maxProbeMs = options.maxProbeMs ?? DEFAULT_MAX_PROBE_MS;
    if (!Number.isInteger(probeMs) || probeMs < 1) throw new RangeError('probeMs must be a whole number ≥ 1');
    if (!Number.isInteger(maxProbeMs) || maxProbeMs < probeMs)
      throw new RangeError('maxProbeMs must be a whole number ≥ probeMs');
    this.#o = options;
    this.#probeMs = probeMs;
    this.#maxProbeMs = maxProbeMs;
    this.#wait = probeMs;
  }

  get state(): HallLinkState {
    return this.#state;
  }

  /** Whether a citizen's ticket should be asked of the hall now. */
  get online(): boolean {
    return this.#state === 'online';
  }

  get probes(): number {
    return this.#probes;
  }

  report(): HallLinkReport {
    return { state: this.#state, since: this.#since, lastAnswerAt: this.#lastAnswerAt };
  }

  answered(): void {
    this.#lastAnswerAt = this.#o.clock.now();
    if (this.#state === 'online') return;
    const downMs = this.#since === null ? 0 : this.#lastAnswerAt - this.#since;
    this.#o.log.info({ was: this.#state, downMs, probes: this.#probes }, 'the hall answers again');
    this.#state = 'online';
    this.#since = null;
    this.#wait = this.#probeMs;
    this.#probes = 0;
    this.#cancelTimer();
    this.#o.onChange?.('online');
  }

  failed(kind: QueueUnreachableKind): void {
    if (kind !== 'timeout' && kind !== 'network' && kind !== 'server') return;
    const next: HallLinkState = kind === 'timeout' ? 'suspect' : 'offline';
    if (this.#state === next) return;
    const was = this.#state;
    this.#state = next;
    if (was === 'online') {
      this.#since = this.#o.clock.now();
      this.#o.log.warn(
        { kind },
        next === 'suspect'
          ? 'the hall did not answer in time: tickets are issued offline until a probe gets an answer'
          : 'the hall cannot be reached: tickets are issued offline until a probe gets an answer',
      );
      this.#schedule();
    }
    this.#o.onChange?.(next);
  }

  /** No more probes (the daemon is stopping). */
  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
  }

  #cancelTimer(): void {
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    const probe = this.#o.probe;
    if (!probe || this.#stopped || this.#timer || this.#probing || this.#state === 'online') return;
    const wait = this.#wait;
    this.#wait = Math.min(this.#wait * 2, this.#maxProbeMs);
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      if (this.#state === 'online' || this.#stopped) return;
      this.#probing = true;
      this.#probes++;
      probe().then(
        () => {
          this.#probing = false;
          this.answered();
        },
        () => {
          this.#probing = false;
          this.#schedule();
        },
      );
    }, wait);
  }
}
