// Citizen sessions through the daemon's WebSocket API, as fast as it answers: the soak's first part
// (scripts/soak.ts) and the memory benchmark's load (bench/memory.bench.ts).
//
// One session: Kiosk.Info, Queue.ListAreas, (every 20th: an ID card read and a priority ticket), a
// ticket, a rating of it, a pinyin search, (every 10th: a guide), Session.End. Tickets go to the
// areas in turn.
import WebSocket from 'ws';
import { DEFAULT_AREAS } from '../device-daemon/src/config/areas.ts';

type Completion = {
  header: { type: string; name: string; requestId: number; completionCode: string };
  payload: Record<string, unknown>;
};

export type CardReader = {
  /** False (or a promise of false): no such sample card. */
  placeCard(card: string): Promise<boolean> | boolean;
  removeCard(): Promise<void> | void;
};

const QUERIES = ['bdc', 'shebaoka', 'huzhao', 'kai gongsi'];

export type SessionsOptions = {
  /** The daemon's base URL (http://127.0.0.1:PORT/). */
  url: string;
  /** Places and removes a card on the daemon's (emulated) reader. */
  reader: CardReader;
  /** Called before session `i` (0-based) and once more after the last with i = count. */
  onSession?(i: number): Promise<void> | void;
};

/** What the sessions did: requests sent, and the completions that were not `success`, by name and code. */
export type SessionsTally = {
  requests: number;
  tickets: number;
  cardReads: number;
  failed: Record<string, number>;
};

/** Runs `count` sessions one after another; rejects when the connection is lost. */
export async function runApiSessions(count: number, options: SessionsOptions): Promise<SessionsTally> {
  const tally: SessionsTally = { requests: 0, tickets: 0, cardReads: 0, failed: {} };
  const origin = new URL(options.url).origin;
  const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}ws`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  // A promise per request, settled by its completion (the tests' polling client is too slow here).
  const pending = new Map<number, { resolve(m: Completion): void; reject(e: Error): void }>();
  let closed: Error | null = null;
  const failAll = (e: Error) => {
    closed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  ws.on('close', () => failAll(new Error('the daemon closed the WebSocket')));
  ws.on('error', (e) => failAll(e));
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Completion;
    if (m.header.type !== 'completion') return;
    if (m.header.completionCode !== 'success') {
      const key = `${m.header.name} ${m.header.completionCode}`;
      tally.failed[key] = (tally.failed[key] ?? 0) + 1;
    }
    pending.get(m.header.requestId)?.resolve(m);
    pending.delete(m.header.requestId);
  });
  const start = (name: string, payload: unknown = {}): Promise<Completion> => {
    if (closed) return Promise.reject(closed);
    const rid = ++id;
    tally.requests++;
    const done = new Promise<Completion>((resolve, reject) => pending.set(rid, { resolve, reject }));
    ws.send(JSON.stringify({ header: { type: 'command', name, requestId: rid }, payload }));
    return done;
  };
  try {
    for (let i = 0; i < count; i++) {
      await options.onSession?.(i);
      await start('Kiosk.Info');
      await start('Queue.ListAreas');
      let useIdentity = false;
      if (i % 20 === 0) {
        const read = start('IdCard.Read');
        await new Promise((r) => setTimeout(r, 5));
        const card = i % 40 === 0 ? 'elderResident' : 'resident';
        if (!(await options.reader.placeCard(card))) throw new Error(`no sample card ${card}`);
        if ((await read).header.completionCode === 'success') tally.cardReads++;
        await options.reader.removeCard();
        useIdentity = true;
      }
      const areaId = DEFAULT_AREAS[i % DEFAULT_AREAS.length]!.id;
      const issued = await start('Queue.IssueTicket', { areaId, ...(useIdentity ? { useIdentity } : {}) });
      const ticket = (issued.payload as { ticket?: { id: number } }).ticket;
      if (ticket) tally.tickets++;
      if (ticket)
        await start('Rating.Submit', {
          event: { kind: 'ticket', ref: String(ticket.id) },
          level: 1 + (i % 5),
        });
      await start('Catalogue.Search', { query: QUERIES[i % QUERIES.length] });
      if (i % 10 === 0) await start('Catalogue.Guide', { code: 'SB-001' });
      await start('Session.End');
    }
    await options.onSession?.(count);
    return tally;
  } finally {
    ws.close();
  }
}
