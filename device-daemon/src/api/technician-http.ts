import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Bundle,
  CardLoginResponse,
  CheckRequest,
  DeviceRequest,
  EmptyResponse,
  EventsResponse,
  HealthResult,
  Overview,
  parseEventsSearch,
  PinLoginRequest,
  PinLoginResponse,
  ReconnectResponse,
  StatisticsResetRequest,
  StatisticsResetResponse,
  type Clock,
} from '@hall-kiosk/shared';
import type { CredentialGuard } from '../auth/credential-guard.ts';
import type { AuditLog, DeviceEventLog } from '../diagnostics/event-log.ts';
import type { DeviceStatistics } from '../diagnostics/statistics.ts';
import type { TechnicianService } from '../diagnostics/technician.ts';
import type { Logger } from '../log.ts';
import { readJsonBody, refuse, refuseLogin, reply, withBodyErrors } from './json-body.ts';

/** The maintenance API's request bodies, from the shared wire types (listed for the fuzz tests). */
export const TechnicianBodies = {
  Login: PinLoginRequest,
  Check: CheckRequest,
  Device: DeviceRequest,
  Reset: StatisticsResetRequest,
};

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * The maintenance page's API, behind the technician PIN (or card), every step in the audit log: sign
 * in and out, the overview (devices, statistics, queue, outbox, print problems, config with secrets
 * hidden), health checks, reconnect, a confirmed statistics reset, the event log and the diagnostics
 * bundle (a JSON download). Its endpoints, request bodies and responses are the shared wire types of
 * `shared/src/http/technician.ts`.
 */
export function createTechnicianApi(deps: {
  guard: CredentialGuard | null;
  /** Waits for one card and says whether it is a technician's; null when no cards are configured. */
  readTechnicianCard: (() => Promise<boolean>) | null;
  tech: TechnicianService;
  statistics: DeviceStatistics;
  events: DeviceEventLog;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}) {
  const audit = (action: string, detail: string | null = null) =>
    deps.audit.write(deps.clock.now(), 'technician', action, detail);
  /** Whether a card sign-in is waiting for a card (at most one at a time). */
  let cardLoginWaiting = false;

  return withBodyErrors(async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<boolean> {
    if (!path.startsWith('/api/tech/')) return false;
    const guard = deps.guard;
    if (!guard) {
      refuse(res, 404, {
        error: 'maintenance mode is off: set maintenance.pinHash in the configuration (kiosk hash-pin)',
      });
      return true;
    }
    if (path === '/api/tech/login' && req.method === 'POST') {
      const body = PinLoginRequest.safeParse(await readJsonBody(req));
      if (!body.success)
        return (refuse(res, 400, { error: 'pin: a PIN of 1–64 characters is required' }), true);
      // Per remote address; the guard's bounded audit events (services.ts) write the audit rows.
      const r = await guard.login(body.data.pin, req.socket.remoteAddress ?? 'unknown');
      if (r.ok)
        reply(res, PinLoginResponse, { token: r.token, expiresAt: new Date(r.expiresAt).toISOString() });
      else refuseLogin(res, r);
      return true;
    }
    if (path === '/api/tech/card-login' && req.method === 'POST') {
      const readCard = deps.readTechnicianCard;
      if (!readCard) return (refuse(res, 404, { error: 'no technician cards are configured' }), true);
      // One card sign-in at a time, bound to the request that started it: a second caller waiting
      // alongside would otherwise be handed the technician's token too.
      if (cardLoginWaiting) {
        deps.log.warn('technician card sign-in refused: another one is already waiting');
        refuse(res, 409, { error: 'another card sign-in is already waiting for a card' });
        return true;
      }
      cardLoginWaiting = true;
      let technician: boolean;
      try {
        technician = await readCard();
      } finally {
        cardLoginWaiting = false;
      }
      if (technician && (res.destroyed || res.writableEnded)) {
        // The page that asked is gone: nobody is there to receive a session, so none is made.
        await audit('cardLoginAbandoned');
      } else if (technician) {
        await audit('enter', 'technician card');
        reply(res, CardLoginResponse, { token: guard.issue().token });
      } else {
        await audit('cardRefused');
        refuse(res, 401, { error: 'not a technician card, or no card placed in time' });
      }
      return true;
    }
    const token = bearer(req);
    if (!guard.check(token)) {
      refuse(res, 401, { error: 'enter maintenance mode with the technician PIN first' });
      return true;
    }
    const tech = deps.tech;
    if (path === '/api/tech/logout' && req.method === 'POST') {
      guard.logout(token!);
      await audit('leave');
      return (reply(res, EmptyResponse, {}), true);
    }
    if (path === '/api/tech/overview' && req.method === 'GET')
      return (reply(res, Overview, await tech.overview()), true);
    if (path === '/api/tech/events' && req.method === 'GET') {
      const q = parseEventsSearch(new URL(req.url ?? '/', 'http://x').searchParams);
      return (reply(res, EventsResponse, { events: await deps.events.recent(q) }), true);
    }
    if (path === '/api/tech/bundle' && req.method === 'GET') {
      await audit('exportBundle');
      res.setHeader(
        'content-disposition',
        `attachment; filename="kiosk-diagnostics-${new Date(deps.clock.now()).toISOString().slice(0, 19).replace(/:/g, '')}.json"`,
      );
      return (reply(res, Bundle, await tech.bundle()), true);
    }
    if (
      req.method === 'POST' &&
      ['/api/tech/check', '/api/tech/reconnect', '/api/tech/statistics/reset'].includes(path)
    ) {
      const body = await readJsonBody(req);
      if (path === '/api/tech/check') {
        const p = CheckRequest.safeParse(body);
        if (!p.success || !tech.isDevice(p.data.device))
          return (
            refuse(res, 400, {
              error: 'device: a configured device; level: internal, external or interactive',
            }),
            true
          );
        const result = await tech.check(p.data.device, p.data.level);
        await audit('check', `${p.data.device} ${p.data.level}: ${result.result}`);
        return (reply(res, HealthResult, result), true);
      }
      if (path === '/api/tech/reconnect') {
        const p = DeviceRequest.safeParse(body);
        if (!p.success || !tech.isDevice(p.data.device))
          return (refuse(res, 400, { error: 'device: a configured device' }), true);
        await audit('reconnect', p.data.device);
        return (reply(res, ReconnectResponse, { status: await tech.reconnect(p.data.device) }), true);
      }
      const p = StatisticsResetRequest.safeParse(body);
      if (!p.success || !tech.isDevice(p.data.device))
        return (refuse(res, 400, { error: 'device: a configured device, and confirm: true' }), true);
      await deps.statistics.reset(p.data.device);
      await audit('resetStatistics', p.data.device);
      return (
        reply(res, StatisticsResetResponse, { statistics: (await deps.statistics.all())[p.data.device] }),
        true
      );
    }
    refuse(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  });
}
