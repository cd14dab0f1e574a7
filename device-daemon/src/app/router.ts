import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KioskBoot } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import { EMULATOR_CSP, SECURITY_HEADERS, sendJson, serveStatic } from '../api/http.ts';
import { qrSvg } from '../api/qr.ts';
import { originAllowed, type ListenerNames } from '../api/request-guard.ts';

/** Answers a request and returns true, or returns false when the request is not its own. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

/** A handler that serves everything under its base path (the emulator control page). */
export type MountedHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export type Route = { name: string; handle: HttpHandler };

export type RouterDeps = {
  /** The body of GET /api/health. */
  health: () => unknown;
  /** The Prometheus text of GET /metrics. */
  metrics: () => Promise<string>;
  staffApi: HttpHandler;
  techApi: HttpHandler;
  /** The emulator control page and API; only the demo and test entry supplies one. */
  emulatorControl: MountedHandler | null;
  /** The built kiosk UI; null serves a "not built" notice. */
  uiDir: string | null;
  /** The boot data written into the kiosk page (loopback listener only). */
  kioskBoot?: () => Promise<KioskBoot>;
  log: Logger;
};

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** Which listener a table serves: the loopback one (everything) or the LAN one (counters and display). */
export type ListenerKind = 'main' | 'lan';

/** What the LAN listener serves of the built UI: the counter page, the hall display and their assets. */
const LAN_PAGES = /^\/(?:staff|display)(?:\/|\.html)?$|^\/assets\/[^/]+$/;

/** `content-type: application/json` (any parameters), the only body the emulator controls accept. */
function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * The HTTP paths of the LAN listener, in the order they are tried: the staff API (counter pages and
 * the hall display) and those two pages; nothing of the kiosk's own command API, maintenance, the
 * emulators or metrics.
 */
export function lanRoutes(d: RouterDeps): Route[] {
  return [
    { name: 'staff', handle: d.staffApi },
    {
      name: 'not on this listener',
      handle: async (req, res, path) => {
        if (LAN_PAGES.test(path) && (req.method === 'GET' || req.method === 'HEAD')) return false;
        sendJson(res, 404, { error: `not served on this listener: ${req.method} ${path}` });
        return true;
      },
    },
    {
      name: 'static UI',
      handle: async (req, res) => {
        await serveStatic(d.uiDir, req, res);
        return true;
      },
    },
  ];
}

/**
 * Every HTTP path the main (loopback) listener serves, in the order they are tried; the first
 * handler that takes the request answers it.
 */
export function routes(d: RouterDeps): Route[] {
  return [
    {
      name: 'health',
      handle: async (req, res, path) => {
        if (path !== '/api/health' || req.method !== 'GET') return false;
        sendJson(res, 200, d.health());
        return true;
      },
    },
    {
      name: 'qr',
      handle: async (req, res, path) => {
        if (path !== '/api/qr' || req.method !== 'GET') return false;
        const data = new URL(req.url ?? '/', 'http://x').searchParams.get('data') ?? '';
        const svg = await qrSvg(data);
        if (!svg) {
          sendJson(res, 400, { error: 'data must be a ticket reference (HK-TICKET:…)' });
          return true;
        }
        res.writeHead(200, {
          'content-type': 'image/svg+xml',
          'cache-control': 'public, max-age=86400',
          ...SECURITY_HEADERS,
        });
        res.end(svg);
        return true;
      },
    },
    { name: 'staff', handle: d.staffApi },
    { name: 'technician', handle: d.techApi },
    {
      // For the hall's monitoring, from this machine only (a kiosk on the LAN does not publish it).
      name: 'metrics',
      handle: async (req, res, path) => {
        if (path !== '/metrics' || req.method !== 'GET') return false;
        if (!LOOPBACK.includes(req.socket.remoteAddress ?? '')) {
          sendJson(res, 403, { error: 'metrics are served to this machine only' });
          return true;
        }
        const text = await d.metrics();
        res.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          ...SECURITY_HEADERS,
        });
        res.end(text);
        return true;
      },
    },
    {
      name: 'unknown API',
      handle: async (req, res, path) => {
        if (!path.startsWith('/api/')) return false;
        sendJson(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
        return true;
      },
    },
    {
      name: 'emulator',
      handle: async (req, res, path) => {
        const control = d.emulatorControl;
        if (!control || (path !== '/emulator' && !path.startsWith('/emulator/'))) return false;
        res.setHeader('content-security-policy', EMULATOR_CSP);
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        // JSON only: a cross-site `no-cors` form or fetch can send text/plain, never application/json.
        if (req.method !== 'GET' && req.method !== 'HEAD' && !isJson(req)) {
          sendJson(res, 415, { error: 'emulator controls take content-type: application/json' });
          return true;
        }
        return control(req, res);
      },
    },
    {
      name: 'static UI',
      handle: async (req, res) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, SECURITY_HEADERS).end();
        else await serveStatic(d.uiDir, req, res, d.kioskBoot);
        return true;
      },
    },
  ];
}

/**
 * The `request` listener of one of the daemon's HTTP servers: a request that changes something and
 * says it comes from another site's page (`Origin`) is refused 403; otherwise each route is tried.
 * A handler that throws is a 500.
 */
export function createRequestListener(
  d: RouterDeps,
  kind: ListenerKind = 'main',
): (req: IncomingMessage, res: ServerResponse, names: ListenerNames) => void {
  const table = kind === 'main' ? routes(d) : lanRoutes(d);
  return (req, res, names) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (
        req.method !== 'GET' &&
        req.method !== 'HEAD' &&
        !originAllowed(req, names, { allowMissing: true })
      ) {
        d.log.warn({ origin: req.headers.origin, path }, 'request from another site refused');
        sendJson(res, 403, { error: 'requests from other sites are not accepted' });
        return;
      }
      for (const route of table) if (await route.handle(req, res, path)) return;
    })().catch((e: unknown) => {
      d.log.error({ error: (e as Error).message }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

/** The `upgrade` listener: the WebSocket API at /ws on the main listener, nothing else. */
export function createUpgradeListener(
  handleUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!handleUpgrade || (req.url ?? '').split('?')[0] !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    handleUpgrade(req, socket, head);
  };
}
