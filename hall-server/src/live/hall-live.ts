import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '@hall-kiosk/device-daemon';
import type { HallEvent } from '../store.ts';

/** How many ids each read looks back for events committed after a higher id (see HallLive). */
export const OVERLAP = 256;

export type HallLiveOptions = {
  /** How the dedicated LISTEN connection is made (asked again at every reconnect: the target may have moved). */
  connection: () => pg.ClientConfig;
  /** Reads the event log after an id (the store's `eventsSince`). */
  eventsSince: (afterId: number, limit?: number) => Promise<HallEvent[]>;
  clock: Clock;
  log: Logger;
  /** Read the log this often even without a hint (a hint can be lost). Default 2 s. */
  pollMs?: number;
  /** Wait before making the LISTEN connection again after it broke. Default 1 s. */
  reconnectMs?: number;
};

/**
 * The hall's live feed: every ticket event, in order, exactly once, to every subscriber in this
 * process (the SSE streams of counter pages and displays). `LISTEN hall_queue` on a dedicated
 * connection is only a hint to read `eventsSince(lastId)` now; the log is also read every `pollMs`,
 * so a lost hint or a broken LISTEN connection delays an event by at most that, never loses it.
 *
 * Ids are given when a transaction inserts its event, not when it commits, so an event can become
 * visible after a higher id was already read. Each read therefore looks `OVERLAP` ids back and skips
 * the ids it has delivered: an event committed up to that many events late still goes out, once.
 *
 * Emits `event` (HallEvent) and `state` ('listening' | 'polling').
 */
export class HallLive extends EventEmitter<{ event: [HallEvent]; state: ['listening' | 'polling'] }> {
  #lastId = 0;
  /** Ids delivered lately, oldest first (see OVERLAP). */
  readonly #delivered = new Set<number>();
  #client: pg.Client | null = null;
  #pollTimer: ClockTimer | null = null;
  #reconnectTimer: ClockTimer | null = null;
  #reading: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  readonly #o: Required<HallLiveOptions>;

  constructor(options: HallLiveOptions) {
    super();
    this.setMaxListeners(0);
    this.#o = { pollMs: 2000, reconnectMs: 1000, ...options };
  }

  /** The id of the last event delivered (a new SSE stream starts after it). */
  get lastId(): number {
    return this.#lastId;
  }

  /** Starts after the newest event now in the log (history is read with `eventsSince`). */
  async start(): Promise<void> {
    let batch = await this.#o.eventsSince(this.#lastId, 5000);
    while (batch.length > 0) {
      for (const e of batch) if (e.id > this.#lastId - OVERLAP) this.#delivered.add(e.id);
      this.#lastId = batch[batch.length - 1]!.id;
      batch = await this.#o.eventsSince(this.#lastId, 5000);
    }
    this.#schedulePoll();
    await this.#listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#pollTimer) this.#o.clock.clearTimeout(this.#pollTimer);
    if (this.#reconnectTimer) this.#o.clock.clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
    await this.#reading;
  }

  #schedulePoll(): void {
    if (this.#stopped) return;
    this.#pollTimer = this.#o.clock.setTimeout(() => {
      void this.read().finally(() => this.#schedulePoll());
    }, this.#o.pollMs);
  }

  async #listen(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client(this.#o.connection());
    const broken = (err?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      client.end().catch(() => undefined);
      if (this.#stopped) return;
      this.#o.log.warn(
        { err: err?.message },
        'hall live feed: LISTEN connection lost, reading the log every poll',
      );
      this.emit('state', 'polling');
      this.#reconnectTimer = this.#o.clock.setTimeout(() => void this.#listen(), this.#o.reconnectMs);
    };
    client.on('error', broken);
    client.on('end', () => broken());
    client.on('notification', () => void this.read());
    try {
      await client.connect();
      await client.query('LISTEN hall_queue');
      this.#client = client;
      this.emit('state', 'listening');
      // Whatever happened while the connection was down.
      void this.read();
    } catch (err) {
      this.#client = client;
      broken(err as Error);
    }
  }

  /** Reads and delivers every event after the last one delivered (coalesces concurrent calls). */
  read(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      try {
        do {
          this.#again = false;
          let batch: HallEvent[];
          do {
            const from = Math.max(0, this.#lastId - OVERLAP);
            batch = await this.#o.eventsSince(from, 500 + OVERLAP);
            for (const e of batch) {
              if (this.#delivered.has(e.id) || e.id <= from) continue;
              this.#delivered.add(e.id);
              if (e.id > this.#lastId) this.#lastId = e.id;
              this.emit('event', e);
            }
            // Forget ids that can no longer come back in an overlap.
            for (const id of this.#delivered) {
              if (id > this.#lastId - OVERLAP) break;
              this.#delivered.delete(id);
            }
          } while (batch.length === 500 + OVERLAP);
        } while (this.#again && !this.#stopped);
      } catch (err) {
        this.#o.log.warn({ err: (err as Error).message }, 'hall live feed: could not read the event log');
      } finally {
        this.#reading = null;
      }
    })();
    return this.#reading;
  }
}
