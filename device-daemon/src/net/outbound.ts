import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

/**
 * Every request the daemon makes to another system (the booking system, the provincial 好差评 system)
 * goes through here, with the same rules:
 * - https only; plain http only to this machine (a local relay or a test endpoint);
 * - no credentials in the URL (they end up in logs and error messages): a header token or a client
 *   certificate instead;
 * - no redirects followed (a redirect is an answer, and an error here);
 * - the reply read as a stream and cut off at a byte limit, before it is all in memory;
 * - URLs shown in logs and errors without their query (which may carry a token).
 */
export type OutboundProblem = 'insecure' | 'credentialsInUrl' | 'malformed';

export class OutboundUrlError extends Error {
  constructor(
    readonly code: OutboundProblem,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundUrlError';
  }
}

export type OutboundFailure = 'timeout' | 'network' | 'redirect' | 'tooLarge';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
};

/** Checks a configured URL against the rules above; `what` names it in the error (e.g. "ratings.endpoint.url"). */
export function checkOutboundUrl(url: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundUrlError('malformed', `${what}: not a URL`);
  }
  if (u.username !== '' || u.password !== '')
    throw new OutboundUrlError(
      'credentialsInUrl',
      `${what}: must not carry a user name or password (${redactUrl(u)}); use a header token or a client certificate`,
    );
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return u;
  throw new OutboundUrlError(
    'insecure',
    `${what}: must be https:// (plain http only to this machine), not ${u.protocol}//${u.host}`,
  );
}

/** A URL as logs may show it: no user info, no query, no fragment. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '(not a URL)';
  }
  return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
}

export type OutboundAuth = {
  /** Sent as this header (default `Authorization: Bearer <token>`). */
  headerToken?: { name: string; value: string };
  /** PEM client certificate and key (mutual TLS), and the CA that signs the server, if not a public one. */
  tls?: { cert?: string; key?: string; ca?: string };
};

export type OutboundRequest = {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  auth?: OutboundAuth;
};

/** An answer: its status, its body, and (from a real request) its headers. */
export type OutboundResponse = { status: number; body: Buffer; headers?: IncomingHttpHeaders };

export function outboundRequest(url: URL, req: OutboundRequest): Promise<OutboundResponse> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.auth?.headerToken) headers[req.auth.headerToken.name] = req.auth.headerToken.value;
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const where = redactUrl(url);
  return new Promise<OutboundResponse>((resolve, reject) => {
    const r = send(
      url,
      {
        method: req.method,
        headers,
        timeout: req.timeoutMs,
        ...(url.protocol === 'https:' && req.auth?.tls
          ? {
              cert: req.auth.tls.cert,
              key: req.auth.tls.key,
              ...(req.auth.tls.ca ? { ca: req.auth.tls.ca } : {}),
            }
          : {}),
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          reject(
            new OutboundError(
              'redirect',
              `${where}: answered a redirect (HTTP ${status}), which is not followed`,
            ),
          );
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > req.maxBytes) {
          res.destroy();
          reject(
            new OutboundError(
              'tooLarge',
              `${where}: reply of ${declared} bytes is over the ${req.maxBytes}-byte limit`,
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxBytes) {
            res.destroy();
            reject(new OutboundError('tooLarge', `${where}: reply over the ${req.maxBytes}-byte limit`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', (e) => reject(new OutboundError('network', `${where}: ${e.message}`)));
      },
    );
    r.on('timeout', () => {
      r.destroy();
      reject(new OutboundError('timeout', `${where}: no answer within ${req.timeoutMs} ms`));
    });
    // Node's own messages can include the URL; only ours (redacted) go up.
    r.on('error', (e: NodeJS.ErrnoException) =>
      reject(new OutboundError('network', `${where}: ${e.code ?? 'network error'}`)),
    );
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
