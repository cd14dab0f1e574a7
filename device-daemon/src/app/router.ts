import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import { EMULATOR_CSP, SECURITY_HEADERS, sendJson, serveStatic } from '../api/http.ts';
import { qrSvg } from '../api/qr.ts';

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
  log: Logger;
};

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/**
 * Every HTTP path the daemon serves, in the order they are tried; the first handler that takes the
 * request answers it.
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
        return control(req, res);
      },
    },
    {
      name: 'static UI',
      handle: async (req, res) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, SECURITY_HEADERS).end();
        else serveStatic(d.uiDir, req, res);
        return true;
      },
    },
  ];
}

/** The `request` listener of the daemon's HTTP server: tries each route; a handler that throws is a 500. */
export function createRequestListener(d: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(d);
  return (req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      for (const route of table) if (await route.handle(req, res, path)) return;
    })().catch((e: unknown) => {
      d.log.error({ error: (e as Error).message }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

/** The `upgrade` listener: the WebSocket API at /ws, nothing else. */
export function createUpgradeListener(
  handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    handleUpgrade(req, socket, head);
  };
}
