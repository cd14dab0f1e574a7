// The counter API over real HTTPS against a real PostgreSQL: signing in at a window, who may act
// there, every action's effect on the queue and its audit row, transfer to one window, pause, and the
// window's live feed.
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;
let li: string; // 1037, counter
let wang: string; // 1038, counter
let keys = 0;

// Windows of the seed hall: w014 and w023 serve tax (A), w015 estate (B), w001 is comprehensive.
async function issue(areaId = 'tax', priorityReason?: 'age') {
  const r = await f.hall.services.store.issue({
    areaId,
    kioskId: 'kiosk-1',
    idempotencyKey: `counter-test-${++keys}`,
    now: Date.now(),
    ...(priorityReason ? { priorityReason } : {}),
  });
  if (!r.ok) throw new Error(r.reason);
  return r.ticket;
}

async function auditOf(number: string): Promise<[string, string][]> {
  const { rows } = await f.db.pool.query<{ action: string; detail: string }>(
    `SELECT action, detail FROM audit WHERE actor = $1 AND action <> 'signIn' ORDER BY id`,
    [`staff#${number}`],
  );
  return rows.map((r) => [r.action, r.detail]);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster);
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});
beforeEach(async () => {
  // Every test starts with an empty queue and nobody at any window (ids go on: the live feed follows them).
  await f.db.pool.query(
    `TRUNCATE tickets, ticket_events, area_day_numbers, idempotency_keys, counter_staff, counter_events, audit
     CASCADE`,
  );
  await f.db.pool.query('UPDATE counters SET paused = false');
  li = await f.login('1037');
  wang = await f.login('1038');
});

describe('signing in at a window', () => {
  it('needs a staff session; any role may, and the state says who works there', async () => {
    expect((await f.call('POST', '/api/counter/w014/open')).status).toBe(401);
    const kiosk = await f.enrol({ id: `kiosk-${++keys}`, kind: 'kiosk' });
    expect((await f.call('POST', '/api/counter/w014/open', { token: kiosk })).status).toBe(403);
    const opened = await f.call('POST', '/api/counter/w014/open', { token: li });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      counter: { id: 'w014', areaIds: ['tax'], paused: false },
      staff: { number: '1037', name: '李敏' },
      current: null,
    });
    const supervisor = await f.login('8001');
    expect((await f.call('POST', '/api/counter/w015/open', { token: supervisor })).status).toBe(200);
    expect((await f.call('GET', '/api/counter/w014', { token: supervisor })).body.staff.number).toBe('1037');
    expect((await f.call('GET', '/api/counter/w404', { token: li })).status).toBe(404);
    expect((await f.call('GET', '/api/counter/bad%20id', { token: li })).status).toBe(400);
    expect(await auditOf('1037')).toEqual([['openedWindow', 'w014']]);
  });

  it('a person acts only at the window they opened; signing in elsewhere moves them', async () => {
    await issue();
    await f.call('POST', '/api/counter/w014/open', { token: li });
    const foreign = await f.call('POST', '/api/counter/w014/call-next', { token: wang });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('notAtCounter');
    expect(await auditOf('1038')).toEqual([['refused', 'called at w014: not signed in there']]);
    // Nothing was called by the refused request.
    expect((await f.call('GET', '/api/counter/w014', { token: li })).body.current).toBeNull();

    const moved = await f.call('POST', '/api/counter/w023/open', { token: li });
    expect(moved.body.staff.number).toBe('1037');
    expect((await f.call('GET', '/api/counter/w014', { token: li })).body.staff).toBeNull();
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).status).toBe(403);
    // Taking over a window someone else holds: from then on only the new person acts there.
    await f.call('POST', '/api/counter/w023/open', { token: wang });
    expect((await f.call('POST', '/api/counter/w023/call-next', { token: li })).status).toBe(403);
    expect((await f.call('POST', '/api/counter/w023/call-next', { token: wang })).body.ticket.number).toBe(
      'A001',
    );
    expect(await auditOf('1037')).toEqual([
      ['openedWindow', 'w014'],
      ['openedWindow', 'w023 (moved from w014)'],
      ['refused', 'called at w014: not signed in there'],
      ['refused', 'called at w023: not signed in there'],
    ]);
    expect((await auditOf('1038')).at(-2)).toEqual(['openedWindow', 'w023 (took over from staff#1037)']);

    const closed = await f.call('POST', '/api/counter/w023/close', { token: wang });
    expect(closed.status).toBe(200);
    expect(closed.body.staff).toBeNull();
    expect((await f.call('POST', '/api/counter/w023/close', { token: wang })).status).toBe(403);
    expect((await f.call('POST', '/api/counter/w023/done', { token: wang })).status).toBe(403);
  });
});

