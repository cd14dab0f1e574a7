import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from '@hall-kiosk/device-daemon';
import type { StaffRole, StaffSession } from '../auth/staff-accounts.ts';
import type { Device, DeviceKind } from '../auth/devices.ts';
import { HttpError, SECURITY_HEADERS, sendJson } from './respond.ts';

/**
 * Who may call a route: `public` (anyone who reaches the server: health, sign-in, enrolment), a kind
 * of enrolled device, or a staff role. Staff roles include the ones below them: an admin may do what
 * a supervisor may, a supervisor what a counter may.
 */
export type Access = 'public' | DeviceKind | StaffRole;

export type Principal = { staff: StaffSession | null; device: Device | null };

/** What a route's handler gets. `H` is the hall's services (hall.ts). */
export type RouteContext<H> = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** `:name` segments of the route's path. */
  params: Record<string, string>;
  /** The client's address, for lock-outs and the audit log. */
  source: string;
  staff: StaffSession | null;
  device: Device | null;
  hall: H;
};

export type Route<H> = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/api/counter/:counterId/call-next`: segments starting with `:` match one path segment. */
  path: string;
  /** Any of these may call it. */
  access: Access | readonly Access[];
  handle(ctx: RouteContext<H>): Promise<void> | void;
};

export type HallPage = { path: string; file: string };

const STAFF_RANK: Record<StaffRole, number> = { counter: 1, supervisor: 2, admin: 3 };

/** Whether `who` may call a route open to `access`. */
export function allowed(access: Access | readonly Access[], who: Principal): boolean {
  const list: readonly Access[] = typeof access === 'string' ? [access] : access;
  return list.some((a) => {
    if (a === 'public') return true;
    if (a === 'kiosk' || a === 'display' || a === 'pad') return who.device?.kind === a;
    return who.staff !== null && STAFF_RANK[who.staff.role] >= STAFF_RANK[a];
  });
}

/** The pages' Content-Security-Policy: their own scripts, styles, images and sounds, talking only to this server. */
export const HALL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/** Cookies the pages use: a staff session, an enrolled browser device (display, rating pad). */
export const STAFF_COOKIE = 'hall_staff';
export const DEVICE_COOKIE = 'hall_device';

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** `Set-Cookie` for a session cookie the pages cannot read (HttpOnly), sent only over HTTPS to this site. */
export function sessionCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${Math.max(0, Math.trunc(maxAgeSeconds))}`;
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

type Compiled<H> = Route<H> & { parts: string[] };

function match(parts: string[], path: string): Record<string, string> | null {
  const segs = path.split('/');
  if (segs.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.startsWith(':')) {
      if (segs[i] === '') return null;
      try {
        params[p.slice(1)] = decodeURIComponent(segs[i]!);
      } catch {
        return null;
      }
    } else if (p !== segs[i]) return null;
  }
  return params;
}

/** While the hall is unavailable (503s), one log line per this long at most, counting those left out since the last. */
export const UNAVAILABLE_LOG_MS = 10_000;

export type HallHttpOptions<H> = {
  host: string;
  port: number;
  tls: { cert: string | Buffer; key: string | Buffer };
  /** Host headers accepted besides the listening address (`hall.local:8443`). */
  allowedHosts: readonly string[];
  /**
   * The hall's clock: every answer's `Date` header is its reading, so kiosks measure their clock's
   * offset against the hall's (hall-link/hall-clock.ts), not against this machine's.
   */
  now?: () => number;
  routes: readonly Route<H>[];
  /** Built pages (kiosk-ui/dist) and which path serves which page. */
  pages: { root: string | null; list: readonly HallPage[] };
  /** Who is calling, from a token (bearer header or cookie). */
  authenticate(token: { staff: string | null; device: string | null }): Promise<Principal>;
  hall: H;
  log: Logger;
  /** For an error a handler threw: a sentence for a 503 if it means "a part is down, retry", else null (a 500). */
  unavailable?: (err: unknown) => string | null;
};

/**
 * The hall server's HTTPS listener: one table of routes, each with who may call it. For every
 * request: the Host must be the hall's (no DNS rebinding), a browser's Origin must be this server,
 * and a request that changes something on the strength of a cookie must carry that Origin (no
 * cross-site requests); then the principal is looked up from the bearer token or the cookie, and the
 * route refuses with 401 (nobody) or 403 (not allowed) before its handler runs.
 */
