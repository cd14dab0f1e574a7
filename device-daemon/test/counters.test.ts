import { describe, expect, it } from 'vitest';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import type { IssueRequest, IssueResult } from '../src/queue/queue-store.ts';
import { SqliteAppointmentVisits } from '../src/storage/sqlite/appointment-visits.ts';
import { openDatabase, type Db } from '../src/storage/sqlite/database.ts';
import { SqliteQueueStore } from '../src/storage/sqlite/queue-store.ts';
import { SqliteSecretStore } from '../src/storage/sqlite/secrets.ts';

const [tax, realEstate] = DEFAULT_AREAS as [(typeof DEFAULT_AREAS)[0], (typeof DEFAULT_AREAS)[0]];
const T0 = Date.parse('2026-03-02T01:00:00Z'); // 09:00 in Shanghai
const min = (n: number) => T0 + n * 60_000;

function setup() {
  const db = openDatabase(':memory:');
  const store = new SqliteQueueStore(db, 'Asia/Shanghai', {
    callOrder: { priorityPerRegular: 2 },
    estimate: { sample: 10, minSample: 3 },
  });
  const issue = async (r: Partial<IssueRequest> = {}) =>
    ok(await store.issue({ area: tax, now: T0, printer: 'p', ...r }));
  return { db, store, issue };
}
function ok(result: IssueResult) {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.ticket;
}
const events = (db: Db, ticketId: number) =>
  (
    db
      .prepare('SELECT event, counter_id AS counter FROM ticket_events WHERE ticket_id = ? ORDER BY id')
      .all(ticketId) as {
      event: string;
      counter: string | null;
    }[]
  ).map((e) => `${e.event}${e.counter ? `@${e.counter}` : ''}`);

describe('counters call the queue', () => {
  it('calls in order, finishing the previous ticket, and stores every event', async () => {
    const { db, store, issue } = setup();
    const a1 = await issue();
    const a2 = await issue();
    expect((await store.callNext({ counterId: '3', areaIds: ['tax'], now: min(1) }))?.number).toBe('A001');
    expect((await store.currentAt('3'))?.number).toBe('A001');
    expect((await store.callNext({ counterId: '3', areaIds: ['tax'], now: min(6) }))?.number).toBe('A002');
    expect(events(db, a1.id)).toEqual(['issued', 'called@3', 'done@3']);
    expect(await store.callNext({ counterId: '3', areaIds: ['tax'], now: min(9) })).toBeNull();
    expect(events(db, a2.id)).toEqual(['issued', 'called@3', 'done@3']);
  });

  it('calls priority tickets first but never more than two in a row while a regular ticket waits', async () => {
    const { store, issue } = setup();
    await issue(); // A001 regular
    await issue({ priorityReason: 'age' }); // A002
    await issue({ priorityReason: 'disability' }); // A003
    await issue({ priorityReason: 'age' }); // A004
    const called = [];
    for (const i of [1, 2, 3, 4])
      called.push((await store.callNext({ counterId: '1', areaIds: ['tax'], now: min(i) }))?.number);
    expect(called).toEqual(['A002', 'A003', 'A001', 'A004']);
  });

  it('recall announces the same ticket again; no-show and done finish it', async () => {
    const { db, store, issue } = setup();
    const a1 = await issue();
    const a2 = await issue();
    await store.callNext({ counterId: '2', areaIds: ['tax'], now: min(1) });
    expect((await store.recall({ counterId: '2', now: min(2) }))?.number).toBe('A001');
    expect((await store.finish({ counterId: '2', outcome: 'noShow', now: min(3) }))?.state).toBe('noShow');
    expect(await store.currentAt('2')).toBeNull();
    await store.callNext({ counterId: '2', areaIds: ['tax'], now: min(4) });
    expect((await store.finish({ counterId: '2', outcome: 'done', now: min(9) }))?.state).toBe('done');
    expect(events(db, a1.id)).toEqual(['issued', 'called@2', 'recalled@2', 'noShow@2']);
    expect(events(db, a2.id)).toEqual(['issued', 'called@2', 'done@2']);
    expect(await store.recall({ counterId: '2', now: min(10) })).toBeNull();
  });

  it('a transferred ticket keeps its number and joins the other area at its original arrival', async () => {
    const { db, store, issue } = setup();
    const a1 = await issue();
    ok(await store.issue({ area: realEstate, now: min(5), printer: 'p' })); // B001, arrived later
    await store.callNext({ counterId: '1', areaIds: ['tax'], now: min(6) });
    const moved = await store.transfer({ counterId: '1', toAreaId: 'realEstate', now: min(7) });
    expect(moved).toMatchObject({ number: 'A001', areaId: 'realEstate', state: 'waiting' });
    expect((await store.callNext({ counterId: '2', areaIds: ['realEstate'], now: min(8) }))?.number).toBe(
      'A001',
    );
    expect(events(db, a1.id)).toEqual(['issued', 'called@1', 'transferred@1', 'called@2']);
  });

  it('lists the latest calls for the hall display, newest first', async () => {
    const { store, issue } = setup();
    await issue();
    await issue();
    await store.callNext({ counterId: '1', areaIds: ['tax'], now: min(1) });
    await store.callNext({ counterId: '2', areaIds: ['tax'], now: min(2) });
    expect((await store.recentCalls(min(3), 5)).map((c) => `${c.number}@${c.counterId}`)).toEqual([
      'A002@2',
      'A001@1',
    ]);
  });
});

