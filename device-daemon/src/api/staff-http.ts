import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod/mini';
import type { CredentialGuard } from '../auth/credential-guard.ts';
import type { AreaConfig } from '../config/schema.ts';
import type { CounterService } from '../counters/counter-service.ts';
import type { Logger } from '../log.ts';
import { SECURITY_HEADERS, sendJson } from './http.ts';
import { readJsonBody, withBodyErrors } from './json-body.ts';

const Login = z.strictObject({ pin: z.string().check(z.minLength(1), z.maxLength(64)) });
const Action = z.strictObject({
  action: z.enum(['call', 'recall', 'transfer', 'noShow', 'done']),
  toAreaId: z.optional(z.string()),
});
/** The staff API's request bodies (exported for the fuzz tests). */
export const StaffBodies = { Login, Action };

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * The staff API behind the counter page and the hall display, all behind the staff credential:
 *
 *   POST /api/staff/login            {pin}                 → {token, expiresAt}
 *   POST /api/staff/logout
 *   GET  /api/staff/counters                               → {counters, areas}
 *   GET  /api/staff/counters/:id                           → the counter's current and waiting tickets
 *   POST /api/staff/counters/:id     {action, toAreaId?}   → {ticket}
 *   GET  /api/display/calls                                → the latest calls
 *   GET  /api/display/events?token=…  (text/event-stream)  → a `call` event per call or recall
 *
 * Returns false for paths it does not serve.
 */
export function createStaffApi(deps: {
  guard: CredentialGuard | null;
  counters: CounterService;
  areas: AreaConfig[];
  log: Logger;
}) {
  const streams = new Set<ServerResponse>();
  deps.counters.on('announce', (a) => {
    const frame = `event: call\ndata: ${JSON.stringify(a)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  return withBodyErrors(async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<boolean> {
    if (!path.startsWith('/api/staff/') && !path.startsWith('/api/display/')) return false;
    const guard = deps.guard;
    if (!guard) {
      sendJson(res, 404, {
        error: 'counter pages are off: set staff.pinHash in the configuration (kiosk hash-pin)',
      });
      return true;
    }
    if (path === '/api/staff/login' && req.method === 'POST') {
      const body = Login.safeParse(await readJsonBody(req));
      if (!body.success)
        return (sendJson(res, 400, { error: 'pin: a PIN of 1–64 characters is required' }), true);
      const result = await guard.login(body.data.pin);
      if (result.ok)
        sendJson(res, 200, { token: result.token, expiresAt: new Date(result.expiresAt).toISOString() });
      else if (result.reason === 'locked') {
        deps.log.warn({ credential: 'staff' }, 'staff login locked after repeated wrong PINs');
        sendJson(res, 429, {
          error: 'too many wrong PINs; wait',
          retryAfterSeconds: result.retryAfterSeconds,
        });
      } else sendJson(res, 401, { error: 'wrong PIN', attemptsLeft: result.attemptsLeft });
      return true;
    }
    const token =
      path === '/api/display/events'
        ? new URL(req.url ?? '/', 'http://x').searchParams.get('token')
        : bearer(req);
    if (!guard.check(token)) {
      sendJson(res, 401, { error: 'sign in with the staff PIN first' });
      return true;
    }
    if (path === '/api/staff/logout' && req.method === 'POST') {
      guard.logout(token!);
      sendJson(res, 200, {});
      return true;
    }
    if (path === '/api/staff/counters' && req.method === 'GET') {
      sendJson(res, 200, {
        counters: deps.counters.counters,
        areas: deps.areas.map((a) => ({ id: a.id, prefix: a.prefix, name: a.name })),
      });
      return true;
    }
    const m = /^\/api\/staff\/counters\/([0-9A-Za-z-]{1,8})$/.exec(path);
    if (m) {
      const counter = deps.counters.counter(m[1]!);
      if (!counter) return (sendJson(res, 404, { error: `no counter "${m[1]}"` }), true);
      if (req.method === 'GET') return (sendJson(res, 200, await deps.counters.view(counter)), true);
      if (req.method === 'POST') {
        const body = Action.safeParse(await readJsonBody(req));
        if (!body.success) {
          sendJson(res, 400, { error: 'action: one of call, recall, transfer, noShow, done' });
          return true;
        }
        const { action, toAreaId } = body.data;
        if (action === 'transfer' && !deps.areas.some((a) => a.id === toAreaId)) {
          sendJson(res, 400, { error: 'toAreaId: the area to transfer to is required and must exist' });
          return true;
        }
        const ticket = await deps.counters.act(counter, action, toAreaId);
        sendJson(res, 200, { ticket, view: await deps.counters.view(counter) });
        return true;
      }
    }
    if (path === '/api/display/calls' && req.method === 'GET') {
      sendJson(res, 200, { calls: await deps.counters.recentCalls() });
      return true;
    }
    if (path === '/api/display/events' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        ...SECURITY_HEADERS,
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return true;
    }
    sendJson(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  });
}