describe('working at a window', () => {
  it('call next, recall, no-show and done: each changes the queue, is attributed and audited', async () => {
    const a = await issue();
    const b = await issue('tax', 'age');
    await f.call('POST', '/api/counter/w014/open', { token: li });
    const first = await f.call('POST', '/api/counter/w014/call-next', { token: li });
    expect(first.status).toBe(200);
    // Priority first.
    expect(first.body.ticket).toMatchObject({ id: b.id, number: 'A002', priority: true });
    expect(first.body.state.current).toMatchObject({ number: 'A002', priorityReason: 'age' });
    expect(first.body.state.waiting).toEqual([{ areaId: 'tax', priority: 0, regular: 1 }]);
    expect((await f.call('POST', '/api/counter/w014/recall', { token: li })).body.ticket.number).toBe('A002');
    const noShow = await f.call('POST', '/api/counter/w014/no-show', { token: li });
    expect(noShow.body.ticket.number).toBe('A002');
    expect(noShow.body.state.current).toBeNull();
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket.id).toBe(a.id);
    const done = await f.call('POST', '/api/counter/w014/done', { token: li });
    expect(done.body.ticket.number).toBe('A001');
    const nobody = await f.call('POST', '/api/counter/w014/call-next', { token: li });
    expect(nobody.status).toBe(200);
    expect(nobody.body.ticket).toBeNull();

    const { rows } = await f.db.pool.query<{ number: string; event: string; staff: string | null }>(
      `SELECT t.number, e.event, s.number AS staff FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
       LEFT JOIN staff s ON s.id = e.staff_id WHERE e.event <> 'issued' ORDER BY e.id`,
    );
    expect(rows.map((r) => `${r.number} ${r.event} ${r.staff}`)).toEqual([
      'A002 called 1037',
      'A002 recalled 1037',
      'A002 noShow 1037',
      'A001 called 1037',
      'A001 done 1037',
    ]);
    expect(await auditOf('1037')).toEqual([
      ['openedWindow', 'w014'],
      ['called', 'A002 at w014'],
      ['recalled', 'A002 at w014'],
      ['noShow', 'A002 at w014'],
      ['called', 'A001 at w014'],
      ['done', 'A001 at w014'],
      ['called', 'nobody at w014'],
    ]);
  });

  it('transfer to a window: only that window calls it; transfer to an area joins that queue', async () => {
    const a1 = await issue();
    const a2 = await issue();
    await issue('estate');
    await f.call('POST', '/api/counter/w014/open', { token: li });
    await f.call('POST', '/api/counter/w023/open', { token: wang });
    await f.call('POST', '/api/counter/w014/call-next', { token: li });
    const sent = await f.call('POST', '/api/counter/w014/transfer', {
      token: li,
      body: { toCounterId: 'w023' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.ticket).toMatchObject({ id: a1.id, number: 'A001' });
    expect(sent.body.state.current).toBeNull();
    const there = await f.call('GET', '/api/counter/w023', { token: wang });
    expect(there.body.sentHere).toEqual([expect.objectContaining({ number: 'A001', fromCounterId: 'w014' })]);
    // The comprehensive window and the sender skip it; the window it was sent to calls it.
    const supervisor = await f.login('8001');
    await f.call('POST', '/api/counter/w001/open', { token: supervisor });
    expect((await f.call('POST', '/api/counter/w001/call-next', { token: supervisor })).body.ticket.id).toBe(
      a2.id,
    );
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket).toBeNull();
    const called = await f.call('POST', '/api/counter/w023/call-next', { token: wang });
    expect(called.body.ticket.id).toBe(a1.id);
    expect(called.body.state.current.transferredFrom).toEqual({ counterId: 'w014', areaId: 'tax' });

    // To an area: the ticket waits in the estate queue, where a window of that area calls it.
    const toArea = await f.call('POST', '/api/counter/w023/transfer', {
      token: wang,
      body: { toAreaId: 'estate' },
    });
    expect(toArea.body.ticket).toMatchObject({ number: 'A001', areaId: 'estate' });
    // Refusals: a bad body, an unknown window or area, the own window.
    for (const [body, status] of [
      [{}, 400],
      [{ toAreaId: 'tax', toCounterId: 'w014' }, 400],
      [{ toCounterId: 'w404' }, 404],
      [{ toAreaId: 'nowhere' }, 404],
      [{ toCounterId: 'w023' }, 400],
    ] as const) {
      const r = await f.call('POST', '/api/counter/w023/transfer', { token: wang, body });
      expect(r.status, JSON.stringify(body)).toBe(status);
    }
    expect(await auditOf('1037')).toContainEqual(['transferred', 'A001 at w014 to window w023']);
    expect(await auditOf('1038')).toContainEqual(['transferred', 'A001 at w023 to area estate']);
  });

  it('pause: call next gives nobody until resumed; only the person there may pause', async () => {
    await issue();
    await f.call('POST', '/api/counter/w014/open', { token: li });
    expect((await f.call('POST', '/api/counter/w014/pause', { token: wang })).status).toBe(403);
    const paused = await f.call('POST', '/api/counter/w014/pause', { token: li });
    expect(paused.body.counter.paused).toBe(true);
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket).toBeNull();
    const resumed = await f.call('POST', '/api/counter/w014/resume', { token: li });
    expect(resumed.body.counter.paused).toBe(false);
    expect((await f.call('POST', '/api/counter/w014/call-next', { token: li })).body.ticket.number).toBe(
      'A001',
    );
    expect((await auditOf('1037')).map(([a]) => a)).toEqual([
      'openedWindow',
      'paused',
      'called',
      'resumed',
      'called',
    ]);
    expect((await auditOf('1037'))[1]).toEqual(['paused', 'w014']);
    expect(await auditOf('1038')).toEqual([['refused', 'paused at w014: not signed in there']]);
  });
});

