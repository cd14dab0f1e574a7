// A TCP proxy whose link the test controls: the path between kiosks (or pages) and the hall server in
// the failure tests. It forwards bytes unchanged (TLS passes through end to end) and can be switched,
// at any moment, to:
//   up         forward as they come
//   down       refuse new connections and reset the open ones (cable pulled at the switch: the peer
//              learns at once)
//   blackhole  accept connections and swallow every byte both ways, without FIN or RST: the half-open
//              link of a dead switch port or a NAT that forgot the flow (the peer learns only by time-outs)
//   latency    every chunk delayed by `delayMs` in each direction (order kept)
//   loss       each chunk, with probability `rate`, waits as TCP would after a lost segment (a
//              retransmission time-out of `rtoMs`, doubled for each further loss in a row) — TCP never
//              loses bytes, it delivers them late; netem is not available on every machine, this is
//              the user-space equivalent and is said so in docs/hall.md
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export type LinkMode =
  | { mode: 'up' }
  | { mode: 'down' }
  | { mode: 'blackhole' }
  | { mode: 'latency'; delayMs: number }
  | { mode: 'loss'; rate: number; rtoMs?: number };

export type FaultProxy = {
  /** Where clients connect: 127.0.0.1:port. */
  port: number;
  host: string;
  set(mode: LinkMode): void;
  readonly mode: LinkMode;
  /** Connections accepted since start, and open now. */
  stats(): { accepted: number; open: number; refused: number };
  close(): Promise<void>;
};

type Pipe = { client: Socket; upstream: Socket; queues: [Promise<void>, Promise<void>] };

/**
 * Starts a proxy on 127.0.0.1 (a free port unless given) to `target`. `random` is injectable so a
 * loss pattern can be repeated.
 */
export async function startFaultProxy(
  target: { host: string; port: number },
  options: { port?: number; random?: () => number } = {},
): Promise<FaultProxy> {
  let mode: LinkMode = { mode: 'up' };
  const random = options.random ?? Math.random;
  const pipes = new Set<Pipe>();
  let accepted = 0;
  let refused = 0;

  const delayFor = (lossStreak: { n: number }): number => {
    if (mode.mode === 'latency') return mode.delayMs;
    if (mode.mode === 'loss') {
      if (random() < mode.rate) {
        lossStreak.n++;
        return (mode.rtoMs ?? 200) * 2 ** Math.min(lossStreak.n - 1, 6);
      }
      lossStreak.n = 0;
    }
    return 0;
  };

  /** Forwards from `from` to `to` in order, each chunk after the delay the link mode gives it. */
  const forward = (pipe: Pipe, from: Socket, to: Socket, index: 0 | 1) => {
    const streak = { n: 0 };
    from.on('data', (chunk: Buffer) => {
      if (mode.mode === 'blackhole') return;
      const delay = delayFor(streak);
      pipe.queues[index] = pipe.queues[index].then(async () => {
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (mode.mode === 'blackhole' || to.destroyed) return;
        to.write(chunk);
      });
    });
    from.on('end', () => {
      void pipe.queues[index].then(() => {
        if (mode.mode !== 'blackhole') to.end();
      });
    });
  };

  const server: Server = createServer({ pauseOnConnect: false }, (client) => {
    if (mode.mode === 'down') {
      refused++;
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = connect(target.port, target.host);
    const pipe: Pipe = { client, upstream, queues: [Promise.resolve(), Promise.resolve()] };
    pipes.add(pipe);
    const drop = () => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', () => {
      pipes.delete(pipe);
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('close', drop);
    upstream.on('close', () => {
      void pipe.queues[1].then(() => {
        if (mode.mode !== 'blackhole') drop();
      });
    });
    forward(pipe, client, upstream, 0);
    forward(pipe, upstream, client, 1);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    host: '127.0.0.1',
    get mode() {
      return mode;
    },
    set(next: LinkMode) {
      mode = next;
      if (next.mode === 'down') {
        for (const p of pipes) {
          if (!p.client.destroyed) p.client.resetAndDestroy();
          p.upstream.destroy();
        }
        pipes.clear();
      }
    },
    stats: () => ({ accepted, open: pipes.size, refused }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pipes) {
          p.client.destroy();
          p.upstream.destroy();
        }
        pipes.clear();
        server.close(() => resolve());
      }),
  };
}
