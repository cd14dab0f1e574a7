// The matter (事项) on hall tickets, over real HTTPS against a real PostgreSQL: a kiosk sends the
// matter chosen with its ticket, the counter shows it named from the hall's catalogue and sets or
// changes it before done, the done event, the pad's rating, the province's copy and the daily report
// carry the matter handled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { parseHallConfig } from '../src/config.ts';
import { HallMatters, loadHallMatters } from '../src/matters.ts';
import { HallStoreError } from '../src/store.ts';
import { padRatingBody } from '../src/ratings/province-sender.ts';
import { startTestCluster } from './support.ts';
import { seedHallConfig, startHallFixture, type HallFixture } from './hall-fixture.ts';

const matter = (code: string, zh: string, en: string, areaId: string) => ({
  code,
  name: { zh, en },
  areaId,
  department: { zh: '税务局', en: 'Tax bureau' },
  conditions: [],
  materials: [],
  steps: [{ zh: '受理', en: 'Acceptance' }],
  legalDays: 5,
  promisedDays: 1,
  fees: { zh: '不收费', en: 'Free' },
  legalBasis: [],
  visits: 1,
  online: null,
  faq: [],
  contact: {},
});

const CATALOGUE = {
  matters: [
    matter('SW-001', '个体工商户税务登记', 'Tax registration of a sole trader', 'tax'),
    matter('SW-002', '发票领用', 'Obtaining invoices', 'tax'),
    matter('SB-001', '社保卡补办', 'Replacing a social security card', 'social'),
  ],
};

let cluster: PgCluster;
let f: HallFixture;
let dir: string;
let kiosk: string;
let keys = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-matters-'));
  writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(CATALOGUE));
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, { config: { catalogue: { file: join(dir, 'catalogue.json') } } });
  kiosk = await f.enrol({ id: 'kiosk-matters', kind: 'kiosk' });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const take = (body: Record<string, unknown>) =>
  f.call('POST', '/api/kiosk/tickets', {
    token: kiosk,
    body: { idempotencyKey: `matters-${++keys}-${randomUUID()}`, ...body },
  });

