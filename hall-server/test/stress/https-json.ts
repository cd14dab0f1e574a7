// A small JSON-over-HTTPS client for the harness's staff and pad sides (the kiosks use the daemon's own
// HallClient): one keep-alive agent per process trusting only the hall's CA, so every window and pad
// keeps its TLS connection as a counter PC or a pad would.
import { Agent, request } from 'node:https';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the callers check what they read
type Json = any;

export type JsonAnswer = { status: number; body: Json };

class ClosedBeforeAnswer extends Error {}

export class HallHttps {
  readonly #agent: Agent;
  readonly #base: URL;

  constructor(url: string, ca: string) {
    this.#base = new URL(url);
    this.#agent = new Agent({ keepAlive: true, ca, maxSockets: Infinity });
  }

  /**
   * Requests sent again because the kept-alive connection they went out on had just been closed by
   * the server (its idle time-out) before any answer: as a browser does, and as Node's documentation
   * says to. The request never reached the hall, so sending it again does nothing twice (and if it
   * ever had, the harness's checks would find an action no window was told of).
   */
  resentOnClosedConnection = 0;

  /** One request; a network failure or a time-out rejects (the caller cannot know whether it was done). */
  async call(
    method: 'GET' | 'POST',
    path: string,
    o: { token?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
  ): Promise<JsonAnswer> {
    // Under load the client's own expiry of idle connections (a second before the server's) can fire
    // late, and the next idle connection may have been closed too: up to three times.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(method, path, o);
      } catch (e) {
        if (!(e instanceof ClosedBeforeAnswer) || attempt >= 3) throw e;
        this.resentOnClosedConnection++;
      }
    }
  }

  #once(
    method: 'GET' | 'POST',
    path: string,
    o: { token?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> },
  ): Promise<JsonAnswer> {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = request(
        new URL(path, this.#base),
        {
          method,
          agent: this.#agent,
          timeout: o.timeoutMs ?? 60_000,
          headers: {
            accept: 'application/json',
            ...(body !== undefined
              ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
              : {}),
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
            ...o.headers,
          },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: the text itself
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed as this request went out on it.
        if (!answered && req.reusedSocket && (e.code === 'ECONNRESET' || e.message === 'socket hang up'))
          reject(new ClosedBeforeAnswer(e.message));
        else reject(e);
      });
      req.end(body);
    });
  }

  /** A request that must answer `expect`; anything else throws with the status and the answer. */
  async ok(
    method: 'GET' | 'POST',
    path: string,
    o: { token?: string; body?: unknown; expect?: number[] } = {},
  ): Promise<Json> {
    const r = await this.call(method, path, o);
    if (!(o.expect ?? [200]).includes(r.status))
      throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    return r.body;
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `tasks` with at most `width` at a time; results in order. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** xorshift32: the same choices for the same seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A line-protocol child: waits for one line on standard input (the harness's "go"). */
export async function waitForGo(): Promise<void> {
  const { createInterface } = await import('node:readline');
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', () => {
      lines.close();
      process.stdin.destroy();
      resolve();
    });
  });
}

/**
 * A line-protocol child told when to start and when to stop: the first line on standard input is
 * "go", the next one (or its end) is "stop" (a run whose length the harness decides as it goes).
 */
export async function goAndStop(): Promise<{ stopped: () => boolean }> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: process.stdin });
  let stopped = false;
  let seen = 0;
  await new Promise<void>((resolve) => {
    lines.on('line', () => {
      if (++seen === 1) resolve();
      else stopped = true;
    });
    lines.once('close', () => {
      stopped = true;
      resolve();
    });
  });
  return { stopped: () => stopped };
}
