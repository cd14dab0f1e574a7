import WebSocket from 'ws';

export type Message = {
  header: Record<string, unknown> & { type: string; requestId?: number | null };
  payload: Record<string, unknown>;
};

/** A bare WebSocket client for tests: sends anything, collects everything. */
export class TestSocket {
  readonly messages: Message[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.messages.push(JSON.parse(d.toString()) as Message));
  }

  /**
   * Opens the kiosk command API at `url` as the kiosk's own page would: with `origin` (the daemon's
   * own origin unless given; null sends none, which the daemon refuses).
   */
  static async open(
    url: string,
    origin: string | null = new URL(url).origin,
    options: WebSocket.ClientOptions = {},
  ): Promise<TestSocket> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + 'ws', {
      ...options,
      ...(origin !== null ? { origin } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new TestSocket(ws);
  }

  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  command(name: string, requestId: number, payload: unknown = {}): void {
    this.send(JSON.stringify({ header: { type: 'command', name, requestId }, payload }));
  }

  /** Waits for the first message matching `match` that arrived at or after message index `from`. */
  async next(match: (m: Message) => boolean, timeoutMs = 15_000): Promise<Message> {
    const started = Date.now();
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() - started > timeoutMs)
        throw new Error(`no matching message; got ${JSON.stringify(this.messages).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  completion(requestId: number): Promise<Message> {
    return this.next((m) => m.header.type === 'completion' && m.header.requestId === requestId);
  }

  close(): void {
    this.ws.close();
  }
}

/** Issues a ticket over a fresh connection and returns the completion. */
export async function issueTicket(daemonUrl: string, areaId: string, requestId = 1): Promise<Message> {
  const ws = await TestSocket.open(daemonUrl);
  try {
    ws.command('Queue.IssueTicket', requestId, { areaId });
    return await ws.completion(requestId);
  } finally {
    ws.close();
  }
}