describe('wait estimate from recent service times', () => {
  it('has none until three services are finished, then uses their mean', async () => {
    const { store, issue } = setup();
    for (let i = 0; i < 6; i++) await issue();
    expect(await store.estimateFor('tax', 3, min(0))).toBeNull();
    // Three services of 4, 6 and 5 minutes at counter 1.
    let t = 1;
    for (const length of [4, 6, 5]) {
      await store.callNext({ counterId: '1', areaIds: ['tax'], now: min(t) });
      t += length;
      await store.finish({ counterId: '1', outcome: 'done', now: min(t) });
    }
    // Mean 5 minutes, one active counter: 3 people ahead → 15 minutes.
    expect(await store.estimateFor('tax', 3, min(t))).toBe(15);
    const next = await issue({ now: min(t) });
    expect(next.peopleAhead).toBe(3);
    expect(next.estimatedWaitMinutes).toBe(15);
  });
});

describe('caps, anti-hoarding and appointments', () => {
  it('refuses past the daily cap, atomically with numbering', async () => {
    const { store } = setup();
    const r = [];
    for (let i = 0; i < 4; i++) r.push(await store.issue({ area: tax, now: T0, printer: 'p', dailyCap: 3 }));
    expect(r.map((x) => (x.ok ? x.ticket.number : x.reason))).toEqual(['A001', 'A002', 'A003', 'capReached']);
    expect(await store.ticketsToday('tax', T0)).toBe(3);
  });

  it('limits tickets per identity digest per area per day, and forgets digests of earlier days', async () => {
    const { db, store } = setup();
    const identity = { digest: 'd1', maxPerArea: 1 };
    expect((await store.issue({ area: tax, now: T0, printer: 'p', identity })).ok).toBe(true);
    expect(await store.issue({ area: tax, now: T0, printer: 'p', identity })).toEqual({
      ok: false,
      reason: 'identityLimit',
    });
    expect((await store.issue({ area: realEstate, now: T0, printer: 'p', identity })).ok).toBe(true);
    expect(
      (await store.issue({ area: tax, now: T0, printer: 'p', identity: { digest: 'd2', maxPerArea: 1 } })).ok,
    ).toBe(true);
    expect(await store.forgetDigestsBefore('2026-03-03')).toBe(3);
    expect(
      (
        db.prepare('SELECT count(*) AS n FROM tickets WHERE identity_digest IS NOT NULL').get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
  });

  it('issues one ticket per booking; checking in again reprints it with a new print job', async () => {
    const { db, store } = setup();
    const first = await store.issue({
      area: tax,
      now: T0,
      printer: 'p',
      appointmentId: 'bk-1',
      priorityReason: 'appointment',
    });
    const again = await store.issue({ area: tax, now: min(2), printer: 'p', appointmentId: 'bk-1' });
    if (!first.ok || !again.ok) throw new Error('refused');
    expect(first.reprint).toBe(false);
    expect(again.reprint).toBe(true);
    expect(again.ticket).toMatchObject({
      id: first.ticket.id,
      number: 'A001',
      appointment: true,
      priority: true,
    });
    expect(again.printJobId).not.toBe(first.printJobId);
    expect(events(db, first.ticket.id)).toEqual(['issued', 'reprinted']);
  });

  it('records a no-show once per booking, and never over a check-in', async () => {
    const { db, store } = setup();
    const visits = new SqliteAppointmentVisits(db, 'Asia/Shanghai');
    await store.issue({ area: tax, now: T0, printer: 'p', appointmentId: 'bk-1' });
    expect(await visits.recordNoShow('bk-1', 'tax', min(60))).toBe(false);
    expect(await visits.recordNoShow('bk-2', 'tax', min(60))).toBe(true);
    expect(await visits.recordNoShow('bk-2', 'tax', min(61))).toBe(false);
  });

  it('keeps one random secret per name across instances', async () => {
    const { db } = setup();
    const secrets = new SqliteSecretStore(db);
    const salt = await secrets.secret('identityDigestSalt');
    expect(salt).toHaveLength(32);
    expect((await new SqliteSecretStore(db).secret('identityDigestSalt')).equals(salt)).toBe(true);
    expect((await secrets.secret('other')).equals(salt)).toBe(false);
  });
});
