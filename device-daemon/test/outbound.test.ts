import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOutboundUrl,
  OutboundError,
  outboundRequest,
  OutboundUrlError,
  redactUrl,
} from '../src/net/outbound.ts';

const servers: Server[] = [];
let dir: string;
afterAll(() => {
  servers.forEach((s) => s.close());
  rmSync(dir, { recursive: true, force: true });
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A test CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeCertificates() {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=test hall CA',
  ]);
  for (const name of ['server', 'client']) {
    run([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    ]);
    writeFileSync(
      join(dir, `${name}.ext`),
      name === 'server' ? 'subjectAltName=IP:127.0.0.1\n' : 'extendedKeyUsage=clientAuth\n',
    );
    run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ]);
  }
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    ca: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
  };
}

let plainPort: number;
let seen: IncomingMessage[] = [];
let bytesSentOfBigReply = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbound-'));
  plainPort = await listen(
    createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${plainPort}/elsewhere` }).end();
      } else if (req.url === '/huge-declared') {
        res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
        res.write('x');
      } else if (req.url === '/huge-streamed') {
        // No length given: 64 KiB chunks until the client hangs up.
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 120);
        const pump = () => {
          while (!res.destroyed && bytesSentOfBigReply < 50 * 1024 * 1024) {
            bytesSentOfBigReply += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000);
      } else {
        res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
      }
    }),
  );
});

describe('outbound URLs', () => {
  it('accepts https anywhere and plain http only to this machine', () => {
    expect(checkOutboundUrl('https://eval.gov.example/api', 'x').hostname).toBe('eval.gov.example');
    for (const ok of ['http://127.0.0.1:9000/', 'http://localhost/x', 'http://[::1]:8/'])
      expect(() => checkOutboundUrl(ok, 'x')).not.toThrow();
    for (const bad of ['http://10.0.0.5/api', 'http://booking.hall.lan/', 'ftp://127.0.0.1/']) {
      expect(() => checkOutboundUrl(bad, 'appointments.source.url')).toThrow(OutboundUrlError);
      expect(() => checkOutboundUrl(bad, 'appointments.source.url')).toThrow(
        /appointments\.source\.url: must be https/,
      );
    }
  });

  it('refuses credentials in the URL, without repeating the password', () => {
    let error: unknown;
    try {
      checkOutboundUrl('https://kiosk:S3cretPw@eval.gov.example/api', 'ratings.endpoint.url');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutboundUrlError);
    expect((error as OutboundUrlError).code).toBe('credentialsInUrl');
    expect((error as Error).message).not.toContain('S3cretPw');
  });

  it('redacts user info, query and fragment for logs', () => {
    expect(redactUrl('https://u:p@h.example:8443/a/b?token=SECRET#frag')).toBe(
      'https://h.example:8443/a/b?…',
    );
    expect(redactUrl('https://h.example/a')).toBe('https://h.example/a');
  });
});

describe('outbound requests', () => {
  const base = () => `http://127.0.0.1:${plainPort}`;
  const get = (path: string, extra: Partial<Parameters<typeof outboundRequest>[1]> = {}) =>
    outboundRequest(new URL(`${base()}${path}`), {
      method: 'GET',
      timeoutMs: 1000,
      maxBytes: 1024 * 1024,
      ...extra,
    });

  it('sends the header token', async () => {
    const r = await get('/hello', {
      auth: { headerToken: { name: 'authorization', value: 'Bearer t0k3n' } },
    });
    expect(JSON.parse(r.body.toString())).toEqual({ auth: 'Bearer t0k3n' });
  });

  it('does not follow a redirect', async () => {
    seen = [];
    await expect(get('/redirect')).rejects.toMatchObject({ code: 'redirect' });
    expect(seen.map((r) => r.url)).toEqual(['/redirect']);
  });

  it('refuses a reply whose declared length is over the limit before reading it', async () => {
    await expect(get('/huge-declared')).rejects.toMatchObject({ code: 'tooLarge' });
  });

  it('cuts off a streamed reply at the byte limit instead of reading it all', async () => {
    bytesSentOfBigReply = 0;
    await expect(get('/huge-streamed', { maxBytes: 256 * 1024 })).rejects.toMatchObject({ code: 'tooLarge' });
    await new Promise((r) => setTimeout(r, 200));
    expect(bytesSentOfBigReply).toBeLessThan(20 * 1024 * 1024);
  });

  it('gives up after the time-out', async () => {
    await expect(get('/slow', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('never puts the query (a token) in its errors', async () => {
    const closed = new URL('http://127.0.0.1:1/bookings?token=SECRET-TOKEN');
    const e = await outboundRequest(closed, { method: 'GET', timeoutMs: 500, maxBytes: 10 }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(OutboundError);
    expect((e as Error).message).not.toContain('SECRET-TOKEN');
    expect((e as Error).message).toContain('http://127.0.0.1:1/bookings?…');
  });

  it('presents a client certificate to a server that requires one (mutual TLS)', async () => {
    const c = makeCertificates();
    const port = await listen(
      createTlsServer(
        { cert: c.serverCert, key: c.serverKey, ca: c.ca, requestCert: true, rejectUnauthorized: true },
        (req, res) =>
          res.end(`hello ${(req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN}`),
      ),
    );
    const url = new URL(`https://127.0.0.1:${port}/ratings`);
    const r = await outboundRequest(url, {
      method: 'POST',
      body: '{}',
      timeoutMs: 2000,
      maxBytes: 1000,
      auth: { tls: { cert: c.clientCert, key: c.clientKey, ca: c.ca } },
    });
    expect(r.body.toString()).toBe('hello client');
    await expect(
      outboundRequest(url, {
        method: 'POST',
        body: '{}',
        timeoutMs: 2000,
        maxBytes: 1000,
        auth: { tls: undefined },
      }),
    ).rejects.toBeInstanceOf(OutboundError);
  });
});
