import { EventEmitter } from 'node:events';
import { ExchangeQueue, SingleTimer, DeviceStatusCell } from '../driver-support.ts';
import {
  sleep,
  type Clock,
  type ClockTimer,
  type DeviceName,
  type DeviceState,
  type DeviceStatus,
} from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';
import type { ByteTransport, TransportError } from '../../transport/transport.ts';
import type { DeviceDriver } from '../device.ts';
import { SamFramer } from './sam-frame.ts';
import {
  commandFrame,
  formatSamId,
  parseReadData,
  parseResponse,
  setBaudRateFrame,
  type SamBaudRate,
  type SamCommandName,
  type SamResponse,
} from './sam-protocol.ts';
import { decodeTextBlock, type CardIdentity } from './id-text.ts';

/** Why a card could not be read, in terms of what the person should do. */
export type ReadFailureReason =
  /** Select failed: the card is not flat or moved. */
  | 'cardMoved'
  /** The read itself failed (RF error). */
  | 'readFailed'
  /** The card was lifted before the read finished. */
  | 'cardRemoved'
  /** Authentication or card-type failure: this card cannot be read here. */
  | 'unreadable'
  /** The card's number fails the GB 11643 check: not trusted. */
  | 'invalidNumber'
  /** The reader's SAM failed; needs a technician. */
  | 'samError'
  /** The reader did not answer in time. */
  | 'timeOut';

export type CardRead = { identity: CardIdentity; photo: Uint8Array };

export type IdCardEvents = {
  status: [DeviceStatus];
  cardPresent: [];
  cardRemoved: [];
  /** An armed read of the card on the reader has begun (select → read). */
  readStarted: [];
  /** Sensitive: the listener owns the data from here on; the driver keeps nothing. */
  identityRead: [CardRead];
  readFailed: [{ reason: ReadFailureReason; detail: string }];
};

export type IdCardDriverOptions = {
  transport: ByteTransport;
  clock: Clock;
  log: Logger;
  /** Pause between polls of the card field while nobody waits for a card (ms). */
  pollMs?: number;
  /** Pause between polls while a consumer waits for a card (ms); shorter, so a placed card is read at once. */
  armedPollMs?: number;
  reconnectMs?: number;
  /** Per-command reply time-outs (ms); reads carry 1295+ bytes. */
  timeouts?: Partial<Record<'find' | 'select' | 'read' | 'sam', number>>;
  /** Read fingerprints too (command 30 10). */
  withFingerprint?: boolean;
};

class ReplyTimeout extends Error {}

/** A reply timer firing later than this (ms) means the event loop was not listening at the deadline. */
const LATE_TIMER_MS = 20;
/** How many times a late reply timer waits again before the reader is said not to answer. */
const MAX_LATE_EXTENSIONS = 3;

/**
 * Drives a GA/T 467 SAM ID-card reader over any byte transport. It polls "find" to know whether a card
 * lies on the reader (cardPresent / cardRemoved), and only while armed by a consumer runs
 * select → read and emits identityRead once per card placement — so identity is read only when a flow
 * asks for it. SAM status and id are read at connection for diagnostics.
 */
