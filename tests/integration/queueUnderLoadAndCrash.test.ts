import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

type Issued = { result: string; ticket: { id: number; number: string } };

/** Sends `n` IssueTicket commands at once on one connection and collects every completion. */
async function burst(ws: TestSocket, areaId: string, firstId: number, n: number): Promise<Issued[]> {
  for (let i = 0; i < n; i++) ws.command('Queue.IssueTicket', firstId + i, { areaId });
  const done = await Promise.all(Array.from({ length: n }, (_, i) => ws.completion(firstId + i)));
  return done.map((m) => m.payload as Issued);
}

describe('numbering under load and across a crash', () => {
  const dir = tempDir('queue-load');
  // No printer: every ticket completes at once (printed: false, noDevice), which is what loads the store.
  const config = { devices: {} };
  let daemon: DaemonProcess | undefined;
  afterAll(async () => {
    await daemon?.stop();
  });

  it('gives 4 connections × 30 simultaneous requests 120 distinct numbers in sequence', async () => {
    daemon = await startDaemon({ dir, config });
    const sockets = await Promise.all([1, 2, 3, 4].map(() => TestSocket.open(daemon!.url)));
    const results = (await Promise.all(sockets.map((ws, i) => burst(ws, 'tax', 1 + i * 100, 30)))).flat();
    sockets.forEach((ws) => ws.close());
    expect(results.every((r) => r.result === 'issued')).toBe(true);
    const numbers = results.map((r) => r.ticket.number).sort();
    expect(new Set(numbers).size).toBe(120);
    expect(numbers[0]).toBe('A001');
    expect(numbers.at(-1)).toBe('A120');
  });

  it('after kill -9 in the middle of a stream of requests, resumes with no duplicate and loses no issued ticket', async () => {
    const ws = await TestSocket.open(daemon!.url);
    // A steady stream; the daemon is killed while it runs.
    let id = 1000;
    const stream = setInterval(() => ws.command('Queue.IssueTicket', id++, { areaId: 'tax' }), 2);
    await new Promise((r) => setTimeout(r, 300));
    await daemon!.kill9();
    clearInterval(stream);
    const acknowledged = ws.messages
      .filter((m) => m.header.type === 'completion' && (m.payload as Issued).result === 'issued')
      .map((m) => (m.payload as Issued).ticket.number);
    ws.close();
    expect(acknowledged.length).toBeGreaterThan(0);

    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const stored = db.prepare(`SELECT number FROM tickets WHERE area_id = 'tax'`).all() as {
      number: string;
    }[];
    const jobs = db.prepare(`SELECT count(*) AS n FROM print_jobs`).get() as { n: number };
    db.close();
    const storedNumbers = new Set(stored.map((r) => r.number));
    // Every number a citizen was told is in the journal, each with its print job.
    for (const n of acknowledged) expect(storedNumbers.has(n), n).toBe(true);
    expect(jobs.n).toBe(stored.length);

    daemon = await startDaemon({ dir, config });
    const ws2 = await TestSocket.open(daemon.url);
    const [after] = await burst(ws2, 'tax', 1, 1);
    ws2.close();
    const next = `A${String(stored.length + 1).padStart(3, '0')}`;
    expect(after!.ticket.number).toBe(next);
    expect(storedNumbers.has(after!.ticket.number)).toBe(false);
  });
});
