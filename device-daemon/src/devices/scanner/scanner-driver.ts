import { EventEmitter } from 'node:events';
import type { Clock, DeviceName, DeviceState, DeviceStatus } from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';
import type { ByteTransport } from '../../transport/transport.ts';
import {
  internalHealth,
  type DeviceDriver,
  type HealthLevel,
  type HealthProbe,
  type HealthVerdict,
} from '../device.ts';
import { DeviceLink } from '../link/index.ts';
import { HID_POS_BODY_BYTES, parseHidPosBody, symbologyName } from './hid-pos-report.ts';
import { BootKeyboardDecoder } from './boot-keyboard.ts';

export type ScannerProtocol = 'hidPos' | 'keyboardWedge';

/** A code read by the scanner. Its content may be anything a person shows: it is never logged. */
export type Scan = { code: string; symbology: string };

export type ScannerEvents = {
  status: [DeviceStatus];
  scan: [Scan];
};

/** Longest code assembled from several HID POS reports. */
const MAX_CODE_BYTES = 4096;

export type ScannerDriverOptions = {
  transport: ByteTransport;
  clock: Clock;
  log: Logger;
  protocol: ScannerProtocol;
  reconnectMs?: number;
};

/**
 * Drives a 2D code scanner: HID POS reports (assembled across "more data" reports) or a boot-keyboard
 * wedge (keys until Enter). The byte stream is cut into fixed-size reports — one per HID input
 * report, or the same records over a serial line or an emulator — and a record that fails its checks
 * is skipped a byte at a time until the stream lines up again.
 *
 * Codes are passed on only while a consumer is armed (a check-in screen that asks for a code); a
 * code scanned at any other moment is dropped, so an old scan never acts for the next person.
 */
