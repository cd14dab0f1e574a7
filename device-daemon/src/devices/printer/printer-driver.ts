import { EventEmitter } from 'node:events';
import {
  sleep,
  type Clock,
  type DeviceName,
  type DeviceState,
  type DeviceStatus,
  type PaperState,
} from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';
import type { ByteTransport } from '../../transport/transport.ts';
import {
  internalHealth,
  type DeviceDriver,
  type DeviceEvents,
  type HealthLevel,
  type HealthProbe,
  type HealthVerdict,
} from '../device.ts';
import {
  DLE_EOT,
  GOOD_CONDITION,
  GS_R_PAPER,
  PrinterReplyFramer,
  parseAsb,
  parseRealtimeStatus,
  parseTransmitPaper,
  type PrinterCondition,
  type PrinterReply,
} from './status.ts';
import type { PresenterProfile } from './presenter.ts';
import { DeviceLink, ReplyWaiters } from '../link/index.ts';

/** What became of a presented ticket. */
export type PresenterOutcome = 'taken' | 'retracted' | 'notTracked';

export type PrintFailure =
  'noDevice' | 'deviceNotReady' | 'paperOut' | 'coverOpen' | 'hardwareError' | 'timeOut';
export type PrintResult = { ok: true } | { ok: false; reason: PrintFailure; detail: string };

export type PrinterDriverOptions = {
  name: DeviceName;
  transport: ByteTransport;
  clock: Clock;
  log: Logger;
  /** Idle status polling interval (ms). */
  statusPollMs?: number;
  /** Wait between reconnection attempts (ms). */
  reconnectMs?: number;
  /** How long a status reply may take (ms). */
  replyTimeoutMs?: number;
  /** Slowest link assumed when sizing a job's time-out (bits per second). */
  linkBaud?: number;
  /** Time allowed for printing and cutting on top of the bytes' transfer time (ms). */
  printMarginMs?: number;
  /** Enable Automatic Status Back (GS a) at each connection. */
  automaticStatusBack?: boolean;
  /** The ticket presenter, if the printer has one. */
  presenter?: PresenterProfile | null;
  /** A ticket not taken within this time is retracted (ms). */
  retractAfterMs?: number;
  /** How often the presenter is asked whether the ticket is still there (ms). */
  presenterPollMs?: number;
};

/**
 * Drives an ESC/POS printer over any byte transport: connects and reconnects, watches its status
 * (polling DLE EOT, and ASB when the printer sends it), and prints jobs one at a time, confirming
 * each with GS r 1, which the printer answers only after the data before it has been printed.
 */