export async function startHallHttp<H>(
  o: HallHttpOptions<H>,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const compiled: Compiled<H>[] = o.routes.map((r) => ({ ...r, parts: r.path.split('/') }));
  let hosts = new Set<string>();
  const sockets = new Set<import('node:stream').Duplex>();

  // While the database is away every request of 190 windows and the kiosks is a 503: the first is logged,
  // then at most one line every UNAVAILABLE_LOG_MS, with how many 503s were left out since the line before.
  const now = o.now ?? Date.now;
  let unavailable = { nextLogAt: -Infinity, since: 0 };
  const server = createServer({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2' }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const retry = o.unavailable?.(err) ?? null;
      if (retry && now() < unavailable.nextLogAt) unavailable.since++;
      else if (retry) {
        o.log.warn(
          {
            err: String((err as Error)?.message ?? err),
            path: req.url,
            ...(unavailable.since > 0 ? { alsoAnswered503: unavailable.since } : {}),
          },
          'hall server: unavailable',
        );
        unavailable = { nextLogAt: now() + UNAVAILABLE_LOG_MS, since: 0 };
      } else
        o.log.error(
          { err: String((err as Error)?.stack ?? err), path: req.url },
          'hall server: request failed',
        );
      if (res.headersSent) res.end();
      else if (retry) {
        res.setHeader('retry-after', '1');
        sendJson(res, 503, { error: retry, code: 'unavailable' });
      } else sendJson(res, 500, { error: 'the hall server could not do this; it is logged' });
    });
  });
  // Kiosks, counter pages and displays keep their connections: an idle one is kept a minute (Node's
  // default of 5 s makes a client that sends just as the server closes see a reset).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (o.now) res.setHeader('date', new Date(o.now()).toUTCString());
    const host = req.headers.host ?? '';
    if (!hosts.has(host)) {
      sendJson(res, 421, { error: `this is the hall server; open it as https://${[...hosts][0]}` });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !(origin.startsWith('https://') && hosts.has(origin.slice(8)))) {
      sendJson(res, 403, { error: 'requests from other sites are refused' });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `https://${host}`);
    } catch {
      sendJson(res, 400, { error: 'bad request line' });
      return;
    }
    const path = url.pathname;
    if (!path.startsWith('/api/')) {
      servePage(req, res, path);
      return;
    }
    const method = req.method ?? 'GET';
    let pathMatched = false;
    for (const route of compiled) {
      const params = match(route.parts, path);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const token = bearer(req);
      const staffToken = token?.startsWith('s.') ? token : token ? null : readCookie(req, STAFF_COOKIE);
      const deviceToken = token?.startsWith('d.') ? token : token ? null : readCookie(req, DEVICE_COOKIE);
      const changes = method !== 'GET';
      if (changes && !token && (staffToken || deviceToken) && origin === undefined) {
        sendJson(res, 403, {
          error: 'a change made with a session cookie must come from the hall page (Origin)',
        });
        return;
      }
      const who = await o.authenticate({ staff: staffToken, device: deviceToken });
      if (!allowed(route.access, who)) {
        const nobody = who.staff === null && who.device === null;
        sendJson(res, nobody ? 401 : 403, {
          error: nobody ? 'sign in first (or enrol this device)' : 'your role may not do this',
          code: nobody ? 'unauthenticated' : 'forbidden',
        });
        return;
      }
      const source = req.socket.remoteAddress ?? 'unknown';
      try {
        await route.handle({
          req,
          res,
          url,
          params,
          source,
          staff: who.staff,
          device: who.device,
          hall: o.hall,
        });
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        if (res.headersSent) res.end();
        else sendJson(res, e.status, { error: e.message, ...(e.code ? { code: e.code } : {}), ...e.extra });
      }
      return;
    }
    if (pathMatched) sendJson(res, 405, { error: `${method} is not allowed here` });
    else sendJson(res, 404, { error: `no such API: ${path}` });
  }

  function servePage(req: IncomingMessage, res: ServerResponse, path: string): void {
    const headers = { ...SECURITY_HEADERS, 'content-security-policy': HALL_CSP };
    const root = o.pages.root;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (!root || !existsSync(root)) {
      res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('The hall pages have not been built. Run: npm run build:ui\n');
      return;
    }
    const page = o.pages.list.find((p) => p.path === path || `${p.path}/` === path);
    let rel = page ? page.file : path;
    if (path === '/') rel = o.pages.list[0]?.file ?? '/';
    if (!page && path !== '/' && !path.startsWith('/assets/')) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(rel);
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    const file = normalize(join(root, decoded));
    if (
      !file.startsWith(root.endsWith(sep) ? root : root + sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = o.host.includes(':') ? `[${o.host}]` : o.host;
  hosts = new Set([`${hostPart}:${port}`, ...o.allowedHosts]);
  return {
    server,
    url: `https://${hostPart}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