export class SamIdCardReaderDriver extends EventEmitter<IdCardEvents> implements DeviceDriver {
  readonly name: DeviceName = 'idCardReader';
  #t: ByteTransport;
  #clock: Clock;
  #log: Logger;
  #pollMs: number;
  #armedPollMs: number;
  #reconnectMs: number;
  #timeouts: Record<'find' | 'select' | 'read' | 'sam', number>;
  #withFingerprint: boolean;
  #framer = new SamFramer(4);
  #waiter: { resolve: (r: SamResponse) => void; reject: (e: Error) => void; timer: ClockTimer } | null = null;
  #cell: DeviceStatusCell;
  get #status(): DeviceStatus {
    return this.#cell.value;
  }
  #timer: SingleTimer;
  #stopped = false;
  #wired = false;
  #polling = false;
  #armed = 0;
  #cardPresent = false;
  #readThisCard = false;
  #timeoutsInARow = 0;
  #samId: string | null = null;
  #queue = new ExchangeQueue();
  stats = { goodReads: 0, failedReads: 0, communicationErrors: 0 };

  constructor(o: IdCardDriverOptions) {
    super();
    this.#t = o.transport;
    this.#clock = o.clock;
    this.#timer = new SingleTimer(o.clock, () => this.#stopped);
    this.#log = o.log.child({ device: 'idCardReader' });
    this.#pollMs = o.pollMs ?? 250;
    this.#armedPollMs = Math.min(this.#pollMs, o.armedPollMs ?? 100);
    this.#reconnectMs = o.reconnectMs ?? 3000;
    this.#timeouts = { find: 300, select: 300, read: 3000, sam: 500, ...o.timeouts };
    this.#withFingerprint = o.withFingerprint ?? false;
    this.#cell = new DeviceStatusCell({
      device: 'idCardReader',
      connection: () => this.#t.description,
      clock: this.#clock,
      log: this.#log,
      message: 'reader state changed',
      onChange: (s) => this.emit('status', s),
    });
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  /** The SAM's id as read at connection, for technicians. */
  get samId(): string | null {
    return this.#samId;
  }

  get cardPresent(): boolean {
    return this.#cardPresent;
  }

  start(): void {
    this.#stopped = false;
    if (!this.#wired) {
      this.#wired = true;
      this.#t.on('data', (b) => this.#onBytes(b));
      this.#t.on('close', (e) => this.#onClose(e));
    }
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer.clear();
    this.#failWaiter(new ReplyTimeout('stopped'));
    await this.#t.close();
  }

  /**
   * Asks the driver to read the next card (or the one already lying on the reader). Returns a function
   * that disarms. Several consumers may arm at once; reading continues while any is armed.
   */
  arm(): () => void {
    this.#armed++;
    this.#readThisCard = false;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#armed = Math.max(0, this.#armed - 1);
    };
  }

  /** Asks the SAM for its status (command 11 FF), for a technician's external health check. */
  samStatus(): Promise<{ ok: boolean; text: string }> {
    return this.#exclusive(async () => {
      try {
        const r = await this.#transact(commandFrame('samStatus'), this.#timeouts.sam);
        return { ok: r.status.kind === 'success', text: r.status.text };
      } catch (e) {
        return { ok: false, text: `no answer (${(e as Error).message})` };
      }
    });
  }

  /** Switches reader and port to another line speed (command 60 0n). */
  switchBaudRate(rate: SamBaudRate): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#t.updateBaudRate) throw new Error('this transport has no line speed');
      const r = await this.#transact(setBaudRateFrame(rate), this.#timeouts.sam);
      if (r.status.kind !== 'success') throw new Error(`reader refused baud rate ${rate}: ${r.status.text}`);
      await this.#t.updateBaudRate(rate);
    });
  }

  /** Runs one exchange sequence (a poll cycle, a baud switch) with nothing else on the line. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue.run(fn);
  }

  // ── connection ────────────────────────────────────────────────────────────

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#t.open();
    } catch (e) {
      const err = e as TransportError;
      this.#setState(err.failure === 'notFound' ? 'noDevice' : 'offline', err.message);
      this.#timer.schedule(() => this.#connect(), this.#reconnectMs);
      return;
    }
    this.#framer.reset();
    await this.#checkSam();
    if (!this.#polling) void this.#pollLoop();
  }

  async #checkSam(): Promise<void> {
    try {
      const status = await this.#transact(commandFrame('samStatus'), this.#timeouts.sam);
      if (status.status.kind !== 'success') {
        this.#setState('hardwareError', `SAM: ${status.status.text}`);
        return;
      }
      const id = await this.#transact(commandFrame('samId'), this.#timeouts.sam);
      if (id.status.kind === 'success') this.#samId = formatSamId(id.data);
      this.#setState('online', undefined);
      this.#log.info({ samId: this.#samId }, 'ID-card reader ready');
    } catch (e) {
      this.#setState('offline', `reader does not answer (${(e as Error).message})`);
    }
  }

  #onClose(err: TransportError | null): void {
    this.#failWaiter(new ReplyTimeout('connection closed'));
    if (this.#stopped) return;
    if (this.#cardPresent) {
      this.#cardPresent = false;
      this.emit('cardRemoved');
    }
    this.#log.warn({ reason: err?.message }, 'ID-card reader connection lost');
    this.#setState('offline', err?.message ?? 'connection closed');
    this.#timer.schedule(() => this.#connect(), this.#reconnectMs);
  }

  // ── transactions ──────────────────────────────────────────────────────────

  #onBytes(bytes: Uint8Array): void {
    for (const out of this.#framer.push(bytes)) {
      if (out.type === 'fault') {
        if (out.detail.fault !== 'garbage') this.stats.communicationErrors++;
        this.#log.debug({ fault: out.detail }, 'reader stream fault');
        continue;
      }
      const response = parseResponse(out.body);
      const w = this.#waiter;
      if (!response || !w) continue;
      this.#waiter = null;
      this.#clock.clearTimeout(w.timer);
      w.resolve(response);
    }
  }

  #failWaiter(e: Error): void {
    const w = this.#waiter;
    this.#waiter = null;
    if (w) {
      this.#clock.clearTimeout(w.timer);
      w.reject(e);
    }
  }

  /**
   * One command, one reply. Callers never overlap (the poll loop is sequential).
   *
   * The time-out counts only time this process could hear the reply. Node runs due timers before it
   * reads I/O, so when the event loop was busy or the process was not scheduled past the deadline, the
   * timer fires while the reader's answer already waits on the line. A timer that fires more than
   * LATE_TIMER_MS late therefore waits again for as long as it was late (at most MAX_LATE_EXTENSIONS
   * times) before the reader is said not to answer.
   */
  async #transact(frame: Uint8Array, timeoutMs: number): Promise<SamResponse> {
    const reply = new Promise<SamResponse>((resolve, reject) => {
      const waiter = { resolve, reject, timer: null as unknown as ClockTimer };
      const expireAt = (deadline: number, extensions: number): ClockTimer =>
        this.#clock.setTimeout(() => {
          if (this.#waiter !== waiter) return;
          const late = this.#clock.now() - deadline;
          if (late > LATE_TIMER_MS && extensions < MAX_LATE_EXTENSIONS) {
            waiter.timer = expireAt(this.#clock.now() + late, extensions + 1);
            return;
          }
          this.#waiter = null;
          this.#framer.reset();
          reject(new ReplyTimeout(`no reply within ${timeoutMs} ms`));
        }, deadline - this.#clock.now());
      waiter.timer = expireAt(this.#clock.now() + timeoutMs, 0);
      this.#waiter = waiter;
    });
    reply.catch(() => undefined);
    await this.#t.write(frame);
    return reply;
  }

  async #command(name: SamCommandName, timeoutMs: number): Promise<SamResponse> {
    return this.#transact(commandFrame(name), timeoutMs);
  }

  // ── polling ───────────────────────────────────────────────────────────────

  async #pollLoop(): Promise<void> {
    this.#polling = true;
    try {
      while (!this.#stopped && this.#t.isOpen) {
        try {
          await this.#exclusive(() => this.#pollOnce());
          if (this.#timeoutsInARow > 0 && this.#status.state === 'offline')
            await this.#exclusive(() => this.#checkSam());
          this.#timeoutsInARow = 0;
        } catch (e) {
          if (!(e instanceof ReplyTimeout)) {
            if (!this.#t.isOpen) break;
            this.#log.warn({ error: (e as Error).message }, 'reader poll failed');
          } else {
            this.stats.communicationErrors++;
            if (++this.#timeoutsInARow >= 3) this.#setState('offline', 'reader does not answer');
          }
        }
        await sleep(this.#clock, this.#armed > 0 ? this.#armedPollMs : this.#pollMs);
      }
    } finally {
      this.#polling = false;
    }
  }

  async #pollOnce(): Promise<void> {
    const find = await this.#command('findCard', this.#timeouts.find);
    if (find.status.kind === 'samSelfTestFailed' || find.status.kind === 'samNotAuthorised') {
      this.#setState('hardwareError', `SAM: ${find.status.text}`);
      return;
    }
    if (this.#status.state === 'hardwareError' || this.#status.state === 'offline')
      this.#setState('online', undefined);
    if (find.status.kind !== 'cardFound') {
      if (this.#cardPresent) {
        this.#cardPresent = false;
        this.#readThisCard = false;
        this.emit('cardRemoved');
      }
      return;
    }
    if (!this.#cardPresent) {
      this.#cardPresent = true;
      this.#readThisCard = false;
      this.emit('cardPresent');
    }
    if (this.#armed === 0 || this.#readThisCard) return;
    await this.#readCard();
  }

  async #readCard(): Promise<void> {
    this.#readThisCard = true;
    const fail = (reason: ReadFailureReason, detail: string) => {
      this.stats.failedReads++;
      this.#log.info({ reason, detail }, 'card not read');
      this.emit('readFailed', { reason, detail });
    };
    let select: SamResponse;
    let read: SamResponse;
    this.emit('readStarted');
    try {
      select = await this.#command('selectCard', this.#timeouts.select);
      if (select.status.kind !== 'success') return fail('cardMoved', select.status.text);
      read = await this.#command(
        this.#withFingerprint ? 'readTextPhotoFingerprint' : 'readTextPhoto',
        this.#timeouts.read,
      );
    } catch (e) {
      if (e instanceof ReplyTimeout) fail('timeOut', e.message);
      throw e;
    }
    switch (read.status.kind) {
      case 'success':
        break;
      case 'readFailed': {
        // Was the card lifted? Ask the field again.
        const again = await this.#command('findCard', this.#timeouts.find).catch(() => null);
        if (again && again.status.kind !== 'cardFound') {
          this.#cardPresent = false;
          this.emit('cardRemoved');
          return fail('cardRemoved', 'card lifted during the read');
        }
        return fail('readFailed', read.status.text);
      }
      case 'samSelfTestFailed':
      case 'samNotAuthorised':
        this.#setState('hardwareError', `SAM: ${read.status.text}`);
        return fail('samError', read.status.text);
      default:
        return fail('unreadable', read.status.text);
    }
    const data = parseReadData(read.data, this.#withFingerprint);
    if (typeof data === 'string') return fail('unreadable', data);
    const identity = decodeTextBlock(data.text);
    if (typeof identity === 'string') return fail('unreadable', identity);
    if (identity.numberCheck === 'invalid') {
      data.photo.fill(0);
      return fail('invalidNumber', 'the ID number fails its check character');
    }
    this.stats.goodReads++;
    this.#log.info({ documentType: identity.documentType }, 'card read');
    // Nobody waiting any more (cancelled mid-read): the data is dropped here, the photo zeroed.
    if (this.listenerCount('identityRead') === 0) data.photo.fill(0);
    else this.emit('identityRead', { identity, photo: data.photo });
  }

  #setState(state: DeviceState, detail: string | undefined): void {
    this.#cell.set(state, detail);
  }
}
