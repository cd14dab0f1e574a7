import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod/mini';
import type { ApiErrorBody } from '@hall-kiosk/shared';
import { sendJson } from './http.ts';
import type { LoginResult } from '../auth/credential-guard.ts';

/** Largest request body the staff and technician APIs read. */
export const MAX_BODY_BYTES = 4096;

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a small JSON body; refuses oversized, non-JSON and wrongly typed bodies with a clear error. */
/**
 * A request's body, refused (413) once it passes `limit` bytes, by its declared length or as it
 * arrives; `tooLarge` is the refusal's words.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  limit: number,
  tooLarge = `the body must be at most ${limit} bytes`,
): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyError(413, tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, tooLarge);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new BodyError(415, 'the body must be application/json');
  const bytes = await readBodyBytes(req, limit);
  try {
    return JSON.parse(bytes.toString('utf8') || '{}');
  } catch {
    throw new BodyError(400, 'the body is not valid JSON');
  }
}

/**
 * Sends a JSON response typed by the shared schema the other end parses it with
 * (`shared/src/http/`): the compiler holds the daemon to the wire types, and the integration tests
 * parse what it actually sends with the same schemas.
 */
export function reply<S extends z.ZodMiniType>(res: ServerResponse, schema: S, body: z.input<S>): void {
  void schema;
  sendJson(res, 200, body);
}

/** Sends a refusal (4xx) in the shared `ApiErrorBody` shape. */
export function refuse(res: ServerResponse, status: number, body: ApiErrorBody): void {
  sendJson(res, status, body);
}

/** Answers a PIN sign-in the credential guard refused, the same way for staff and technicians. */
export function refuseLogin(res: ServerResponse, result: Exclude<LoginResult, { ok: true }>): void {
  if (result.reason === 'locked')
    refuse(res, 429, { error: 'too many wrong PINs; wait', retryAfterSeconds: result.retryAfterSeconds });
  else if (result.reason === 'tooShort')
    refuse(res, 400, { error: `pin: a PIN has at least ${result.minLength} digits` });
  else refuse(res, 401, { error: 'wrong PIN', attemptsLeft: result.attemptsLeft });
}

/**
 * Wraps an HTTP handler so that a body `readJsonBody` refused is answered with its status (413, 415,
 * 400) and its message, in one place for every API that reads bodies.
 */
export function withBodyErrors(
  handle: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>,
): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  return async (req, res, path) => {
    try {
      return await handle(req, res, path);
    } catch (e) {
      if (!(e instanceof BodyError)) throw e;
      refuse(res, e.status, { error: e.message });
      return true;
    }
  };
}
