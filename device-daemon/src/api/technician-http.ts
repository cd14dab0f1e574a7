import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod/mini';
import type { Clock } from '@hall-kiosk/shared';
import type { CredentialGuard } from '../auth/credential-guard.ts';
import type { AuditLog, DeviceEventLog } from '../diagnostics/event-log.ts';
import type { DeviceStatistics } from '../diagnostics/statistics.ts';
import type { TechnicianService } from '../diagnostics/technician.ts';
import { HEALTH_LEVELS, type HealthLevel } from '../diagnostics/health.ts';
import type { Logger } from '../log.ts';
import { sendJson } from './http.ts';
import { readJsonBody, withBodyErrors } from './json-body.ts';

const Login = z.strictObject({ pin: z.string().check(z.minLength(1), z.maxLength(64)) });
const Check = z.strictObject({
  device: z.string(),
  level: z.enum(HEALTH_LEVELS as [HealthLevel, ...HealthLevel[]]),
});
const Device = z.strictObject({ device: z.string() });
const Reset = z.strictObject({ device: z.string(), confirm: z.literal(true) });
/** The maintenance API's request bodies (exported for the fuzz tests). */
export const TechnicianBodies = { Login, Check, Device, Reset };

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * The maintenance page's API, behind the technician PIN (or card), every step in the audit log:
 *
 *   POST /api/tech/login {pin} · POST /api/tech/card-login (place a technician card) · POST /api/tech/logout
 *   GET  /api/tech/overview      devices, statistics, queue, outbox, print problems, config (secrets hidden)
 *   POST /api/tech/check         {device, level: internal|external|interactive}
 *   POST /api/tech/reconnect     {device}
 *   POST /api/tech/statistics/reset {device, confirm: true}
 *   GET  /api/tech/events?device=&problems=1&limit=
 *   GET  /api/tech/bundle        the diagnostics bundle (a JSON download)
 */
export function createTechnicianApi(deps: {
  guard: CredentialGuard | null;
  cardLogin: (() => Promise<string | null>) | null;
  tech: TechnicianService;
  statistics: DeviceStatistics;
  events: DeviceEventLog;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}) {
  const audit = (action: string, detail: string | null = null) =>
    deps.audit.write(deps.clock.now(), 'technician', action, detail);

  return withBodyErrors(async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<boolean> {
    if (!path.startsWith('/api/tech/')) return false;
    const guard = deps.guard;
    if (!guard) {
      sendJson(res, 404, {
        error: 'maintenance mode is off: set maintenance.pinHash in the configuration (kiosk hash-pin)',
      });
      return true;
    }
    if (path === '/api/tech/login' && req.method === 'POST') {
      const body = Login.safeParse(await readJsonBody(req));
      if (!body.success)
        return (sendJson(res, 400, { error: 'pin: a PIN of 1–64 characters is required' }), true);
      const r = await guard.login(body.data.pin);
      if (r.ok) {
        await audit('enter', 'PIN');
        sendJson(res, 200, { token: r.token, expiresAt: new Date(r.expiresAt).toISOString() });
      } else if (r.reason === 'locked') {
        await audit('locked', `entry locked for ${r.retryAfterSeconds} s after repeated wrong PINs`);
        sendJson(res, 429, { error: 'too many wrong PINs; wait', retryAfterSeconds: r.retryAfterSeconds });
      } else {
        await audit('wrongPin', `${r.attemptsLeft} attempts left`);
        sendJson(res, 401, { error: 'wrong PIN', attemptsLeft: r.attemptsLeft });
      }
      return true;
    }
    if (path === '/api/tech/card-login' && req.method === 'POST') {
      if (!deps.cardLogin) return (sendJson(res, 404, { error: 'no technician cards are configured' }), true);
      const token = await deps.cardLogin();
      if (token) {
        await audit('enter', 'technician card');
        sendJson(res, 200, { token });
      } else {
        await audit('cardRefused');
        sendJson(res, 401, { error: 'not a technician card, or no card placed in time' });
      }
      return true;
    }
    const token = bearer(req);
    if (!guard.check(token)) {
      sendJson(res, 401, { error: 'enter maintenance mode with the technician PIN first' });
      return true;
    }
    const tech = deps.tech;
    if (path === '/api/tech/logout' && req.method === 'POST') {
      guard.logout(token!);
      await audit('leave');
      return (sendJson(res, 200, {}), true);
    }
    if (path === '/api/tech/overview' && req.method === 'GET')
      return (sendJson(res, 200, await tech.overview()), true);
    if (path === '/api/tech/events' && req.method === 'GET') {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const device = q.get('device') ?? undefined;
      return (
        sendJson(res, 200, {
          events: await deps.events.recent({
            ...(device ? { device } : {}),
            problemsOnly: q.get('problems') === '1',
            limit: Number(q.get('limit') ?? 100) || 100,
          }),
        }),
        true
      );
    }
    if (path === '/api/tech/bundle' && req.method === 'GET') {
      await audit('exportBundle');
      res.setHeader(
        'content-disposition',
        `attachment; filename="kiosk-diagnostics-${new Date(deps.clock.now()).toISOString().slice(0, 19).replace(/:/g, '')}.json"`,
      );
      return (sendJson(res, 200, await tech.bundle()), true);
    }
    if (
      req.method === 'POST' &&
      ['/api/tech/check', '/api/tech/reconnect', '/api/tech/statistics/reset'].includes(path)
    ) {
      const body = await readJsonBody(req);
      if (path === '/api/tech/check') {
        const p = Check.safeParse(body);
        if (!p.success || !tech.isDevice(p.data.device))
          return (
            sendJson(res, 400, {
              error: 'device: a configured device; level: internal, external or interactive',
            }),
            true
          );
        const result = await tech.check(p.data.device, p.data.level);
        await audit('check', `${p.data.device} ${p.data.level}: ${result.result}`);
        return (sendJson(res, 200, result), true);
      }
      if (path === '/api/tech/reconnect') {
        const p = Device.safeParse(body);
        if (!p.success || !tech.isDevice(p.data.device))
          return (sendJson(res, 400, { error: 'device: a configured device' }), true);
        await audit('reconnect', p.data.device);
        return (sendJson(res, 200, { status: await tech.reconnect(p.data.device) }), true);
      }
      const p = Reset.safeParse(body);
      if (!p.success || !tech.isDevice(p.data.device))
        return (sendJson(res, 400, { error: 'device: a configured device, and confirm: true' }), true);
      await deps.statistics.reset(p.data.device);
      await audit('resetStatistics', p.data.device);
      return (sendJson(res, 200, { statistics: (await deps.statistics.all())[p.data.device] }), true);
    }
    sendJson(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  });
}