export class EscPosPrinterDriver extends EventEmitter<DeviceEvents> implements DeviceDriver {
  readonly name: DeviceName;
  #link: DeviceLink;
  #t: ByteTransport;
  #clock: Clock;
  #log: Logger;
  #pollMs: number;
  #replyMs: number;
  #linkBaud: number;
  #printMarginMs: number;
  #presenter: PresenterProfile | null;
  #asb: boolean;
  /** An ASB report has arrived on this connection: the printer is telling its changes as they happen. */
  #asbHeard = false;
  #retractAfterMs: number;
  #presenterPollMs: number;
  #framer = new PrinterReplyFramer();
  #replies: ReplyWaiters<PrinterReply>;
  get #status(): DeviceStatus {
    return this.#link.status;
  }
  #condition: PrinterCondition = { ...GOOD_CONDITION };

  constructor(options: PrinterDriverOptions) {
    super();
    this.name = options.name;
    this.#t = options.transport;
    this.#clock = options.clock;
    this.#replies = new ReplyWaiters(options.clock);
    this.#log = options.log.child({ device: options.name });
    this.#pollMs = options.statusPollMs ?? 5000;
    this.#replyMs = options.replyTimeoutMs ?? 1000;
    this.#linkBaud = options.linkBaud ?? 9600;
    this.#printMarginMs = options.printMarginMs ?? 3000;
    this.#presenter = options.presenter ?? null;
    this.#asb = options.automaticStatusBack ?? false;
    this.#retractAfterMs = options.retractAfterMs ?? 30_000;
    this.#presenterPollMs = options.presenterPollMs ?? 300;
    this.#link = new DeviceLink(
      {
        device: this.name,
        transport: options.transport,
        clock: options.clock,
        log: this.#log,
        statusMessage: 'printer state changed',
        lostMessage: 'printer connection lost',
        paperWhileDown: 'unknown',
        reconnect: options.reconnectMs ?? 3000,
        onStatus: (s) => this.emit('status', s),
      },
      {
        opened: () => this.#opened(),
        bytes: (bytes) => this.#onBytes(bytes),
        closing: () => {
          this.#asbHeard = false;
          this.#replies.failAll('closed', 'connection closed');
        },
      },
    );
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  get condition(): PrinterCondition {
    return { ...this.#condition };
  }

  start(): void {
    this.#link.start();
  }

  stop(): Promise<void> {
    return this.#link.stop();
  }

  /** Queues one print job; resolves when it is known to be printed, or why not. Never rejects. */
  print(job: Uint8Array): Promise<PrintResult> {
    return this.#exclusive(async () => {
      const result = await this.#print(job);
      if (result.ok) {
        this.stats.jobsPrinted++;
        for (let i = 0; i < job.length; i++) {
          if (job[i] === 0x0a) this.stats.linesPrinted++;
          else if (job[i] === 0x1d && job[i + 1] === 0x56) this.stats.cuts++;
        }
      } else {
        this.stats.jobsFailed++;
        if (result.reason === 'hardwareError' && this.#condition.cutterError) this.stats.failedCuts++;
      }
      return result;
    });
  }

  /** Counters since this driver started (persisted by the statistics service, UnifiedPOS names there). */
  stats = { jobsPrinted: 0, jobsFailed: 0, linesPrinted: 0, cuts: 0, failedCuts: 0, communicationErrors: 0 };

  get hasPresenter(): boolean {
    return this.#presenter !== null;
  }

  /**
   * After a printed ticket: presents it, then watches the presenter until the ticket is taken or, after
   * `retractAfterMs`, retracts it. Resolves 'notTracked' for printers without a presenter. Never rejects.
   */
  async watchPresenter(): Promise<PresenterOutcome> {
    const p = this.#presenter;
    if (!p) return 'notTracked';
    const started = this.#clock.now();
    const present = p.present();
    if (present.length > 0) await this.#exclusive(() => this.#t.write(present)).catch(() => undefined);
    for (;;) {
      await sleep(this.#clock, this.#presenterPollMs);
      const waiting = await this.#exclusive(async () => {
        const reply = this.#await(p.replyKind, this.#replyMs);
        await this.#t.write(p.statusRequest());
        return p.ticketWaiting(((await reply) as { byte: number }).byte);
      }).catch(() => null);
      if (waiting === false) {
        this.#log.info('ticket taken from the presenter');
        return 'taken';
      }
      if (this.#clock.now() - started >= this.#retractAfterMs) {
        await this.#exclusive(() => this.#t.write(p.retract())).catch(() => undefined);
        this.#log.warn({ afterMs: this.#retractAfterMs }, 'ticket not taken; retracted');
        return 'retracted';
      }
    }
  }

  /** Asks the printer for its status now (technicians, tests). */
  refresh(): Promise<DeviceStatus> {
    return this.#exclusive(async () => {
      await this.#queryStatus();
      return this.#status;
    });
  }

  // ── health and statistics ─────────────────────────────────────────────────

  /** External: DLE EOT status now. Interactive: a test page a technician checks by eye. */
  async health(level: HealthLevel, probe: HealthProbe): Promise<HealthVerdict> {
    if (level === 'internal') return internalHealth(this.#status);
    if (level === 'external') {
      const s = await this.refresh();
      return s.state === 'online'
        ? { result: 'ok', text: `answers status requests; paper ${s.paper ?? 'unknown'}` }
        : internalHealth(s);
    }
    const result = await this.print(probe.testPage(this.name, this.#status.connection));
    return result.ok
      ? { result: 'ok', text: 'test page printed: check it for every size, GBK text, QR and bar code' }
      : { result: 'failed', text: `test page not printed: ${result.reason} (${result.detail})` };
  }

  /** UnifiedPOS names: ReceiptLinePrintedCount, PaperCutCount, FailedPaperCutCount, PrinterFaultCount. */
  statistics(): Record<string, number> {
    const s = this.stats;
    return {
      ReceiptLinePrintedCount: s.linesPrinted,
      PaperCutCount: s.cuts,
      FailedPaperCutCount: s.failedCuts,
      PrinterFaultCount: s.jobsFailed,
      CommunicationErrorCount: s.communicationErrors,
    };
  }

  // ── connection ────────────────────────────────────────────────────────────

  async #opened(): Promise<void> {
    this.#log.info({ connection: this.#t.description }, 'printer port open');
    // GS a 0F: report drawer, online/offline, error and paper-sensor changes unasked.
    if (this.#asb)
      await this.#exclusive(() => this.#t.write(Uint8Array.of(0x1d, 0x61, 0x0f))).catch(() => undefined);
    await this.refresh();
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    this.#link.schedule(async () => {
      if (!this.#t.isOpen) return;
      await this.refresh();
      this.#schedulePoll();
    }, this.#pollMs);
  }

  // ── replies ───────────────────────────────────────────────────────────────

  #onBytes(bytes: Uint8Array): void {
    const garbage: number[] = [];
    for (const reply of this.#framer.push(bytes)) {
      if (reply.kind === 'asb') {
        // Only a printer asked for Automatic Status Back sends it; unasked, these bytes are noise.
        if (this.#asb) {
          this.#applyCondition(parseAsb(reply.bytes));
          this.#asbHeard = true;
        } else garbage.push(...reply.bytes);
        continue;
      }
      if (reply.kind === 'garbage') {
        garbage.push(reply.byte);
        continue;
      }
      this.#replies.offer(reply);
    }
    // One line per read, not per byte: a printer at the wrong baud rate sends nothing but garbage.
    if (garbage.length > 0) {
      this.#log.warn({ bytes: garbage.length, first: garbage.slice(0, 8) }, 'unexpected bytes from printer');
    }
  }

  /** A promise for the next reply of `kind`, made before the request is written. */
  #await(kind: PrinterReply['kind'], ms: number): Promise<PrinterReply> {
    return this.#replies.expect({ accepts: (r) => r.kind === kind, ms, what: kind });
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#link.exclusive(fn);
  }

  // ── status ────────────────────────────────────────────────────────────────

  /** DLE EOT 1–4; returns false when the printer did not answer. */
  async #queryStatus(): Promise<boolean> {
    if (!this.#t.isOpen) return false;
    const condition: PrinterCondition = { ...GOOD_CONDITION };
    try {
      for (const n of [1, 2, 3, 4] as const) {
        const reply = this.#await('realtime', this.#replyMs);
        await this.#t.write(DLE_EOT(n));
        const { byte } = (await reply) as { byte: number };
        const part = parseRealtimeStatus(n, byte);
        for (const [k, v] of Object.entries(part) as [keyof PrinterCondition, boolean][]) {
          condition[k] = condition[k] || v;
        }
      }
    } catch (e) {
      this.stats.communicationErrors++;
      if (this.#t.isOpen)
        this.#setState(
          'offline',
          'unknown',
          `printer does not answer status requests (${(e as Error).message})`,
        );
      return false;
    }
    this.#applyCondition(condition);
    return true;
  }

  #applyCondition(c: PrinterCondition): void {
    this.#condition = c;
    const paper: PaperState = c.paperOut ? 'out' : c.paperNearEnd ? 'low' : 'full';
    let state: DeviceState = 'online';
    let detail: string | undefined;
    if (c.cutterError || c.unrecoverableError) {
      state = 'hardwareError';
      detail = c.cutterError ? 'cutter error' : 'unrecoverable printer error';
    } else if (c.coverOpen) {
      state = 'userError';
      detail = 'cover open';
    } else if (c.paperOut) {
      state = 'userError';
      detail = 'paper out';
    } else if (c.offline) {
      state = 'offline';
      detail = 'printer reports offline';
    } else if (c.paperNearEnd) {
      detail = 'paper near end';
    }
    this.#setState(state, paper, detail);
  }

  #setState(state: DeviceState, paper: PaperState, detail: string | undefined): void {
    this.#link.setStatus(state, detail, paper);
  }

  // ── printing ──────────────────────────────────────────────────────────────

  #notReady(): Extract<PrintResult, { ok: false }> | null {
    const c = this.#condition;
    const s = this.#status;
    if (s.state === 'noDevice') return { ok: false, reason: 'noDevice', detail: s.detail ?? 'no printer' };
    if (c.paperOut) return { ok: false, reason: 'paperOut', detail: 'paper out' };
    if (c.coverOpen) return { ok: false, reason: 'coverOpen', detail: 'cover open' };
    if (c.cutterError || c.unrecoverableError)
      return { ok: false, reason: 'hardwareError', detail: s.detail ?? 'printer error' };
    if (s.state !== 'online') return { ok: false, reason: 'deviceNotReady', detail: s.detail ?? s.state };
    return null;
  }

  async #print(job: Uint8Array): Promise<PrintResult> {
    if (!this.#t.isOpen) {
      return {
        ok: false,
        reason: this.#status.state === 'noDevice' ? 'noDevice' : 'deviceNotReady',
        detail: this.#status.detail ?? 'not connected',
      };
    }
    // With Automatic Status Back the condition held here is the printer's own, sent on every change:
    // no DLE EOT round trips before the job (four of them were most of a ticket's time over the wire).
    // Without it, ask. Either way the job counts only once GS r 1 confirms it.
    if (!(this.#asb && this.#asbHeard) && !(await this.#queryStatus()))
      return { ok: false, reason: 'timeOut', detail: 'printer does not answer' };
    const before = this.#notReady();
    if (before) return before;

    // Time for the bytes on the slowest link we assume, plus time to print and cut.
    const jobMs = Math.ceil((job.length * 10 * 1000) / this.#linkBaud) + this.#printMarginMs;
    try {
      const done = this.#await('transmit', jobMs);
      await this.#t.write(job);
      await this.#t.write(GS_R_PAPER);
      const reply = (await done) as { byte: number };
      const paper = parseTransmitPaper(reply.byte);
      this.#applyCondition({ ...this.#condition, ...paper });
    } catch (e) {
      // Not confirmed: find out why from the real-time status, which the printer answers even offline.
      await this.#queryStatus();
      const why = this.#notReady();
      this.#log.warn(
        { reason: why?.reason ?? 'timeOut', error: (e as Error).message },
        'print job not confirmed',
      );
      return why ?? { ok: false, reason: 'timeOut', detail: (e as Error).message };
    }
    await this.#queryStatus();
    const after = this.#condition;
    if (after.cutterError || after.unrecoverableError) {
      return { ok: false, reason: 'hardwareError', detail: this.#status.detail ?? 'printer error' };
    }
    return { ok: true };
  }
}