async function ticketRow(id: number) {
  const { rows } = await f.db.pool.query<{ matter_id: string | null; business_date: string }>(
    'SELECT matter_id, business_date FROM tickets WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

async function eventMatters(id: number): Promise<[string, string | null][]> {
  const { rows } = await f.db.pool.query<{ event: string; matter_id: string | null }>(
    'SELECT event, matter_id FROM ticket_events WHERE ticket_id = $1 ORDER BY id',
    [id],
  );
  return rows.map((r) => [r.event, r.matter_id]);
}

describe('a ticket taken with a matter', () => {
  it('keeps the matter the kiosk sent, on the ticket and its issued event; none when none was sent', async () => {
    const withMatter = await take({ areaId: 'tax', matterId: 'SW-001' });
    expect(withMatter.status).toBe(200);
    const id = withMatter.body.ticket.id as number;
    expect((await ticketRow(id)).matter_id).toBe('SW-001');
    expect(await eventMatters(id)).toEqual([['issued', 'SW-001']]);

    const without = await take({ areaId: 'tax' });
    expect(without.status).toBe(200);
    expect((await ticketRow(without.body.ticket.id)).matter_id).toBeNull();
  });

  it('a retry with the same key is the same ticket; the same key with another matter is refused', async () => {
    const key = `matters-retry-${randomUUID()}`;
    const call = (matterId?: string) =>
      f.call('POST', '/api/kiosk/tickets', {
        token: kiosk,
        body: { idempotencyKey: key, areaId: 'tax', ...(matterId ? { matterId } : {}) },
      });
    const first = await call('SW-002');
    const again = await call('SW-002');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, ticket: { id: first.body.ticket.id } });
    const other = await call('SW-001');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotencyConflict');
    const none = await call();
    expect(none.status).toBe(409);
  });

  it('refuses a malformed code, taking no number', async () => {
    const { rows: before } = await f.db.pool.query('SELECT count(*)::int AS n FROM tickets');
    for (const bad of ['x', '-SW-1', 'SW 001', 'a'.repeat(41), 7])
      expect((await take({ areaId: 'tax', matterId: bad })).status).toBe(400);
    const { rows: after } = await f.db.pool.query('SELECT count(*)::int AS n FROM tickets');
    expect(after[0].n).toBe(before[0].n);
  });

  it("keeps a well-formed code the hall's catalogue lacks (a newer kiosk catalogue), shown as the code", async () => {
    const issued = await take({ areaId: 'estate', matterId: 'XX-404' });
    expect(issued.status).toBe(200);
    expect((await ticketRow(issued.body.ticket.id)).matter_id).toBe('XX-404');
    // Window w015 serves estate (B).
    const wang = await f.login('1038');
    expect((await f.call('POST', '/api/counter/w015/open', { token: wang })).status).toBe(200);
    const called = await f.call('POST', '/api/counter/w015/call-next', { token: wang });
    expect(called.body.state.current).toMatchObject({
      number: issued.body.ticket.number,
      matter: { id: 'XX-404', name: null },
    });
    expect('matters' in called.body.state).toBe(false);
    expect((await f.call('POST', '/api/counter/w015/done', { token: wang })).status).toBe(200);
    expect((await f.call('POST', '/api/counter/w015/close', { token: wang })).status).toBe(200);
  });

  it('the store checks the code itself (the column has the same rule)', async () => {
    const store = f.hall.services.store;
    await expect(
      store.issue({
        areaId: 'tax',
        kioskId: 'kiosk-x',
        idempotencyKey: `matters-store-${randomUUID()}`,
        now: Date.now(),
        matterId: 'bad code',
      }),
    ).rejects.toThrow(HallStoreError);
    await expect(
      store.setMatter({ counterId: 'w014', now: Date.now(), matterId: "'; DROP" }),
    ).rejects.toMatchObject({ code: 'badRequest' });
    // The column refuses a malformed code whoever writes it.
    const t = await take({ areaId: 'tax' });
    await expect(
      f.db.pool.query(`UPDATE tickets SET matter_id = 'no spaces allowed' WHERE id = $1`, [t.body.ticket.id]),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('at the counter, the pad and in the report', () => {
  it('shows the matter, changes it before done; done, the rating, the province copy and the report carry it', async () => {
    // Window w014 serves tax (A); nobody else in the queue of tax first.
    await f.db.pool.query(`UPDATE tickets SET state = 'done', finished_at = now() WHERE state = 'waiting'`);
    const li = await f.login('1037');
    const wang = await f.login('1038');
    const supervisor = await f.login('8001');
    expect((await f.call('POST', '/api/counter/w014/open', { token: li })).status).toBe(200);
    const pad = await f.enrol({ id: 'pad-w014', kind: 'pad', counterId: 'w014' });

    const issued = await take({ areaId: 'tax', matterId: 'SW-001' });
    const id = issued.body.ticket.id as number;
    const called = await f.call('POST', '/api/counter/w014/call-next', { token: li });
    expect(called.status).toBe(200);
    expect(called.body.state.current).toMatchObject({
      ticketId: id,
      matter: { id: 'SW-001', name: { zh: '个体工商户税务登记', en: 'Tax registration of a sole trader' } },
    });
    // The picker's list: every matter of the catalogue with its area, read once by the page; staff only.
    const list = await f.call('GET', '/api/matters', { token: li });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      matters: CATALOGUE.matters.map((m) => ({ id: m.code, name: m.name, areaId: m.areaId })),
    });
    expect((await f.call('GET', '/api/matters')).status).toBe(401);
    expect((await f.call('GET', '/api/matters', { token: pad })).status).toBe(403);

    // Only the person at the window may change it; only to a matter the hall knows.
    const foreign = await f.call('POST', '/api/counter/w014/matter', {
      token: wang,
      body: { matterId: 'SW-002' },
    });
    expect(foreign.status).toBe(403);
    const unknown = await f.call('POST', '/api/counter/w014/matter', {
      token: li,
      body: { matterId: 'XX-404' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknownMatter');
    expect(
      (await f.call('POST', '/api/counter/w014/matter', { token: li, body: { matter: 'SW-002' } })).status,
    ).toBe(400);
    expect((await ticketRow(id)).matter_id).toBe('SW-001');

    const cleared = await f.call('POST', '/api/counter/w014/matter', { token: li, body: { matterId: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.current.matter).toBeNull();
    const changed = await f.call('POST', '/api/counter/w014/matter', {
      token: li,
      body: { matterId: 'SW-002' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.current.matter).toEqual({
      id: 'SW-002',
      name: { zh: '发票领用', en: 'Obtaining invoices' },
    });
    const { rows: audit } = await f.db.pool.query(
      `SELECT actor, action, detail FROM audit WHERE action = 'setMatter' ORDER BY id`,
    );
    const number = issued.body.ticket.number as string;
    expect(audit).toEqual([
      { actor: 'staff#1037', action: 'setMatter', detail: `${number} at w014: none` },
      { actor: 'staff#1037', action: 'setMatter', detail: `${number} at w014: SW-002` },
    ]);
    expect(
      (await f.db.pool.query(`SELECT 1 FROM audit WHERE action = 'refused' AND detail LIKE 'setMatter%'`))
        .rowCount,
    ).toBe(1);

    const done = await f.call('POST', '/api/counter/w014/done', { token: li });
    expect(done.status).toBe(200);
    expect(await eventMatters(id)).toEqual([
      ['issued', 'SW-001'],
      ['called', null],
      ['done', 'SW-002'],
    ]);
    // Nobody at the window now: nothing to set.
    const late = await f.call('POST', '/api/counter/w014/matter', {
      token: li,
      body: { matterId: 'SW-001' },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('noCurrentTicket');
    expect((await ticketRow(id)).matter_id).toBe('SW-002');

    // A second ticket with a matter, not shown up: counted as a no-show of its matter.
    const second = await take({ areaId: 'tax', matterId: 'SW-001' });
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket.id).toBe(
      second.body.ticket.id,
    );
    expect((await f.call('POST', '/api/counter/w014/no-show', { token: li })).status).toBe(200);

    const rated = await f.call('POST', '/api/pad/ratings', {
      token: pad,
      body: { ticketId: id, level: 1, reasons: ['notSolved'], idempotencyKey: `pad-w014-${randomUUID()}` },
    });
    expect(rated.status).toBe(201);
    const { rows: ratings } = await f.db.pool.query('SELECT matter_id FROM ratings WHERE ticket_id = $1', [
      id,
    ]);
    expect(ratings).toEqual([{ matter_id: 'SW-002' }]);
    const due = await f.hall.services.ratings.store.due(Date.now() + 1000);
    const row = due.find((r) => r.ratingId === rated.body.ratingId)!;
    expect(row.matterCode).toBe('SW-002');
    expect(padRatingBody(row, '区政务服务中心')).toMatchObject({ matterCode: 'SW-002', counterId: 'w014' });

    const date = (await ticketRow(id)).business_date;
    const report = await f.call('GET', `/api/supervisor/report/${date}`, { token: supervisor });
    expect(report.status).toBe(200);
    expect(report.body.matters).toEqual([
      {
        matterId: 'SW-001',
        name: { zh: '个体工商户税务登记', en: 'Tax registration of a sole trader' },
        served: 0,
        noShow: 1,
        avgServiceSeconds: null,
        ratings: { levels: [0, 0, 0, 0, 0], bad: 0, badReasons: {} },
      },
      {
        matterId: 'SW-002',
        name: { zh: '发票领用', en: 'Obtaining invoices' },
        served: 1,
        noShow: 0,
        avgServiceSeconds: expect.any(Number),
        ratings: { levels: [1, 0, 0, 0, 0], bad: 1, badReasons: { notSolved: 1 } },
      },
      // Kept from the kiosk though the catalogue lacks it: counted, without a name.
      {
        matterId: 'XX-404',
        name: null,
        served: 1,
        noShow: 0,
        avgServiceSeconds: expect.any(Number),
        ratings: { levels: [0, 0, 0, 0, 0], bad: 0, badReasons: {} },
      },
    ]);
    const csv = await f.call('GET', `/api/supervisor/report/${date}.csv`, { token: supervisor });
    const lines = String(csv.body).split('\r\n');
    expect(lines.find((l) => l.startsWith('事项,SW-002,发票领用,'))).toMatch(
      /^事项,SW-002,发票领用,,1,0,,,[\d.]+,0,0,0,0,1,1,问题没有解决×1$/,
    );
    expect(lines.find((l) => l.startsWith('事项,XX-404,'))).toMatch(
      /^事项,XX-404,,,1,0,,,[\d.]+,0,0,0,0,0,0,$/,
    );
    expect(lines.find((l) => l.startsWith('事项,SW-001,'))).toBe(
      '事项,SW-001,个体工商户税务登记,,0,1,,,,0,0,0,0,0,0,',
    );
  });
});

describe("the hall's matters", () => {
  it('without a catalogue: any well-formed code is kept, without a name, and no picker', () => {
    const config = parseHallConfig(seedHallConfig(f.db, dir), 'test', dir);
    const none = loadHallMatters(config);
    expect(none.loaded).toBe(false);
    expect(none.accepts('ANY-1')).toBe(true);
    expect(none.get('ANY-1')).toBeNull();
    expect(none.all()).toEqual([]);
  });

  it('with one: only its codes, in catalogue order', () => {
    const m = new HallMatters(CATALOGUE.matters);
    expect(m.accepts('SW-002')).toBe(true);
    expect(m.accepts('XX-404')).toBe(false);
    expect(m.all().map((x) => x.id)).toEqual(['SW-001', 'SW-002', 'SB-001']);
    expect(m.get('SB-001')).toEqual({ id: 'SB-001', name: CATALOGUE.matters[2]!.name, areaId: 'social' });
  });

  it('a catalogue that does not load stops the start with its problems', () => {
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ matters: [{ code: 'SW-001' }] }));
    const config = parseHallConfig(
      seedHallConfig(f.db, dir, { catalogue: { file: 'broken.json' } }),
      'test',
      dir,
    );
    expect(() => loadHallMatters(config)).toThrow(/broken\.json: invalid catalogue/);
  });
});
