import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { StorageNotFoundError } from '../src/storage/ports.ts';
import { openSqliteStorage } from '../src/storage/sqlite/index.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqliteAuditLog } from '../src/storage/sqlite/diagnostics.ts';

const tax = DEFAULT_AREAS[0]!;
const now = Date.parse('2026-03-02T02:00:00Z');
const dataDir = () => mkdtempSync(join(tmpdir(), 'storage-'));

describe('openSqliteStorage', () => {
  it('issues concurrently without interleaving: numbers unique and gapless, one print job each', async () => {
    const dir = dataDir();
    const a = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    const b = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai' });
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        (i % 2 ? a : b).queue.issue({ area: tax, now, printer: 'ticketPrinter', dailyCap: 100 }),
      ),
    );
    const issued = results.flatMap((r) => (r.ok ? [r] : []));
    expect(issued).toHaveLength(100);
    expect(results.filter((r) => !r.ok)).toEqual(Array(20).fill({ ok: false, reason: 'capReached' }));
    expect(issued.map((r) => r.ticket.number).sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`),
    );
    expect(new Set(issued.map((r) => r.printJobId)).size).toBe(100);
    expect(await a.journal.problemCount()).toBe(100); // queued, not yet printed
    await Promise.all([a.close(), b.close()]);
  });

  it('gives each concern its own store over one file, and a read-only view that cannot write', async () => {
    const dir = dataDir();
    const s = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai', now: () => now });
    const issued = await s.queue.issue({ area: tax, now, printer: 'ticketPrinter' });
    if (!issued.ok) throw new Error('refused');
    await s.journal.mark(issued.printJobId, 'printed');
    expect(await s.queue.ticketOrigin(issued.ticket.id)).toEqual({ areaId: 'tax', appointment: false });
    expect(await s.queue.ticketOrigin(issued.ticket.id + 1)).toBeNull();
    expect(await s.journal.kindOf(issued.printJobId)).toBe('ticket');
    const view = await s.guideViews.record('M1', 'tax', now);
    expect(await s.guideViews.areaOf(view)).toBe('tax');
    expect(await s.guideViews.areaOf(view + 1)).toBeUndefined();
    await s.audit.write(now, 'technician', 'enter', 'PIN');
    await s.statistics.add([{ device: 'ticketPrinter', name: 'PaperCutCount', value: 2 }], now);
    await s.statistics.add([{ device: 'ticketPrinter', name: 'PaperCutCount', value: 1 }], now);
    expect(await s.statistics.totals()).toEqual([
      { device: 'ticketPrinter', name: 'PaperCutCount', value: 3 },
    ]);
    await s.close();
    await s.close(); // closing twice is harmless

    const ro = openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai', readOnly: true });
    expect((await ro.journal.recent()).map((j) => [j.number, j.state])).toEqual([['A001', 'printed']]);
    expect((await ro.audit.recent()).map((e) => e.action)).toEqual(['enter']);
    await expect(ro.journal.create('receiptPrinter', 'checklist', null)).rejects.toThrow(/readonly/i);
    await ro.close();
  });

  it('keeps the audit log bounded: the newest rows only, none older than the retention', async () => {
    const db = openDatabase(':memory:');
    const log = new SqliteAuditLog(db, { maxRows: 50, maxAgeDays: 30 }, 10);
    const day = 86_400_000;
    await log.write(now - 40 * day, 'staff', 'old');
    for (let i = 0; i < 500; i++) await log.write(now + i, 'staff', 'wrongPin', `#${i}`);
    const rows = db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    expect(rows.n).toBeLessThanOrEqual(50 + 10);
    const kept = await log.recent(1000);
    expect(kept[0]!.detail).toBe('#499');
    expect(kept.some((e) => e.action === 'old')).toBe(false);
    db.close();
  });

  it('refuses to create a database when told it must exist, with a typed error', () => {
    const dir = dataDir();
    for (const options of [{ readOnly: true }, { mustExist: true }])
      expect(() => openSqliteStorage({ dataDir: dir, timeZone: 'Asia/Shanghai', ...options })).toThrow(
        StorageNotFoundError,
      );
  });
});
