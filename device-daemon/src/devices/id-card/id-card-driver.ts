import { EventEmitter } from 'node:events';
import { type Clock, type DeviceName, type DeviceState, type DeviceStatus } from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';
import type { ByteTransport } from '../../transport/transport.ts';
import {
  internalHealth,
  type DeviceDriver,
  type HealthLevel,
  type HealthProbe,
  type HealthVerdict,
} from '../device.ts';
import { DeviceLink, ReplyTimeout, ReplyWaiters } from '../link/index.ts';
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
import { decodeTextBlock } from './id-text.ts';
import type { CardIdentity } from '../../core/card-identity.ts';

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

/**
 * A card read for a citizen's session: the decoded text, the photo and (when read) the fingerprint
 * template. Whoever holds it zeroes the byte buffers when done (identity/identity-vault.ts).
 */
export type CardRead = { identity: CardIdentity; photo: Uint8Array; fingerprint?: Uint8Array | null };

/** One card read outside a citizen's session (a technician's check or card): text only, photo zeroed. */
export type OneCard =
  | { kind: 'read'; identity: CardIdentity }
  | { kind: 'failed'; reason: ReadFailureReason }
  | { kind: 'timeout' };

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

/**
 * The default pause between polls while a flow waits for a card. The wait for the next poll is the
 * largest part of "card placed → name on the screen" beyond the bytes themselves (half the pause on
 * average: docs/performance.md). A find is 25 bytes on the wire (2.2 ms at 115200 baud), so polling
 * every 10 ms keeps the reader's own line a fifth busy — a line nothing else uses — only while a
 * screen asks for the card; idle, the reader is polled every `pollMs` (250 ms). A reader that takes
 * longer to answer a find is simply polled less often.
 */
export const ARMED_POLL_MS = 10;

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

/**
 * Drives a GA/T 467 SAM ID-card reader over any byte transport. It polls "find" to know whether a card
 * lies on the reader (cardPresent / cardRemoved), and only while armed by a consumer runs
 * select → read and emits identityRead once per card placement — so identity is read only when a flow
 * asks for it. SAM status and id are read at connection for diagnostics.
 */
