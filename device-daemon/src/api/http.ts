import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { kioskBootHtml, type KioskBoot } from '@hall-kiosk/shared';

/** The kiosk page may load only its own scripts, styles and images, and talk only to this daemon. */
export const KIOSK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** The emulator control page (demo and tests only) renders receipts with inline styles. */
export const EMULATOR_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end(JSON.stringify(body));
}

/**
 * Serves the built kiosk UI from `root`. Unknown paths without an extension get index.html (the app
 * routes itself). Paths never escape `root`. With `boot`, the kiosk page (index.html) is served with
 * the daemon's boot data written into it (`kioskBootHtml`): what Kiosk.Info and Common.Status answer
 * now, so its first screen needs no round trip.
 */
export async function serveStatic(
  root: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  boot?: () => Promise<KioskBoot>,
): Promise<void> {
  const headers = { 'content-security-policy': KIOSK_CSP, ...SECURITY_HEADERS };
  if (!root || !existsSync(join(root, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end('The kiosk UI has not been built. Run: npm run build:ui\n');
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  // The counter page and the hall display are pages of their own.
  const page = /^\/(staff|display|maintenance)\/?$/.exec(path)?.[1];
  if (page) path = `/${page}.html`;
  let file = normalize(join(root, path));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) && file !== root) {
    res.writeHead(403, headers).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (extname(path)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end('not found\n');
      return;
    }
    file = join(root, 'index.html');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (boot && file === join(root, 'index.html')) {
    // Without its boot data (a command failed) the page is served as built, and asks the daemon.
    const data = await boot().catch(() => null);
    const html = readFileSync(file, 'utf8');
    const at = html.indexOf('</head>');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    // Spliced, not String.replace: `$&`, `$'` or `$$` in a hall name must stay as they are.
    res.end(data && at >= 0 ? html.slice(0, at) + kioskBootHtml(data) + html.slice(at) : html);
    return;
  }
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...headers,
  });
  createReadStream(file).pipe(res);
}
