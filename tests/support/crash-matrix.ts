import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { startDaemon, type DaemonProcess } from './harness.ts';
import { waitUntil, type PtyEmulator } from './pty-emulators.ts';
import { TestSocket } from './ws-client.ts';

export type IterationReport = {
  iteration: number;
  killedAfterMs: number;
  ticketsAcknowledged: number;
  ratingsAcknowledged: number;
  /** Receipts the printer emulator (another process) decoded during the round. */
  receiptsPrinted: number;
  problems: string[];
};

const AREAS = ['tax', 'realEstate', 'socialSecurity'];

/**
 * One round of the crash matrix: the daemon (its ticket printer an emulator in its own process on a
 * socat pseudo-terminal, opened with the native serialport binding; ratings delivered to the
 * emulated provincial system) takes a stream of tickets, each printed and rated, and is killed with
 * SIGKILL at a random moment. The kill hits the daemon only: the printer emulator lives on across
 * rounds, as a real printer would, and the next round's daemon opens the same line again. Then the database is checked: no duplicate number, no gap in any
 * area's day sequence, every number a citizen was told is there with its print job, every rating
 * the kiosk acknowledged is there exactly once with its outbox entry, and the provincial system holds
 * nothing the kiosk does not. The next round's start must mark unfinished print jobs interrupted.
 */
export async function crashRound(
  dir: string,
  endpoint: EvaluationEndpoint,
  printer: PtyEmulator,
  iteration: number,
  random: () => number,
): Promise<IterationReport> {
  const daemon: DaemonProcess = await startDaemon({
    dir,
    config: {
      devices: { ticketPrinter: { connection: { serial: printer.path, baudRate: 115200 } } },
      ratings: {
        endpoint: { url: `${endpoint.url}/evaluations`, timeoutMs: 500 },
        retry: { initialMs: 100, maxMs: 1000 },
      },
    },
  });
  const problems: string[] = [];
  {
    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const unfinished = db
      .prepare(`SELECT count(*) AS n FROM print_jobs WHERE state IN ('queued', 'sent')`)
      .get() as { n: number };
    db.close();
    if (unfinished.n > 0)
      problems.push(`${unfinished.n} print jobs still queued/sent after restart (should be interrupted)`);
  }
  await waitUntil(
    'the ticket printer online over its pseudo-terminal',
    async () => ((await daemon.health()).devices[0]?.state === 'online' ? true : undefined),
    { timeoutMs: 10_000, last: () => daemon.health() },
  );
  // Receipt ids only grow; the emulator keeps the last 50 receipts, so count by id, not by length.
  const lastReceipt = () => printer.receipts().then((r) => r.at(-1)?.id ?? 0);
  const receiptsBefore = await lastReceipt();
  const ws = await TestSocket.open(daemon.url);
  const tickets: string[] = [];
  const ratings: number[] = [];
  let id = 0;
  let running = true;
  let stop: (v: null) => void = () => undefined;
  const stopped = new Promise<null>((r) => (stop = r));
  const answer = (rid: number) => Promise.race([ws.completion(rid).catch(() => null), stopped]);
  const loop = (async () => {
    while (running) {
      const rid = ++id * 2;
      ws.command('Queue.IssueTicket', rid, { areaId: AREAS[Math.floor(random() * AREAS.length)] });
      const done = await answer(rid);
      if (!running || !done) break;
      const payload = done.payload as { result?: string; ticket?: { id: number; number: string } };
      if (payload.result !== 'issued' || !payload.ticket) continue;
      tickets.push(`${payload.ticket.number}#${payload.ticket.id}`);
      ws.command('Rating.Submit', rid + 1, {
        event: { kind: 'ticket', ref: String(payload.ticket.id) },
        level: 1 + Math.floor(random() * 5),
      });
      const rated = await answer(rid + 1);
      if (rated && (rated.payload as { result?: string }).result === 'recorded')
        ratings.push(payload.ticket.id);
    }
  })();
  const killedAfterMs = 50 + Math.floor(random() * 750);
  await new Promise((r) => setTimeout(r, killedAfterMs));
  await daemon.kill9();
  running = false;
  stop(null);
  ws.close();
  await loop.catch(() => undefined);
  let receiptsPrinted = 0;
  try {
    receiptsPrinted = (await lastReceipt()) - receiptsBefore;
  } catch (e) {
    problems.push(`the printer emulator did not survive the daemon's kill: ${(e as Error).message}`);
  }

  const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
  try {
    const dup = db
      .prepare(
        `SELECT number, business_date FROM tickets GROUP BY area_id, business_date, seq HAVING count(*) > 1`,
      )
      .all();
    if (dup.length) problems.push(`duplicate numbers: ${JSON.stringify(dup)}`);
    const gaps = db
      .prepare(
        `SELECT area_id, business_date, count(*) AS n, max(seq) AS top FROM tickets GROUP BY area_id, business_date HAVING n != top`,
      )
      .all();
    if (gaps.length) problems.push(`gaps in numbering: ${JSON.stringify(gaps)}`);
    const stored = new Set(
      (db.prepare(`SELECT number || '#' || id AS k FROM tickets`).all() as { k: string }[]).map((r) => r.k),
    );
    for (const t of tickets) if (!stored.has(t)) problems.push(`acknowledged ticket ${t} lost`);
    const noJob = db
      .prepare(
        `SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.ticket_id = t.id)`,
      )
      .get() as { n: number };
    if (noJob.n) problems.push(`${noJob.n} tickets without a print job`);
    const rated = db
      .prepare(`SELECT event_ref AS ref, count(*) AS n FROM ratings GROUP BY event_kind, event_ref`)
      .all() as { ref: string; n: number }[];
    const ratedRefs = new Map(rated.map((r) => [Number(r.ref), r.n]));
    for (const t of ratings)
      if (ratedRefs.get(t) !== 1)
        problems.push(`acknowledged rating of ticket ${t} stored ${ratedRefs.get(t) ?? 0} times`);
    const orphan = db
      .prepare(
        `SELECT count(*) AS n FROM ratings r WHERE NOT EXISTS (SELECT 1 FROM rating_outbox o WHERE o.rating_id = r.id)`,
      )
      .get() as { n: number };
    if (orphan.n) problems.push(`${orphan.n} ratings without an outbox entry`);
    const keys = new Set(
      (db.prepare(`SELECT idempotency_key AS k FROM rating_outbox`).all() as { k: string }[]).map((r) => r.k),
    );
    for (const k of endpoint.received.keys())
      if (!keys.has(k)) problems.push(`provincial system holds a rating the kiosk does not: ${k}`);
  } finally {
    db.close();
  }
  return {
    iteration,
    killedAfterMs,
    ticketsAcknowledged: tickets.length,
    ratingsAcknowledged: ratings.length,
    receiptsPrinted,
    problems,
  };
}

/** A small deterministic generator, so a failing round can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
