import * as z from 'zod/mini';
import { systemClock, type Clock, type ClockTimer } from '@hall-kiosk/shared';
import { QueueUnreachableError } from '../core/queue-unreachable.ts';
import {
  OutboundError,
  outboundRequest,
  redactUrl,
  type OutboundAuth,
  type OutboundRequest,
  type OutboundResponse,
} from '../net/outbound.ts';
import type { HallCredential } from './credential.ts';
import type { HallClockSkew } from './hall-clock.ts';
import type { HallLinkObserver } from './link-state.ts';

export type HallSend = (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;

export type HallClientOptions = {
  /** The hall server (the configuration's `hall.server.url`). */
  url: string;
  credential: HallCredential;
  /** One request gives up after this long. */
  timeoutMs: number;
  /** The request itself (injected in tests); by default net/outbound.ts. */
  send?: HallSend;
  /** Replies larger than this are refused (every answer of the kiosks' API is small). */
  maxBytes?: number;
  /** Measures the kiosk's clock against the hall's from every answer's `Date` header. */
  skew?: HallClockSkew;
  /** Told the outcome of every request (link-state.ts): answered, or which way it failed. */
  link?: HallLinkObserver;
  /** Times each request's overall limit (default: the system clock). */
  clock?: Clock;
};

/** One request's own limit: it gives up after this long in all (ms), when less than the client's. */
export type HallRequestOptions = { timeoutMs?: number };

/** The hall's health, as the probe reads it (`GET /api/health`: 200 only while it can write). */
const Health = z.object({ ok: z.literal(true) });

/** The hall refused the request itself (400, 404, 409 …): not a network problem, and not retried. */
export class HallRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'HallRequestError';
  }
}

/**
 * The kiosk's connection to its hall server: HTTPS trusting only the hall's CA (from the credential,
 * pinned at enrolment), the kiosk's token as bearer, a time-out on every request, JSON in and out,
 * every answer checked against the wire schema (shared/src/http/hall-kiosk.ts).
 *
 * A request the hall never answered (network, time-out), a 5xx, a refused credential (401/403) or an
 * answer that breaks the protocol is a `QueueUnreachableError`; any other 4xx is a `HallRequestError`.
 */
export class HallClient {
  readonly #base: URL;
  readonly #auth: OutboundAuth;
  readonly #send: HallSend;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #skew: HallClockSkew | null;
  readonly #link: HallLinkObserver | null;
  readonly #clock: Clock;

  constructor(o: HallClientOptions) {
    this.#base = new URL(o.url);
    this.#auth = {
      headerToken: { name: 'authorization', value: `Bearer ${o.credential.token}` },
      tls: { ca: o.credential.caCertificate },
    };
    this.#send = o.send ?? outboundRequest;
    this.#timeoutMs = o.timeoutMs;
    this.#maxBytes = o.maxBytes ?? 256 * 1024;
    this.#skew = o.skew ?? null;
    this.#link = o.link ?? null;
    this.#clock = o.clock ?? systemClock;
  }

  /** The client's time-out of one request (ms). */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** The kiosk's clock against the hall's, when measured (hall-clock.ts). */
  get clockSkew(): HallClockSkew | null {
    return this.#skew;
  }

  /** The hall's address (scheme, host, port). */
  get url(): string {
    return this.#base.origin;
  }

  /** The kiosk's credential as net/outbound.ts takes it (for the rating outbox, which posts to the hall). */
  get outboundAuth(): OutboundAuth {
    return this.#auth;
  }

  get<S extends z.ZodMiniType>(path: string, schema: S, o: HallRequestOptions = {}): Promise<z.output<S>> {
    return this.#reported(this.#request('GET', path, undefined, schema, o));
  }

  post<S extends z.ZodMiniType>(
    path: string,
    body: unknown,
    schema: S,
    o: HallRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.#reported(this.#request('POST', path, body, schema, o));
  }

  /** The link probe (link-state.ts): the hall's health; resolves only when it answered that it can work. */
  async probe(): Promise<void> {
    await this.get('/api/health', Health);
  }

  /** Tells the link how the request went: any answer of the hall is an answer, even a refusal. */
  async #reported<T>(request: Promise<T>): Promise<T> {
    try {
      const r = await request;
      this.#link?.answered();
      return r;
    } catch (e) {
      if (e instanceof QueueUnreachableError) {
        if (e.kind === 'credential' || e.kind === 'protocol') this.#link?.answered();
        else this.#link?.failed(e.kind);
      } else if (e instanceof HallRequestError) this.#link?.answered();
      throw e;
    }
  }

  async #request<S extends z.ZodMiniType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    o: HallRequestOptions,
  ): Promise<z.output<S>> {
    const url = new URL(path, this.#base);
    const where = `${method} ${redactUrl(url)}`;
    let response: OutboundResponse;
    const sentAt = this.#skew?.now() ?? 0;
    // The socket's time-out is for silence; a trickle of bytes is cut here too, at the same limit.
    const timeoutMs = Math.max(1, Math.min(this.#timeoutMs, o.timeoutMs ?? Infinity));
    let timer: ClockTimer | undefined;
    try {
      response = await Promise.race([
        this.#send(url, {
          method,
          headers: {
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          timeoutMs,
          maxBytes: this.#maxBytes,
          auth: this.#auth,
        }),
        new Promise<never>((_, reject) => {
          timer = this.#clock.setTimeout(
            () => reject(new OutboundError('timeout', `${where}: no answer within ${timeoutMs} ms`)),
            timeoutMs + 50,
          );
        }),
      ]);
    } catch (e) {
      if (e instanceof OutboundError) {
        if (e.code === 'timeout')
          throw new QueueUnreachableError('timeout', `${where}: no answer in ${timeoutMs} ms`);
        if (e.code === 'network') throw new QueueUnreachableError('network', e.message);
        throw new QueueUnreachableError('protocol', e.message);
      }
      throw new QueueUnreachableError('network', `${where}: request failed`);
    } finally {
      if (timer) this.#clock.clearTimeout(timer);
    }
    const { status } = response;
    const date = response.headers?.['date'];
    if (this.#skew)
      this.#skew.observeDateHeader(sentAt, this.#skew.now(), typeof date === 'string' ? date : undefined);
    let json: unknown = null;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch {
      // Not JSON: judged by the status below.
    }
    if (status === 401 || status === 403)
      throw new QueueUnreachableError(
        'credential',
        `${where}: the hall refused this kiosk's credential (HTTP ${status})`,
      );
    if (status >= 500) throw new QueueUnreachableError('server', `${where}: HTTP ${status}`);
    if (status < 200 || status >= 300) {
      const o = (json ?? {}) as { error?: unknown; code?: unknown };
      throw new HallRequestError(
        status,
        typeof o.code === 'string' ? o.code : null,
        `${where}: HTTP ${status}${typeof o.error === 'string' ? `: ${o.error.slice(0, 200)}` : ''}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new QueueUnreachableError('protocol', `${where}: the answer is not what the protocol says`);
    return parsed.data as z.output<S>;
  }
}
