import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CounterActionRequest,
  CounterActionResponse,
  CountersResponse,
  CounterView,
  DisplayCallsResponse,
  EmptyResponse,
  EventTicketResponse,
  PinLoginRequest,
  PinLoginResponse,
  type Announcement,
  type Clock,
} from '@hall-kiosk/shared';
import type { CredentialGuard } from '../auth/credential-guard.ts';
import type { DisplaySessions } from '../auth/display-sessions.ts';
import type { AreaConfig } from '../config/schema.ts';
import type { CounterService } from '../counters/counter-service.ts';
import { SECURITY_HEADERS } from './http.ts';
import { readJsonBody, refuse, refuseLogin, reply, withBodyErrors } from './json-body.ts';

/** The staff API's request bodies, from the shared wire types (listed for the fuzz tests). */
export const StaffBodies = { Login: PinLoginRequest, Action: CounterActionRequest };

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * The staff API behind the counter page and the hall display, all behind the staff PIN. Its
 * endpoints, request bodies and responses are the shared wire types of `shared/src/http/staff.ts`;
 * `GET /api/display/events` streams a `call` event (an `Announcement`) per call or recall.
 *
 * Two kinds of session: staff (everything here, sliding expiry) and display (read-only: the calls,
 * and single-use tickets for the event stream; a fixed lifetime; its streams close when it ends).
 *
 * Returns false for paths it does not serve.
 */
export function createStaffApi(deps: {
  guard: CredentialGuard | null;
  displays: DisplaySessions;
  counters: CounterService;
  areas: AreaConfig[];
  clock: Clock;
}) {
  const { displays } = deps;
  /** Open event streams, each with the display session it belongs to and the timer that ends it. */
  const streams = new Map<ServerResponse, { session: string; timer: ReturnType<Clock['setTimeout']> }>();
  const endStream = (res: ServerResponse) => {
    const s = streams.get(res);
    if (!s) return;
    streams.delete(res);
    deps.clock.clearTimeout(s.timer);
    res.end();
  };
  deps.counters.on('announce', (a) => {
    // The payload of a `call` event (DisplayEvents in the shared wire types).
    const frame = `event: call\ndata: ${JSON.stringify(a satisfies Announcement)}\n\n`;
    for (const [res, s] of streams) {
      if (displays.valid(s.session)) res.write(frame);
      else endStream(res);
    }
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
    const isLogin = path === '/api/staff/login' || path === '/api/display/login';
    if (isLogin && req.method === 'POST') {
      const body = PinLoginRequest.safeParse(await readJsonBody(req));
      if (!body.success)
        return (refuse(res, 400, { error: 'pin: a PIN of 1–64 characters is required' }), true);
      // Lock-outs are per remote address; the guard's audit events (services.ts) log and audit them.
      const result = await guard.login(body.data.pin, req.socket.remoteAddress ?? 'unknown');
      if (!result.ok) return (refuseLogin(res, result), true);
      let session = { token: result.token, expiresAt: result.expiresAt };
      if (path === '/api/display/login') {
        // The staff PIN proven, but the session made is a display's: it can only read calls.
        guard.logout(result.token);
        session = displays.issue();
      }
      reply(res, PinLoginResponse, {
        token: session.token,
        expiresAt: new Date(session.expiresAt).toISOString(),
      });
      return true;
    }
    if (path === '/api/display/events' && req.method === 'GET') {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
      const session = displays.redeem(ticket);
      const ends = displays.expiresAt(session);
      if (session === null || ends === null) {
        refuse(res, 401, { error: 'an event stream needs a fresh ticket from POST /api/display/ticket' });
        return true;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        ...SECURITY_HEADERS,
      });
      res.write(': connected\n\n');
      const timer = deps.clock.setTimeout(() => endStream(res), Math.max(0, ends - deps.clock.now()));
      streams.set(res, { session, timer });
      req.on('close', () => endStream(res));
      return true;
    }
    const token = bearer(req);
    if (path.startsWith('/api/display/') && displays.valid(token)) {
      if (path === '/api/display/logout' && req.method === 'POST') {
        displays.end(token!);
        for (const [stream, s] of streams) if (s.session === token) endStream(stream);
        return (reply(res, EmptyResponse, {}), true);
      }
      if (path === '/api/display/ticket' && req.method === 'POST') {
        const t = displays.ticket(token)!;
        return (
          reply(res, EventTicketResponse, {
            ticket: t.ticket,
            expiresAt: new Date(t.expiresAt).toISOString(),
          }),
          true
        );
      }
      if (path === '/api/display/calls' && req.method === 'GET')
        return (reply(res, DisplayCallsResponse, { calls: await deps.counters.recentCalls() }), true);
      refuse(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
      return true;
    }
    if (displays.valid(token)) {
      refuse(res, 403, { error: 'a display credential only reads calls' });
      return true;
    }
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
    refuse(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  });
}
