import { describe, expect, it } from 'vitest';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { SqliteQueueStore, type IssueRequest, type IssueResult } from '../src/queue/queue-store.ts';
import { openDatabase, type Db } from '../src/storage/database.ts';

const [tax, realEstate] = DEFAULT_AREAS as [(typeof DEFAULT_AREAS)[0], (typeof DEFAULT_AREAS)[0]];
const T0 = Date.parse('2026-03-02T01:00:00Z'); // 09:00 in Shanghai
const min = (n: number) => T0 + n * 60_000;

function setup() {
  const db = openDatabase(':memory:');
  const store = new SqliteQueueStore(db, 'Asia/Shanghai', {
    callOrder: { priorityPerRegular: 2 },
    estimate: { sample: 10, minSample: 3 },
  });
  const issue = (r: Partial<IssueRequest> = {}) =>
    ok(store.issue({ area: tax, now: T0, printer: 'p', ...r }));
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
  it('calls in order, finishing the previous ticket, and stores every event', () => {
    const { db, store, issue } = setup();
    const a1 = issue();
    const a2 = issue();
    expect(store.callNext({ counterId: '3', areaIds: ['tax'], now: min(1) })?.number).toBe('A001');
    expect(store.currentAt('3')?.number).toBe('A001');
    expect(store.callNext({ counterId: '3', areaIds: ['tax'], now: min(6) })?.number).toBe('A002');
    expect(events(db, a1.id)).toEqual(['issued', 'called@3', 'done@3']);
    expect(store.callNext({ counterId: '3', areaIds: ['tax'], now: min(9) })).toBeNull();
    expect(events(db, a2.id)).toEqual(['issued', 'called@3', 'done@3']);
  });

  it('calls priority tickets first but never more than two in a row while a regular ticket waits', () => {
    const { store, issue } = setup();
    issue(); // A001 regular
    issue({ priorityReason: 'age' }); // A002
    issue({ priorityReason: 'disability' }); // A003
    issue({ priorityReason: 'age' }); // A004
    const called = [1, 2, 3, 4].map(
      (i) => store.callNext({ counterId: '1', areaIds: ['tax'], now: min(i) })?.number,
    );
    expect(called).toEqual(['A002', 'A003', 'A001', 'A004']);
  });

  it('recall announces the same ticket again; no-show and done finish it', () => {
    const { db, store, issue } = setup();
    const a1 = issue();
    const a2 = issue();
    store.callNext({ counterId: '2', areaIds: ['tax'], now: min(1) });
    expect(store.recall({ counterId: '2', now: min(2) })?.number).toBe('A001');
    expect(store.finish({ counterId: '2', outcome: 'noShow', now: min(3) })?.state).toBe('noShow');
    expect(store.currentAt('2')).toBeNull();
    store.callNext({ counterId: '2', areaIds: ['tax'], now: min(4) });
    expect(store.finish({ counterId: '2', outcome: 'done', now: min(9) })?.state).toBe('done');
    expect(events(db, a1.id)).toEqual(['issued', 'called@2', 'recalled@2', 'noShow@2']);
    expect(events(db, a2.id)).toEqual(['issued', 'called@2', 'done@2']);
    expect(store.recall({ counterId: '2', now: min(10) })).toBeNull();
  });

  it('a transferred ticket keeps its number and joins the other area at its original arrival', () => {
    const { db, store, issue } = setup();
    const a1 = issue();
    ok(store.issue({ area: realEstate, now: min(5), printer: 'p' })); // B001, arrived later
    store.callNext({ counterId: '1', areaIds: ['tax'], now: min(6) });
    const moved = store.transfer({ counterId: '1', toAreaId: 'realEstate', now: min(7) });
    expect(moved).toMatchObject({ number: 'A001', areaId: 'realEstate', state: 'waiting' });
    expect(store.callNext({ counterId: '2', areaIds: ['realEstate'], now: min(8) })?.number).toBe('A001');
    expect(events(db, a1.id)).toEqual(['issued', 'called@1', 'transferred@1', 'called@2']);
  });

  it('lists the latest calls for the hall display, newest first', () => {
    const { store, issue } = setup();
    issue();
    issue();
    store.callNext({ counterId: '1', areaIds: ['tax'], now: min(1) });
    store.callNext({ counterId: '2', areaIds: ['tax'], now: min(2) });
    expect(store.recentCalls(min(3), 5).map((c) => `${c.number}@${c.counterId}`)).toEqual([
      'A002@2',
      'A001@1',
    ]);
  });
});