describe('the live feed of a window', () => {
  /** Opens the SSE stream and collects `ticket` events until `until` says enough (or 10 s pass). */
  function stream(path: string, token: string) {
    const events: { event: string; areaId: string; counterId: string | null; toCounterId: string | null }[] =
      [];
    let status = 0;
    let close = () => {};
    const opened = new Promise<void>((resolve, reject) => {
      const req = request(
        `${f.url}${path}`,
        {
          ca: f.ca,
          headers: { host: new URL(f.url).host, authorization: `Bearer ${token}` },
        },
        (res) => {
          status = res.statusCode ?? 0;
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = block.split('\n').find((l) => l.startsWith('data: '));
              if (block.includes('event: ticket') && data) events.push(JSON.parse(data.slice(6)));
            }
          });
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
      close = () => req.destroy();
    });
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    return { events, opened, until, close: () => close(), status: () => status };
  }

  it('carries the events of the areas it serves and of tickets sent to it, nothing else', async () => {
    await f.call('POST', '/api/counter/w014/open', { token: li });
    const feed = stream('/api/counter/w015/events', wang); // w015 serves estate
    await feed.opened;
    expect(feed.status()).toBe(200);
    await issue('tax');
    await issue('estate');
    await f.call('POST', '/api/counter/w014/call-next', { token: li });
    await f.call('POST', '/api/counter/w014/transfer', { token: li, body: { toCounterId: 'w015' } });
    await feed.until(() => feed.events.some((e) => e.event === 'transferred'));
    feed.close();
    expect(feed.events.map((e) => `${e.event} ${e.areaId}`)).toEqual(['issued estate', 'transferred tax']);
    expect(feed.events[1]).toMatchObject({ counterId: 'w014', toCounterId: 'w015' });
    expect((await f.call('GET', '/api/counter/w404/events', { token: li })).status).toBe(404);
    expect((await f.call('GET', '/api/counter/w014/events')).status).toBe(401);
  });
});