export class CodeScannerDriver extends EventEmitter<ScannerEvents> implements DeviceDriver {
  readonly name: DeviceName = 'scanner';
  #o: ScannerDriverOptions;
  #log: Logger;
  #link: DeviceLink;
  get #status(): DeviceStatus {
    return this.#link.status;
  }
  #buffer = new Uint8Array(0);
  #recordBytes: number;
  #pending: { aim: string; chunks: Uint8Array[]; bytes: number } | null = null;
  #wedge = new BootKeyboardDecoder();
  #armed = 0;
  /** UnifiedPOS-style counters for diagnostics. */
  stats = { goodScans: 0, failedScans: 0, ignoredScans: 0, communicationErrors: 0 };

  constructor(o: ScannerDriverOptions) {
    super();
    this.#o = o;
    this.#log = o.log.child({ device: 'scanner' });
    this.#recordBytes = o.protocol === 'hidPos' ? HID_POS_BODY_BYTES : 8;
    this.#link = new DeviceLink(
      {
        device: 'scanner',
        transport: o.transport,
        clock: o.clock,
        log: this.#log,
        statusMessage: 'scanner state changed',
        stateWhenLost: 'byFailure',
        reconnect: o.reconnectMs ?? 3000,
        onStatus: (s) => this.emit('status', s),
      },
      {
        opened: () => {
          this.#reset();
          this.#setState('online', undefined);
        },
        bytes: (b) => this.#onBytes(b),
        lost: () => {
          this.stats.communicationErrors++;
          this.#reset();
        },
      },
    );
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  get protocol(): ScannerProtocol {
    return this.#o.protocol;
  }

  start(): void {
    this.#link.start();
  }

  stop(): Promise<void> {
    return this.#link.stop();
  }

  /** Passes codes on until the returned function is called. */
  arm(): () => void {
    this.#armed++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#armed = Math.max(0, this.#armed - 1);
    };
  }

  /** External: the link is open (HID scanners have no status command). Interactive: scan a code. */
  async health(level: HealthLevel, probe: HealthProbe): Promise<HealthVerdict> {
    const status = this.#status;
    if (level === 'internal') return internalHealth(status);
    if (level === 'external') {
      return status.state === 'online'
        ? { result: 'ok', text: `link open (${this.protocol}); scanners have no status command` }
        : internalHealth(status);
    }
    if (status.state !== 'online') return internalHealth(status);
    const waitMs = probe.interactiveWaitMs;
    return new Promise((resolve) => {
      const disarm = this.arm();
      const onScan = (s: Scan) => {
        disarm();
        probe.clock.clearTimeout(timer);
        this.off('scan', onScan);
        resolve({ result: 'ok', text: `code read: ${s.symbology}, ${s.code.length} characters` });
      };
      const timer = probe.clock.setTimeout(() => {
        disarm();
        this.off('scan', onScan);
        resolve({ result: 'failed', text: `no code scanned within ${waitMs / 1000} s` });
      }, waitMs);
      this.on('scan', onScan);
    });
  }

  /** UnifiedPOS GoodScanCount; FailedScanCount and IgnoredScanCount are this kiosk's own. */
  statistics(): Record<string, number> {
    return {
      GoodScanCount: this.stats.goodScans,
      FailedScanCount: this.stats.failedScans,
      IgnoredScanCount: this.stats.ignoredScans,
      CommunicationErrorCount: this.stats.communicationErrors,
    };
  }

  #reset(): void {
    this.#buffer = new Uint8Array(0);
    this.#pending = null;
    this.#wedge.reset();
  }

  #onBytes(bytes: Uint8Array): void {
    const merged = new Uint8Array(this.#buffer.length + bytes.length);
    merged.set(this.#buffer);
    merged.set(bytes, this.#buffer.length);
    let at = 0;
    let skipped = 0;
    while (merged.length - at >= this.#recordBytes) {
      const record = merged.subarray(at, at + this.#recordBytes);
      if (this.#o.protocol === 'hidPos' ? this.#onHidPos(record) : this.#onWedge(record)) {
        at += this.#recordBytes;
      } else {
        at += 1;
        skipped++;
      }
    }
    this.#buffer = merged.slice(at);
    if (skipped > 0) {
      this.stats.failedScans++;
      this.#pending = null;
      this.#log.warn({ skippedBytes: skipped }, 'scanner sent bytes that are not reports; skipped');
    }
  }

  /** Returns false when the record is not a report (the caller then slides by one byte). */
  #onHidPos(record: Uint8Array): boolean {
    const segment = parseHidPosBody(record);
    if (typeof segment === 'string') return false;
    const p = (this.#pending ??= { aim: segment.aim, chunks: [], bytes: 0 });
    p.chunks.push(segment.data);
    p.bytes += segment.data.length;
    if (p.bytes > MAX_CODE_BYTES) {
      this.stats.failedScans++;
      this.#pending = null;
      this.#log.warn({ bytes: p.bytes }, 'scanned code too long; dropped');
      return true;
    }
    if (!segment.more) {
      this.#pending = null;
      const code = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(p.chunks));
      this.#deliver({ code, symbology: symbologyName(p.aim) });
    }
    return true;
  }

  #onWedge(record: Uint8Array): boolean {
    if (record[1] !== 0) return false; // the reserved byte of a boot report is always 0
    const code = this.#wedge.push(record);
    if (code !== null) this.#deliver({ code, symbology: 'unknown (keyboard wedge)' });
    return true;
  }

  #deliver(scan: Scan): void {
    if (scan.code.length === 0) return;
    if (this.#armed === 0) {
      this.stats.ignoredScans++;
      this.#log.info({ symbology: scan.symbology }, 'code scanned while nobody asked for one; dropped');
      return;
    }
    this.stats.goodScans++;
    this.#log.info({ symbology: scan.symbology, length: scan.code.length }, 'code scanned');
    this.emit('scan', scan);
  }

  #setState(state: DeviceState, detail: string | undefined): void {
    this.#link.setStatus(state, detail);
  }
}
