import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  runKiosk,
  startDaemon,
  startEmulator,
  tempDir,
  type DaemonProcess,
  type EmulatorProcess,
} from '../support/harness.ts';
import { TestSocket, issueTicket } from '../support/ws-client.ts';

describe('kill -9 while a ticket is printing', () => {
  const dir = tempDir('kill9');
  const config = { devices: { ticketPrinter: { connection: { serial: join(dir, 'ttyPrinter') } } } };
  let emulator: EmulatorProcess;
  let daemon: DaemonProcess | undefined;
  afterAll(async () => {
    await daemon?.stop();
    await emulator?.stop();
  });

  it('keeps the issued number, marks the job interrupted, reprints nothing, and numbering continues', async () => {
    emulator = await startEmulator({ device: 'ticketPrinter', hostPath: join(dir, 'ttyPrinter') });
    daemon = await startDaemon({ dir, config });
    await expect.poll(async () => (await daemon!.health()).status, { timeout: 10_000 }).toBe('ok');
    expect((await issueTicket(daemon.url, 'tax', 1)).payload).toMatchObject({
      ticket: { number: 'A001' },
      print: { printed: true },
    });

    // The paper runs out just after the number is printed: the job is written but never confirmed.
    await emulator.control({ action: 'paperOutAfter', lines: 7 });
    const ws = await TestSocket.open(daemon.url);
    ws.command('Queue.IssueTicket', 2, { areaId: 'tax' });
    await ws.next((m) => m.header.type === 'acknowledge' && m.header.requestId === 2);
    await expect.poll(async () => (await emulator.receipts()).length, { timeout: 5000 }).toBe(2);
    await daemon.kill9();
    ws.close();

    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const before = db
      .prepare(
        'SELECT t.number, j.state FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id ORDER BY j.id',
      )
      .all();
    db.close();
    expect(before).toEqual([
      { number: 'A001', state: 'printed' },
      { number: 'A002', state: 'sent' },
    ]);

    await emulator.control({ action: 'loadPaper' });
    daemon = await startDaemon({ dir, config });
    await expect.poll(async () => (await daemon!.health()).status, { timeout: 10_000 }).toBe('ok');
    expect((await issueTicket(daemon.url, 'tax', 1)).payload).toMatchObject({
      ticket: { number: 'A003' },
      print: { printed: true },
    });

    const after = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const jobs = after
      .prepare(
        'SELECT t.number, j.state FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id ORDER BY j.id',
      )
      .all();
    after.close();
    expect(jobs).toEqual([
      { number: 'A001', state: 'printed' },
      { number: 'A002', state: 'interrupted' },
      { number: 'A003', state: 'printed' },
    ]);
    const receipts = await emulator.receipts();
    expect(receipts.map((r) => r.text.find((l) => /^A\d{3}$/.test(l)))).toEqual(['A001', 'A002', 'A003']); // nothing twice
    expect(receipts.map((r) => r.incomplete)).toEqual([false, true, false]);
    expect(
      daemon
        .logs()
        .some((l) => l.msg === 'print jobs left unfinished by the previous run marked interrupted'),
    ).toBe(true);

    // What a technician sees over SSH.
    const journal = await runKiosk(['journal', '--config', join(dir, 'config.json'), '--problems']);
    expect(journal.code).toBe(0);
    expect(journal.stdout).toMatch(
      /\tA002\tticketPrinter\tinterrupted\t.*daemon stopped before the job was confirmed/,
    );
    expect(journal.stdout).not.toMatch(/\tA001\t|\tA003\t/);
  });
});
