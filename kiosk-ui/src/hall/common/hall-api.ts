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
 * server should not have sent is a HallApiError, not a crash further on).
 */
export async function hallRequest<S extends WireSchema>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: unknown; schema?: S; signal?: AbortSignal } = {},
): Promise<WireOutput<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new HallApiError(0, 'the hall server cannot be reached');
  }
  const body: unknown = await res.json().catch(() => null);
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
