import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { businessDate } from '../src/core/local-day.ts';
import type { IssueResult } from '../src/queue/queue-store.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqliteQueueStore } from '../src/storage/sqlite/queue-store.ts';

const tax = DEFAULT_AREAS[0]!;
const realEstate = DEFAULT_AREAS[1]!;
const at = (iso: string) => Date.parse(iso);
/** The issued ticket of a result that must have issued one. */
function ok(result: IssueResult) {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

describe('queue numbering', () => {
  it('numbers each area separately from 001, with its prefix', async () => {
    const store = new SqliteQueueStore(openDatabase(':memory:'), 'Asia/Shanghai');
    const now = at('2026-03-02T02:00:00Z');
    expect(ok(await store.issue({ area: tax, now, printer: 'p' })).ticket.number).toBe('A001');
    expect(ok(await store.issue({ area: tax, now, printer: 'p' })).ticket.number).toBe('A002');
    expect(ok(await store.issue({ area: realEstate, now, printer: 'p' })).ticket.number).toBe('B001');
    expect(ok(await store.issue({ area: tax, now, printer: 'p' })).ticket.number).toBe('A003');
  });

  it('counts the people ahead in the same area', async () => {
    const store = new SqliteQueueStore(openDatabase(':memory:'), 'Asia/Shanghai');
    const now = at('2026-03-02T02:00:00Z');
    ok(await store.issue({ area: tax, now, printer: 'p' }));
    ok(await store.issue({ area: realEstate, now, printer: 'p' }));
    expect(ok(await store.issue({ area: tax, now, printer: 'p' })).ticket.peopleAhead).toBe(1);
  });

  it('restarts at 001 at local midnight in the hall time zone, not UTC midnight', async () => {
    const store = new SqliteQueueStore(openDatabase(':memory:'), 'Asia/Shanghai');
    // 15:59 UTC is 23:59 in Shanghai; 16:00 UTC is 00:00 the next day there.
    expect(
      ok(await store.issue({ area: tax, now: at('2026-03-02T15:59:00Z'), printer: 'p' })).ticket,
    ).toMatchObject({
      number: 'A001',
      businessDate: '2026-03-02',
    });
    expect(
      ok(await store.issue({ area: tax, now: at('2026-03-02T15:59:59Z'), printer: 'p' })).ticket.number,
    ).toBe('A002');
    expect(
      ok(await store.issue({ area: tax, now: at('2026-03-02T16:00:00Z'), printer: 'p' })).ticket,
    ).toMatchObject({
      number: 'A001',
      businessDate: '2026-03-03',
    });
    expect(
      ok(await store.issue({ area: tax, now: at('2026-03-02T23:59:00Z'), printer: 'p' })).ticket.number,
    ).toBe('A002');
  });

  it('continues the sequence after the database is closed and reopened (a restart)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'queue-')), 'kiosk.db');
    const now = at('2026-03-02T02:00:00Z');
    const db1 = openDatabase(file);
    ok(await new SqliteQueueStore(db1, 'Asia/Shanghai').issue({ area: tax, now, printer: 'p' }));
    ok(await new SqliteQueueStore(db1, 'Asia/Shanghai').issue({ area: tax, now, printer: 'p' }));
    db1.close();
    const db2 = openDatabase(file);
    expect(
      ok(await new SqliteQueueStore(db2, 'Asia/Shanghai').issue({ area: tax, now, printer: 'p' })).ticket
        .number,
    ).toBe('A003');
  });

  it('never gives two connections to the same file the same number', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'queue-')), 'kiosk.db');
    const now = at('2026-03-02T02:00:00Z');
    const a = new SqliteQueueStore(openDatabase(file), 'Asia/Shanghai');
    const b = new SqliteQueueStore(openDatabase(file), 'Asia/Shanghai');
    const numbers: string[] = [];
    for (let i = 0; i < 200; i++)
      numbers.push(ok(await (i % 3 === 0 ? a : b).issue({ area: tax, now, printer: 'p' })).ticket.number);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.at(-1)).toBe('A200');
  });

  it('records a queued print job with every ticket, in the same transaction', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteQueueStore(db, 'Asia/Shanghai');
    const { ticket, printJobId } = ok(
      await store.issue({ area: tax, now: at('2026-03-02T02:00:00Z'), printer: 'ticketPrinter' }),
    );
    const job = db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(printJobId) as {
      ticket_id: number;
      state: string;
    };
    expect(job).toMatchObject({ ticket_id: ticket.id, state: 'queued' });
  });

  it('formats the business date in the given time zone', () => {
    expect(businessDate(at('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(businessDate(at('2026-12-31T16:30:00Z'), 'Europe/London')).toBe('2026-12-31');
  });
});
