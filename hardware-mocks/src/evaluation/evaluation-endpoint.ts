import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the emulated provincial system behaves right now. */
export type EndpointMode =
  | { mode: 'ok' }
  /** Unreachable from the kiosk's point of view: every request gets 503. */
  | { mode: 'down' }
  /** Answers, but only after `ms` (longer than the kiosk's time-out means the kiosk gives up). */
  | { mode: 'slow'; ms: number }
  /** Refuses every rating as invalid (400). */
  | { mode: 'reject' }
  /** Records the rating, then fails to answer (drops the connection): the kiosk must retry, and
   *  the idempotency key must make the retry harmless. */
  | { mode: 'lostReply' };

export type ReceivedRating = { key: string; body: Record<string, unknown>; firstAt: string };

/** One POST as it arrived, whatever the mode: its Idempotency-Key header (null if none) and raw body. */
export type DeliveryAttempt = { key: string | null; body: string };

/**
 * The provincial 好差评 evaluation system, emulated for tests and the demo: `POST /evaluations` takes a
 * rating with an `Idempotency-Key` header and answers 201 (new) or 200 (the same key again — counted
 * as a duplicate delivery, stored once). `POST /control {mode…}` changes its behaviour;
 * `GET /evaluations` lists what it holds and how many duplicates arrived.
 */
export class EvaluationEndpoint {
  readonly received = new Map<string, ReceivedRating>();
  duplicates = 0;
  requests = 0;
  /** Every POST /evaluations in arrival order, including those refused while down. */
  readonly attempts: DeliveryAttempt[] = [];
  #mode: EndpointMode = { mode: 'ok' };
  #server: Server | null = null;
  url = '';

  setMode(mode: EndpointMode): void {
    this.#mode = mode;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(port, host, resolve));
    this.url = `http://${host}:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    const json = (s: number, body: unknown): void => {
      res.writeHead(s, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/control' && req.method === 'POST') {
      try {
        this.setMode(JSON.parse(text) as EndpointMode);
        return json(200, { ok: true });
      } catch {
        return json(400, { error: 'body must be JSON' });
      }
    }
    if (req.url === '/evaluations' && req.method === 'GET') {
      return json(200, {
        evaluations: [...this.received.values()],
        duplicates: this.duplicates,
        requests: this.requests,
      });
    }
    if (req.url !== '/evaluations' || req.method !== 'POST') return json(404, { error: 'not found' });
    this.requests++;
    const header = req.headers['idempotency-key'];
    this.attempts.push({ key: typeof header === 'string' ? header : null, body: text });
    const mode = this.#mode;
    if (mode.mode === 'down') return json(503, { error: 'service unavailable' });
    if (mode.mode === 'reject') return json(400, { error: 'rejected by the emulated evaluation system' });
    if (mode.mode === 'slow') await new Promise((r) => setTimeout(r, mode.ms));
    const key = req.headers['idempotency-key'];
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return json(400, { error: 'not JSON' });
    }
    if (typeof key !== 'string' || key.length < 8)
      return json(400, { error: 'Idempotency-Key header required' });
    const known = this.received.get(key);
    if (known) this.duplicates++;
    else this.received.set(key, { key, body, firstAt: new Date().toISOString() });
    if (mode.mode === 'lostReply') {
      req.socket.destroy();
      return;
    }
    json(known ? 200 : 201, { id: key });
  }
}
