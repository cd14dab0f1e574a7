import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod/mini';
import { readJsonBody } from '@hall-kiosk/device-daemon';

/** Headers on every answer of the hall server (pages and API). */
export const SECURITY_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=31536000',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** A request refused with a status and a sentence; the router answers it as `{ error, code }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** A machine-readable reason the client can branch on (`badCode`, `locked`, …). */
    readonly code?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends a body typed by the schema the client parses it with (shared/src/http/). */
export function reply<S extends z.ZodMiniType>(
  res: ServerResponse,
  schema: S,
  body: z.input<S>,
  status = 200,
): void {
  void schema;
  sendJson(res, status, body);
}

/**
 * Reads a JSON body (at most `limit` bytes, `application/json`) and checks it against `schema`;
 * anything else is an `HttpError` 400/413/415 naming what is wrong.
 */
export async function readBody<S extends z.ZodMiniType>(
  req: IncomingMessage,
  schema: S,
  limit = 8192,
): Promise<z.output<S>> {
  let value: unknown;
  try {
    value = await readJsonBody(req, limit);
  } catch (e) {
    const status = (e as { status?: number }).status ?? 400;
    throw new HttpError(status, (e as Error).message, 'badBody');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    throw new HttpError(400, where, 'badBody');
  }
  return parsed.data as z.output<S>;
}