describe('wait estimate from recent service times', () => {
  it('has none until three services are finished, then uses their mean', () => {
    const { store, issue } = setup();
    for (let i = 0; i < 6; i++) issue();
    expect(store.estimateFor('tax', 3, min(0))).toBeNull();
    // Three services of 4, 6 and 5 minutes at counter 1.
    let t = 1;
    for (const length of [4, 6, 5]) {
      store.callNext({ counterId: '1', areaIds: ['tax'], now: min(t) });
      t += length;
      store.finish({ counterId: '1', outcome: 'done', now: min(t) });
    }
    // Mean 5 minutes, one active counter: 3 people ahead → 15 minutes.
    expect(store.estimateFor('tax', 3, min(t))).toBe(15);
    const next = issue({ now: min(t) });
    expect(next.peopleAhead).toBe(3);
    expect(next.estimatedWaitMinutes).toBe(15);
  });
});

describe('caps, anti-hoarding and appointments', () => {
  it('refuses past the daily cap, atomically with numbering', () => {
    const { store } = setup();
    const r = Array.from({ length: 4 }, () => store.issue({ area: tax, now: T0, printer: 'p', dailyCap: 3 }));
    expect(r.map((x) => (x.ok ? x.ticket.number : x.reason))).toEqual(['A001', 'A002', 'A003', 'capReached']);
    expect(store.ticketsToday('tax', T0)).toBe(3);
  });

  it('limits tickets per identity digest per area per day, and forgets digests of earlier days', () => {
    const { db, store } = setup();
    const identity = { digest: 'd1', maxPerArea: 1 };
    expect(store.issue({ area: tax, now: T0, printer: 'p', identity }).ok).toBe(true);
    expect(store.issue({ area: tax, now: T0, printer: 'p', identity })).toEqual({
      ok: false,
      reason: 'identityLimit',
    });
    expect(store.issue({ area: realEstate, now: T0, printer: 'p', identity }).ok).toBe(true);
    expect(
      store.issue({ area: tax, now: T0, printer: 'p', identity: { digest: 'd2', maxPerArea: 1 } }).ok,
    ).toBe(true);
    expect(store.forgetDigestsBefore('2026-03-03')).toBe(3);
    expect(
      (
        db.prepare('SELECT count(*) AS n FROM tickets WHERE identity_digest IS NOT NULL').get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
  });

  it('issues one ticket per booking; checking in again reprints it with a new print job', () => {
    const { db, store } = setup();
    const first = store.issue({
      area: tax,
      now: T0,
      printer: 'p',
      appointmentId: 'bk-1',
      priorityReason: 'appointment',
    });
    const again = store.issue({ area: tax, now: min(2), printer: 'p', appointmentId: 'bk-1' });
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

  it('records a no-show once per booking, and never over a check-in', () => {
    const { store } = setup();
    store.issue({ area: tax, now: T0, printer: 'p', appointmentId: 'bk-1' });
    expect(store.recordNoShow('bk-1', 'tax', min(60))).toBe(false);
    expect(store.recordNoShow('bk-2', 'tax', min(60))).toBe(true);
    expect(store.recordNoShow('bk-2', 'tax', min(61))).toBe(false);
  });

  it('keeps one random secret per name across instances', () => {
    const { db, store } = setup();
    const salt = store.secret('identityDigestSalt');
    expect(salt).toHaveLength(32);
    expect(new SqliteQueueStore(db, 'Asia/Shanghai').secret('identityDigestSalt').equals(salt)).toBe(true);
    expect(store.secret('other').equals(salt)).toBe(false);
  });
});
