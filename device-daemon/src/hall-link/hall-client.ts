import type * as z from 'zod/mini';
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
};

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

  get<S extends z.ZodMiniType>(path: string, schema: S): Promise<z.output<S>> {
    return this.#request('GET', path, undefined, schema);
  }

  post<S extends z.ZodMiniType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.#request('POST', path, body, schema);
  }

  async #request<S extends z.ZodMiniType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    const url = new URL(path, this.#base);
    const where = `${method} ${redactUrl(url)}`;
    let response: OutboundResponse;
    const sentAt = this.#skew?.now() ?? 0;
    try {
      response = await this.#send(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        timeoutMs: this.#timeoutMs,
        maxBytes: this.#maxBytes,
        auth: this.#auth,
      });
    } catch (e) {
      if (e instanceof OutboundError) {
        if (e.code === 'timeout')
          throw new QueueUnreachableError('timeout', `${where}: no answer in ${this.#timeoutMs} ms`);
        if (e.code === 'network') throw new QueueUnreachableError('network', e.message);
        throw new QueueUnreachableError('protocol', e.message);
      }
      throw new QueueUnreachableError('network', `${where}: request failed`);
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
