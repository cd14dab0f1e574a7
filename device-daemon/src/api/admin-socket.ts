import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { DeviceName } from '@hall-kiosk/shared';
import { HEALTH_LEVELS, type HealthLevel } from '../diagnostics/health.ts';
import type { TechnicianService } from '../diagnostics/technician.ts';
import type { Logger } from '../log.ts';
import { sendJson } from './http.ts';

/**
 * The daemon's local administration socket, for `kiosk diag` and `kiosk status` over SSH: a Unix
 * socket in the data directory, readable and writable by the daemon's user only (mode 0600) — the
 * file permissions are the credential. Routes: GET /status, GET /diag?level=&device=, GET /metrics,
 * GET /bundle.
 */
export async function startAdminSocket(path: string, tech: TechnicianService, log: Logger): Promise<Server> {
  if (existsSync(path)) unlinkSync(path); // left by a daemon that did not stop cleanly
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === '/status') return sendJson(res, 200, await tech.status());
      if (url.pathname === '/bundle') return sendJson(res, 200, await tech.bundle());
      if (url.pathname === '/metrics') {
        const text = await tech.metrics();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        return res.end(text);
      }
      if (url.pathname === '/diag') {
        const level = (url.searchParams.get('level') ?? 'external') as HealthLevel;
        const device = url.searchParams.get('device');
        if (!HEALTH_LEVELS.includes(level))
          return sendJson(res, 400, { error: 'level: internal, external or interactive' });
        if (device && !tech.isDevice(device))
          return sendJson(res, 400, { error: `no configured device "${device}"` });
        return sendJson(res, 200, {
          results: await tech.checkAll(level, (device ?? undefined) as DeviceName | undefined),
        });
      }
      sendJson(res, 404, { error: 'not found' });
    })().catch((e: unknown) => {
      log.error({ error: (e as Error).message }, 'admin socket request failed');
      if (!res.headersSent) sendJson(res, 500, { error: (e as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}
