import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CounterActionRequest,
  CounterActionResponse,
  CountersResponse,
  CounterView,
  DisplayCallsResponse,
  EmptyResponse,
  PinLoginRequest,
  PinLoginResponse,
  type Announcement,
} from '@hall-kiosk/shared';
import type { CredentialGuard } from '../auth/credential-guard.ts';
import type { AreaConfig } from '../config/schema.ts';
import type { CounterService } from '../counters/counter-service.ts';
import type { Logger } from '../log.ts';
import { SECURITY_HEADERS } from './http.ts';
import { readJsonBody, refuse, reply, withBodyErrors } from './json-body.ts';

/** The staff API's request bodies, from the shared wire types (listed for the fuzz tests). */
export const StaffBodies = { Login: PinLoginRequest, Action: CounterActionRequest };

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * The staff API behind the counter page and the hall display, all behind the staff credential. Its
 * endpoints, request bodies and responses are the shared wire types of `shared/src/http/staff.ts`;
 * `GET /api/display/events` streams a `call` event (an `Announcement`) per call or recall.
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
    // The payload of a `call` event (DisplayEvents in the shared wire types).
    const frame = `event: call\ndata: ${JSON.stringify(a satisfies Announcement)}\n\n`;
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
      refuse(res, 404, {
        error: 'counter pages are off: set staff.pinHash in the configuration (kiosk hash-pin)',
      });
      return true;
    }
    if (path === '/api/staff/login' && req.method === 'POST') {
      const body = PinLoginRequest.safeParse(await readJsonBody(req));
      if (!body.success)
        return (refuse(res, 400, { error: 'pin: a PIN of 1–64 characters is required' }), true);
      // Lock-outs are per remote address; the guard's audit events (services.ts) log and audit them.
      const result = await guard.login(body.data.pin, req.socket.remoteAddress ?? 'unknown');
      if (result.ok)
        reply(res, PinLoginResponse, {
          token: result.token,
          expiresAt: new Date(result.expiresAt).toISOString(),
        });
      else if (result.reason === 'locked')
        refuse(res, 429, {
          error: 'too many wrong PINs; wait',
          retryAfterSeconds: result.retryAfterSeconds,
        });
      else if (result.reason === 'tooShort')
        refuse(res, 400, { error: `pin: a PIN has at least ${result.minLength} digits` });
      else refuse(res, 401, { error: 'wrong PIN', attemptsLeft: result.attemptsLeft });
      return true;
    }
    const token =
      path === '/api/display/events'
        ? new URL(req.url ?? '/', 'http://x').searchParams.get('token')
        : bearer(req);
    if (!guard.check(token)) {
      refuse(res, 401, { error: 'sign in with the staff PIN first' });
      return true;
    }
    if (path === '/api/staff/logout' && req.method === 'POST') {
      guard.logout(token!);
      reply(res, EmptyResponse, {});
      return true;
    }
    if (path === '/api/staff/counters' && req.method === 'GET') {
      reply(res, CountersResponse, {
        counters: deps.counters.counters,
        areas: deps.areas.map((a) => ({ id: a.id, prefix: a.prefix, name: a.name })),
      });
      return true;
    }
    const m = /^\/api\/staff\/counters\/([0-9A-Za-z-]{1,8})$/.exec(path);
    if (m) {
      const counter = deps.counters.counter(m[1]!);
      if (!counter) return (refuse(res, 404, { error: `no counter "${m[1]}"` }), true);
      if (req.method === 'GET') return (reply(res, CounterView, await deps.counters.view(counter)), true);
      if (req.method === 'POST') {
        const body = CounterActionRequest.safeParse(await readJsonBody(req));
        if (!body.success) {
          refuse(res, 400, { error: 'action: one of call, recall, transfer, noShow, done' });
          return true;
        }
        const { action, toAreaId } = body.data;
        if (action === 'transfer' && !deps.areas.some((a) => a.id === toAreaId)) {
          refuse(res, 400, { error: 'toAreaId: the area to transfer to is required and must exist' });
          return true;
        }
        const ticket = await deps.counters.act(counter, action, toAreaId);
        reply(res, CounterActionResponse, { ticket, view: await deps.counters.view(counter) });
        return true;
      }
    }
    if (path === '/api/display/calls' && req.method === 'GET') {
      reply(res, DisplayCallsResponse, { calls: await deps.counters.recentCalls() });
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
    refuse(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  });
}