export class SamIdCardReaderDriver extends EventEmitter<IdCardEvents> implements DeviceDriver {
  readonly name: DeviceName = 'idCardReader';
  #link: DeviceLink;
  #t: ByteTransport;
  #clock: Clock;
  #log: Logger;
  #pollMs: number;
  #armedPollMs: number;
  #timeouts: Record<'find' | 'select' | 'read' | 'sam', number>;
  #withFingerprint: boolean;
  #framer = new SamFramer(4);
  #replies: ReplyWaiters<SamResponse>;
  get #status(): DeviceStatus {
    return this.#link.status;
  }
  #polling = false;
  #armed = 0;
  #cardPresent = false;
  #readThisCard = false;
  #timeoutsInARow = 0;
  /** Ends the poll loop's pause early (set while it pauses). */
  #wake: (() => void) | null = null;
  #samId: string | null = null;
  stats = { goodReads: 0, failedReads: 0, communicationErrors: 0 };

  constructor(o: IdCardDriverOptions) {
    super();
    this.#t = o.transport;
    this.#clock = o.clock;
    this.#replies = new ReplyWaiters(o.clock);
    this.#log = o.log.child({ device: 'idCardReader' });
    this.#pollMs = o.pollMs ?? 250;
    this.#armedPollMs = Math.min(this.#pollMs, o.armedPollMs ?? ARMED_POLL_MS);
    this.#timeouts = { find: 300, select: 300, read: 3000, sam: 500, ...o.timeouts };
    this.#withFingerprint = o.withFingerprint ?? false;
    this.#link = new DeviceLink(
      {
        device: 'idCardReader',
        transport: o.transport,
        clock: o.clock,
        log: this.#log,
        statusMessage: 'reader state changed',
        lostMessage: 'ID-card reader connection lost',
        reconnect: o.reconnectMs ?? 3000,
        onStatus: (s) => this.emit('status', s),
      },
      {
        opened: () => this.#opened(),
        bytes: (b) => this.#onBytes(b),
        closing: () => this.#replies.failAll('closed', 'connection closed'),
        stopping: () => this.#replies.failAll('stopped', 'stopped'),
        lost: () => {
          if (this.#cardPresent) {
            this.#cardPresent = false;
            this.emit('cardRemoved');
          }
        },
      },
    );
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
    this.#link.start();
  }

  stop(): Promise<void> {
    return this.#link.stop();
  }

  /**
   * Asks the driver to read the next card (or the one already lying on the reader). Returns a function
   * that disarms. Several consumers may arm at once; reading continues while any is armed.
   */
  arm(): () => void {
    this.#armed++;
    this.#readThisCard = false;
    // A card placed as soon as the screen asks for it is found at once, not after the idle pause.
    if (this.#armed === 1) this.#wake?.();
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

  /**
   * Arms the reader for one card and waits at most `timeoutMs`. The photo is zeroed at once: these
   * callers need the text only, and must drop it as soon as they have used it.
   */
  readOne(timeoutMs: number): Promise<OneCard> {
    return new Promise((resolve) => {
      const disarm = this.arm();
      const finish = (r: OneCard) => {
        disarm();
        this.#clock.clearTimeout(timer);
        this.off('identityRead', onRead);
        this.off('readFailed', onFailed);
        resolve(r);
      };
      const onRead = (read: CardRead) => {
        read.photo.fill(0);
        read.fingerprint?.fill(0);
        finish({ kind: 'read', identity: read.identity });
      };
      const onFailed = (f: { reason: ReadFailureReason }) => finish({ kind: 'failed', reason: f.reason });
      const timer = this.#clock.setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      this.on('identityRead', onRead);
      this.on('readFailed', onFailed);
    });
  }

  /** External: the SAM's own status. Interactive: a card placed, shown masked. */
  async health(level: HealthLevel, probe: HealthProbe): Promise<HealthVerdict> {
    const status = this.#status;
    if (level === 'internal') return internalHealth(status);
    if (level === 'external') {
      if (status.state === 'noDevice' || status.state === 'offline') return internalHealth(status);
      const sam = await this.samStatus();
      return sam.ok
        ? { result: 'ok', text: `SAM answers: ${sam.text}; SAM id ${this.#samId ?? 'unknown'}` }
        : { result: 'failed', text: `SAM: ${sam.text}` };
    }
    if (status.state !== 'online') return internalHealth(status);
    const card = await this.readOne(probe.interactiveWaitMs);
    if (card.kind === 'timeout')
      return { result: 'failed', text: `no card placed within ${probe.interactiveWaitMs / 1000} s` };
    if (card.kind === 'failed') return { result: 'failed', text: `card not read: ${card.reason}` };
    return { result: 'ok', text: `card read: ${probe.describeCard(card.identity)}` };
  }

  /** UnifiedPOS names: GoodReadCount, FailedReadCount, CommunicationErrorCount. */
  statistics(): Record<string, number> {
    return {
      GoodReadCount: this.stats.goodReads,
      FailedReadCount: this.stats.failedReads,
      CommunicationErrorCount: this.stats.communicationErrors,
    };
  }

  /** Runs one exchange sequence (a poll cycle, a baud switch) with nothing else on the line. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#link.exclusive(fn);
  }

  // ── connection ────────────────────────────────────────────────────────────

  async #opened(): Promise<void> {
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

  // ── transactions ──────────────────────────────────────────────────────────

  #onBytes(bytes: Uint8Array): void {
    for (const out of this.#framer.push(bytes)) {
      if (out.type === 'fault') {
        if (out.detail.fault !== 'garbage') this.stats.communicationErrors++;
        this.#log.debug({ fault: out.detail }, 'reader stream fault');
        continue;
      }
      const response = parseResponse(out.body);
      // The frame's bytes (a card's text, photo, fingerprint) are copied into the response: zeroed here.
      out.body.fill(0);
      if (response) this.#replies.offer(response);
    }
  }

  /** One command, one reply. Callers never overlap (the checks at connection, then the sequential poll loop). */
  async #transact(frame: Uint8Array, timeoutMs: number): Promise<SamResponse> {
    const reply = this.#replies.expect({ ms: timeoutMs, onTimeout: () => this.#framer.reset() });
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
      while (!this.#link.stopped && this.#t.isOpen) {
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
        await this.#pause(this.#armed > 0 ? this.#armedPollMs : this.#pollMs);
      }
    } finally {
      this.#polling = false;
    }
  }

  /** Waits between polls; arming the driver ends the wait at once. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        this.#clock.clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
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
    // The raw reply is copied into text, photo and fingerprint (or refused): zeroed now.
    read.data.fill(0);
    if (typeof data === 'string') return fail('unreadable', data);
    const identity = decodeTextBlock(data.text);
    // The raw text block is decoded into strings: its bytes are zeroed at once.
    data.text.fill(0);
    const drop = () => {
      data.photo.fill(0);
      data.fingerprint?.fill(0);
    };
    if (typeof identity === 'string') return (drop(), fail('unreadable', identity));
    if (identity.numberCheck === 'invalid') {
      drop();
      return fail('invalidNumber', 'the ID number fails its check character');
    }
    this.stats.goodReads++;
    this.#log.info({ documentType: identity.documentType }, 'card read');
    // Nobody waiting any more (cancelled mid-read): the data is dropped here, photo and fingerprint zeroed.
    if (this.listenerCount('identityRead') === 0) drop();
    else this.emit('identityRead', { identity, photo: data.photo, fingerprint: data.fingerprint });
  }

  #setState(state: DeviceState, detail: string | undefined): void {
    this.#link.setStatus(state, detail);
  }
}
