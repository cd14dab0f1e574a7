import pg from 'pg';
import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '@hall-kiosk/device-daemon';

export type Writability = { ok: true } | { ok: false; problem: string };

export type HallDatabaseOptions = {
  /** The primary first, then standbys in the order they may be promoted (postgres:// URLs). */
  urls: readonly string[];
  poolSize: number;
  clock: Clock;
  log: Logger;
  /** How often the current target is checked (and a new primary looked for when it cannot write). Default 2 s. */
  checkEveryMs?: number;
  /** A statement running longer than this is cancelled by the server (a hung connection frees). Default 15 s. */
  statementTimeoutMs?: number;
  /** Giving up on making a connection after this. Default 3 s. */
  connectTimeoutMs?: number;
  /**
   * How long a request waits for one of the pool's connections when all are in use. Longer, and it
   * fails as busy (a 503 its sender retries with its idempotency key) instead of queueing work its
   * sender has given up on: after a restart, senders that time out and send again would otherwise
   * pile up behind the pool without end. Default 8 s, what a counter page or a kiosk waits for an
   * answer.
   */
  acquireTimeoutMs?: number;
  /** Told when the hall moved to another database server. */
  onSwitch?: (from: string, to: string) => void;
};

/** pg-pool's error when no connection came free within `acquireTimeoutMs`. */
const POOL_BUSY = 'timeout exceeded when trying to connect';

/** Whether an error means every connection was in use for longer than the request may wait. */
export const isPoolBusy = (e: unknown): boolean => (e as Error | null)?.message === POOL_BUSY;

/** The URL without a password, for logs and the health answer. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid database URL)';
  }
}

/** Whether an error means the database could not be used (not that the request was wrong). */
export const isDatabaseUnavailable = (e: unknown): boolean => {
  const code = (e as { code?: string }).code ?? '';
  // Connection refused/reset/time-outs, PostgreSQL's "admin shutdown", "cannot connect now",
  // "crash shutdown", the connection-exception class (08…), and a write sent to a standby (25006).
  return (
    /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|57P0|08|25006)/.test(code) ||
    /timeout|terminat|Connection/i.test(String((e as Error)?.message))
  );
};

/**
 * The hall's connection to PostgreSQL, which may be a primary with standbys. One `pg.Pool` whose
 * every new connection goes to the *current* target; the target is checked every `checkEveryMs`
 * (and at once when a caller saw a connection error): when it cannot take writes (down, or a standby),
 * each URL is tried in order and the first that is writable (`pg_is_in_recovery()` false) becomes
 * the target. Connections to the old one fail and leave the pool; requests in flight fail and are
 * retried by their senders with their idempotency keys.
 *
 * It never fails back on its own: while the current target can write it stays, so an old primary
 * that comes back writable does not split the hall in two (the operator makes it a standby).
 * Nothing acknowledged is lost over a failover only if the primary replicates synchronously
 * (`synchronous_standby_names`): docs/hall.md says so.
 */
export class HallDatabase {
  readonly pool: pg.Pool;
  #current: string;
  #timer: ClockTimer | null = null;
  #checking: Promise<Writability> | null = null;
  #last: Writability = { ok: true };
  #closed = false;
  readonly #o: Required<Omit<HallDatabaseOptions, 'onSwitch'>> & Pick<HallDatabaseOptions, 'onSwitch'>;

  constructor(options: HallDatabaseOptions) {
    if (options.urls.length === 0) throw new Error('at least one database URL');
    this.#o = {
      checkEveryMs: 2000,
      statementTimeoutMs: 15_000,
      connectTimeoutMs: 3000,
      acquireTimeoutMs: 8000,
      ...options,
    };
    this.#current = options.urls[0]!;
    const settings = this.#clientSettings();
    const target = () => this.#current;
    const lost = (err: Error) => {
      options.log.warn({ err: err.message }, 'hall database: a connection in use was lost');
      void this.check();
    };
    /**
     * Every connection the pool makes goes to the target of the moment. A connection that breaks
     * while checked out between two queries emits `error` with nobody listening (the pool listens only
     * to idle ones), which would end the process: each listens for itself; the query in progress, if
     * any, fails on its own and the pool drops the connection.
     */
    class TargetClient extends pg.Client {
      constructor() {
        super({ ...settings, connectionString: target() });
        this.on('error', lost);
      }
    }
    this.pool = new pg.Pool({
      max: options.poolSize,
      Client: TargetClient as unknown as typeof pg.Client,
      // The wait for a free connection (each new connection has its own, shorter, limit).
      connectionTimeoutMillis: this.#o.acquireTimeoutMs,
    });
    // An idle connection that breaks (the server restarted) must not crash the hall server.
    this.pool.on('error', (err) => {
      options.log.warn({ err: err.message }, 'hall database: an idle connection was lost');
      void this.check();
    });
  }

  #clientSettings(): pg.ClientConfig {
    return {
      keepAlive: true,
      connectionTimeoutMillis: this.#o.connectTimeoutMs,
      statement_timeout: this.#o.statementTimeoutMs,
      // A query whose answer never comes (a half-open link) fails on the client too.
      query_timeout: this.#o.statementTimeoutMs + 2000,
      application_name: 'hall-server',
    };
  }

  /** Settings for a dedicated connection (the live feed's LISTEN) to the current target. */
  connectionConfig(): pg.ClientConfig {
    const { query_timeout: _q, statement_timeout: _s, ...rest } = this.#clientSettings();
    return { ...rest, connectionString: this.#current };
  }

  get current(): string {
    return this.#current;
  }

  /** The last check's answer (no query): what the readiness endpoint reports between checks. */
  get lastKnown(): Writability {
    return this.#last;
  }

  start(): void {
    const tick = () => {
      if (this.#closed) return;
      this.#timer = this.#o.clock.setTimeout(() => {
        void this.check().finally(tick);
      }, this.#o.checkEveryMs);
    };
    tick();
  }

  /** Whether the current target takes writes; if not, looks for one that does and switches to it. */
  check(): Promise<Writability> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = null;
    });
    return this.#checking;
  }

  async #writable(url: string): Promise<Writability> {
    const client = new pg.Client({ ...this.#clientSettings(), connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ ro: boolean }>('SELECT pg_is_in_recovery() AS ro');
      return rows[0]?.ro ? { ok: false, problem: 'a read-only standby' } : { ok: true };
    } catch (e) {
      return { ok: false, problem: (e as Error).message || String(e) };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async #check(): Promise<Writability> {
    const here = await this.#writable(this.#current);
    if (here.ok || this.#closed) return (this.#last = here);
    for (const url of this.#o.urls) {
      if (url === this.#current) continue;
      const there = await this.#writable(url);
      if (!there.ok) continue;
      const from = this.#current;
      this.#current = url;
      this.#o.log.warn({ from: redact(from), to: redact(url) }, 'hall database: moved to a writable server');
      this.#o.onSwitch?.(from, url);
      return (this.#last = { ok: true });
    }
    return (this.#last = {
      ok: false,
      problem: `no database server takes writes (${redact(this.#current)}: ${here.problem})`,
    });
  }

  /** For callers that saw an error: if it was the connection, check now (a failover is looked for). */
  noticeError(e: unknown): void {
    if (isDatabaseUnavailable(e)) void this.check();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    await this.#checking?.catch(() => undefined);
    await this.pool.end();
  }
}
