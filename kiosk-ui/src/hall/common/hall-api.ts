import type { WireOutput, WireSchema } from '@hall-kiosk/shared';

/**
 * The hall pages' HTTP client. The pages are served by the hall server itself, so requests go to the
 * same origin with the session cookie (HttpOnly: no token in page storage); the browser sends the
 * page's Origin on every change, which the server requires for cookie sessions.
 */

/** The hall server refused (4xx/5xx), could not be reached, or answered something unexpected. */
export class HallApiError extends Error {
  constructor(
    /** 0: no answer (the network or the server is down). */
    readonly status: number,
    message: string,
    /** The server's reason code (`wrongPin`, `locked`, `forbidden`, …) when it gave one. */
    readonly code: string | null = null,
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'HallApiError';
  }
}

/**
 * A JSON request to the hall server. With `schema`, the answer is checked against it (an answer the
 * server should not have sent is a HallApiError, not a crash further on). With `timeoutMs`, no answer
 * in that time is status 0 like a refused connection (a half-open link would otherwise hang the
 * request for minutes); `headers` adds request headers (an action's `Idempotency-Key`).
 */
export async function hallRequest<S extends WireSchema>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: {
    body?: unknown;
    schema?: S;
    signal?: AbortSignal;
    timeoutMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<WireOutput<S>> {
  let res: Response;
  const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const signal =
    options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    // The caller's own abort is passed on; a time-out is the same as no answer.
    if ((e as Error).name === 'AbortError' && !timeout?.aborted) throw e;
    throw new HallApiError(0, 'the hall server cannot be reached');
  }
  const body: unknown = await res.json().catch(() => null);
  // The answer began but stopped coming: no answer either.
  if (timeout?.aborted) throw new HallApiError(0, 'the hall server cannot be reached');
  if (!res.ok) {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    throw new HallApiError(
      res.status,
      typeof b['error'] === 'string' ? b['error'] : `the hall server answered ${res.status}`,
      typeof b['code'] === 'string' ? b['code'] : null,
      b,
    );
  }
  if (!options.schema) return body as WireOutput<S>;
  const parsed = options.schema.safeParse(body);
  if (!parsed.success)
    throw new HallApiError(res.status, `unexpected answer from ${method} ${path}`, 'unexpectedResponse');
  return parsed.data as WireOutput<S>;
}
