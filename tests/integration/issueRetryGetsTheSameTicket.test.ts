// The page sent Queue.IssueTicket, the connection dropped before the answer, the citizen pressed "try
// again": the daemon answers the retry (same request key, a new connection) with the ticket it already
// issued and printed — one number, one printed ticket — and a new attempt gets the next number.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedDaemon, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

let daemon: DaemonProcess;
beforeAll(async () => {
  daemon = await startEmulatedDaemon('issue-retry');
}, 60_000);
afterAll(async () => {
  await daemon?.stop();
});

async function issue(requestKey: string, requestId: number, closeBeforeAnswer = false) {
  const ws = await TestSocket.open(daemon.url);
  ws.command('Queue.IssueTicket', requestId, { areaId: 'tax', requestKey });
  if (closeBeforeAnswer) {
    ws.close();
    return null;
  }
  try {
    return (await ws.completion(requestId)).payload as {
      result: string;
      ticket: { number: string; id: number };
    };
  } finally {
    ws.close();
  }
}

describe('a retry of Queue.IssueTicket with the same request key', () => {
  it('gets the ticket already issued, on a new connection, without a second number or print', async () => {
    // The first request's connection goes away before its answer arrives.
    await issue('retry-key-0001', 1, true);
    await expect.poll(() => printJobs().length, { timeout: 10_000 }).toBe(1);
    const retried = await issue('retry-key-0001', 2);
    expect(retried).toMatchObject({ result: 'issued', ticket: { number: 'A001' } });
    const again = await issue('retry-key-0001', 3);
    expect(again?.ticket).toEqual(retried?.ticket);
    expect(printJobs()).toHaveLength(1);
    // Another attempt, another key: the next number.
    expect(await issue('retry-key-0002', 4)).toMatchObject({ ticket: { number: 'A002' } });
    expect(printJobs()).toHaveLength(2);
  });
});

function printJobs(): unknown[] {
  const db = new Database(join(daemon.dir, 'data', 'kiosk.db'), { readonly: true });
  try {
    return db.prepare("SELECT id FROM print_jobs WHERE kind = 'ticket'").all();
  } finally {
    db.close();
  }
}
