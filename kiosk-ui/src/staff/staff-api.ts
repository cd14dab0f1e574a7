import {
  ApiErrorBody,
  describeWireIssues,
  DisplayEvents,
  type WireOutput,
  type WireSchema,
} from '@hall-kiosk/shared';
import type { StaffTranslate } from '../i18n/staff-i18n.ts';

/**
 * The HTTP client of the counter page, the hall display and the maintenance page. Requests and
 * responses are the shared wire types (`shared/src/http/`); every answer is parsed with its schema,
 * so an answer the daemon should not have sent becomes a typed error the page can show, not a crash.
 */

/** Why a request to the daemon did not give the expected answer. */
export type StaffApiFailure =
  /** The daemon refused (4xx/5xx); `body` is its refusal when it sent one in the shared shape. */
  | 'refused'
  /** The daemon answered 2xx with something that does not match the shared schema (or is not JSON). */
  | 'unexpectedResponse';

export class StaffApiError extends Error {
  constructor(
    readonly kind: StaffApiFailure,
    readonly status: number,
    message: string,
    /** The refusal as the daemon sent it; null when it sent none we can read. */
    readonly body: ApiErrorBody | null,
    /** For `unexpectedResponse`: the request, and where the answer differs from the schema. */
    readonly detail: { request: string; issues: string } | null = null,
  ) {
    super(message);
    this.name = 'StaffApiError';
  }
}

/** The sentence a page shows for a failed request, in its language for answers it could not read. */
export function failureText(e: unknown, t: StaffTranslate): string {
  if (e instanceof StaffApiError && e.kind === 'unexpectedResponse' && e.detail)
    return t('staff.unexpectedAnswer', { request: e.detail.request, issues: e.detail.issues });
  return e instanceof Error ? e.message : String(e);
}

export type TokenStore = { get(): string | null; set(t: string): void; clear(): void };

/** A session token kept in this tab's sessionStorage only: closing the tab signs out. */
export function sessionToken(key: string): TokenStore {
  return {
    get: () => sessionStorage.getItem(key),
    set: (t) => sessionStorage.setItem(key, t),
    clear: () => sessionStorage.removeItem(key),
  };
}

export const tokenStore = sessionToken('hall-kiosk.staff-token');
/** The hall display's read-only session (POST /api/display/login): it can only read calls. */
export const displayToken = sessionToken('hall-kiosk.display-token');
export const technicianToken = sessionToken('hall-kiosk.technician-token');

/**
 * Sends a request with the store's bearer token and parses the answer with `schema`. Throws a
 * `StaffApiError`: `refused` for a 4xx/5xx (a 401 also clears the token, except when signing in),
 * `unexpectedResponse` for a 2xx the schema does not accept.
 */
export async function staffRequest<S extends WireSchema>(
  schema: S,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  store: TokenStore = tokenStore,
): Promise<WireOutput<S>> {
  const token = store.get();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/login')) store.clear();
    const refusal = ApiErrorBody.safeParse(json);
    const message = refusal.success ? refusal.data.error : response.statusText || `HTTP ${response.status}`;
    throw new StaffApiError('refused', response.status, message, refusal.success ? refusal.data : null);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const request = `${method} ${path.split('?')[0]}`;
    const issues = json === undefined ? 'not JSON' : describeWireIssues(parsed.error);
    throw new StaffApiError(
      'unexpectedResponse',
      response.status,
      `unexpected answer to ${request}: ${issues}`,
      null,
      { request, issues },
    );
  }
  return parsed.data;
}

/**
 * The payload of a hall display event (`GET /api/display/events`), parsed with its shared schema;
 * an event that does not parse is an `unexpectedResponse` error to show, never a crash.
 */
export function parseDisplayEvent<K extends keyof typeof DisplayEvents>(
  name: K,
  data: string,
): WireOutput<(typeof DisplayEvents)[K]> | StaffApiError {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    json = undefined;
  }
  const parsed = DisplayEvents[name].safeParse(json);
  if (parsed.success) return parsed.data;
  const request = `event: ${name}`;
  const issues = json === undefined ? 'not JSON' : describeWireIssues(parsed.error);
  return new StaffApiError('unexpectedResponse', 200, `unexpected ${request}: ${issues}`, null, {
    request,
    issues,
  });
}
