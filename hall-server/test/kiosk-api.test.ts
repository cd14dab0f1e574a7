// The kiosks' API on a running hall server (real HTTPS, real PostgreSQL): tickets with the kiosk's
// idempotency key, the hall's caps and per-person limit, the area view, ticket origins, the salt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskAreasResponse, KioskIssueResponse } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { AREAS, startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;
let kiosk1: string;
let kiosk2: string;
let display: string;

const digest = (c: string) => c.repeat(64);

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, {
    // A cap on one area, and one ticket per person per area.
    config: {
      areas: AREAS.map((a) => (a.id === 'legal' ? { ...a, dailyCap: 2 } : a)),
      queue: { priorityPerRegular: 2, maxTicketsPerIdentity: 1 },
    },
  });
  kiosk1 = await f.enrol({ id: 'kiosk-1', kind: 'kiosk', location: '一楼大厅' });
  kiosk2 = await f.enrol({ id: 'kiosk-2', kind: 'kiosk', location: '24小时自助区' });
  display = await f.enrol({ id: 'display-1', kind: 'display', zoneId: 'z1' });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

const issue = (token: string, body: object) => f.call('POST', '/api/kiosk/tickets', { token, body });

describe('POST /api/kiosk/tickets', () => {
  it('issues numbers from one series across kiosks, recorded with the calling kiosk', async () => {
    const a = await issue(kiosk1, { areaId: 'tax', idempotencyKey: 'k1-tax-0001' });
    const b = await issue(kiosk2, { areaId: 'tax', idempotencyKey: 'k2-tax-0001' });
    expect(a.status).toBe(200);
    expect(KioskIssueResponse.parse(a.body)).toMatchObject({ ok: true, replayed: false, reprint: false });
    expect(a.body.ticket.number).toBe('A001');
    expect(b.body.ticket.number).toBe('A002');
    const { rows } = await f.db.pool.query<{ number: string; kiosk_id: string }>(
      'SELECT number, kiosk_id FROM tickets ORDER BY id',
    );
    expect(rows).toEqual([
      { number: 'A001', kiosk_id: 'kiosk-1' },
      { number: 'A002', kiosk_id: 'kiosk-2' },
    ]);
  });

  it('answers a retry with the same key with the same ticket, and a reused key for another request with 409', async () => {
    const first = await issue(kiosk1, { areaId: 'estate', idempotencyKey: 'k1-estate-01' });
    const again = await issue(kiosk1, { areaId: 'estate', idempotencyKey: 'k1-estate-01' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, replayed: true });
    expect(again.body.ticket).toEqual(first.body.ticket);
    // Keys are per kiosk: the same key from another kiosk is its own request.
    const other = await issue(kiosk2, { areaId: 'estate', idempotencyKey: 'k1-estate-01' });
    expect(other.body.ticket.number).toBe('B002');
    const conflict = await issue(kiosk1, { areaId: 'social', idempotencyKey: 'k1-estate-01' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('idempotencyConflict');
  });

  it("applies the hall's daily cap and per-person limit, whatever the kiosk sends", async () => {
    expect((await issue(kiosk1, { areaId: 'legal', idempotencyKey: 'cap-000001' })).body.ok).toBe(true);
    expect((await issue(kiosk2, { areaId: 'legal', idempotencyKey: 'cap-000002' })).body.ok).toBe(true);
    const full = await issue(kiosk1, { areaId: 'legal', idempotencyKey: 'cap-000003' });
    expect(full.body).toEqual({ ok: false, reason: 'capReached' });
    // A cap sent by the kiosk is not part of the API.
    const sneaky = await issue(kiosk1, { areaId: 'legal', idempotencyKey: 'cap-000004', dailyCap: 99 });
    expect(sneaky.status).toBe(400);

    const person = { identityDigest: digest('a') };
    const one = await issue(kiosk1, { areaId: 'police', idempotencyKey: 'id-0000001', ...person });
    expect(one.body.ok).toBe(true);
    // The same person at the other kiosk: the hall counts them together.
    const two = await issue(kiosk2, { areaId: 'police', idempotencyKey: 'id-0000002', ...person });
    expect(two.body).toEqual({ ok: false, reason: 'identityLimit' });
  });

  it("counts a kiosk's own limits on the paths without a card per kiosk", async () => {
    const limits = { pathLimits: { withoutCard: 1, declaredDisability: 1 } };
    // kiosk-1 issued without a card above already; a booking or a card is not counted.
    const refused = await issue(kiosk1, { areaId: 'traffic', idempotencyKey: 'path-00001', ...limits });
    expect(refused.body).toEqual({ ok: false, reason: 'identityRequired' });
    const withCard = await issue(kiosk1, {
      areaId: 'traffic',
      idempotencyKey: 'path-00002',
      identityDigest: digest('b'),
      priorityReason: 'disability',
      ...limits,
    });
    expect(withCard.body.ok).toBe(true);
    const secondDisability = await issue(kiosk1, {
      areaId: 'hr',
      idempotencyKey: 'path-00003',
      identityDigest: digest('c'),
      priorityReason: 'disability',
      ...limits,
    });
    expect(secondDisability.body).toEqual({ ok: false, reason: 'priorityLimit' });
    const fresh = await f.enrol({ id: 'kiosk-3', kind: 'kiosk' });
    const elsewhere = await issue(fresh, { areaId: 'traffic', idempotencyKey: 'path-00004', ...limits });
    expect(elsewhere.body.ok).toBe(true);
  });

  it('checks a booking in once, hall-wide, and reprints it at any kiosk', async () => {
    const one = await issue(kiosk1, {
      areaId: 'medical',
      idempotencyKey: 'appt-00001',
      appointmentId: 'BK-77',
      priorityReason: 'appointment',
    });
    const two = await issue(kiosk2, {
      areaId: 'medical',
      idempotencyKey: 'appt-00002',
      appointmentId: 'BK-77',
      priorityReason: 'appointment',
    });
    expect(one.body).toMatchObject({ ok: true, reprint: false });
    expect(two.body).toMatchObject({ ok: true, reprint: true });
    expect(two.body.ticket.number).toBe(one.body.ticket.number);
  });

  it('refuses bad bodies, other devices and nobody, before anything is issued', async () => {
    const before = await f.db.pool.query('SELECT count(*)::int AS n FROM tickets');
    expect((await issue(kiosk1, { areaId: 'tax', idempotencyKey: 'short' })).status).toBe(400);
    expect((await issue(kiosk1, { areaId: 'nowhere', idempotencyKey: 'bad-area-01' })).status).toBe(400);
    expect(
      (await issue(kiosk1, { areaId: 'tax', idempotencyKey: 'x'.repeat(8), kioskId: 'k9' })).status,
    ).toBe(400);
    expect(
      (await issue(kiosk1, { areaId: 'tax', idempotencyKey: 'digest-001', identityDigest: '11010119' }))
        .status,
    ).toBe(400);
    expect((await issue(display, { areaId: 'tax', idempotencyKey: 'display-01' })).status).toBe(403);
    const staff = await f.login('9001');
    expect((await issue(staff, { areaId: 'tax', idempotencyKey: 'admin-0001' })).status).toBe(403);
    expect((await f.call('POST', '/api/kiosk/tickets', { body: { areaId: 'tax' } })).status).toBe(401);
    const after = await f.db.pool.query('SELECT count(*)::int AS n FROM tickets');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a revoked kiosk', async () => {
    const token = await f.enrol({ id: 'kiosk-gone', kind: 'kiosk' });
    await f.hall.services.devices.revoke('kiosk-gone', { actor: 'staff#9001', source: 'test' });
    expect((await issue(token, { areaId: 'tax', idempotencyKey: 'revoked-01' })).status).toBe(401);
  });
});

describe('GET /api/kiosk/areas', () => {
  it('gives every area hall-wide: waiting, tickets today, cap reached', async () => {
    const r = await f.call('GET', '/api/kiosk/areas', { token: kiosk2 });
    expect(r.status).toBe(200);
    const { areas } = KioskAreasResponse.parse(r.body);
    expect(areas.map((a) => a.areaId)).toEqual(AREAS.map((a) => a.id));
    expect(areas.find((a) => a.areaId === 'tax')).toMatchObject({ waiting: 2, ticketsToday: 2 });
    expect(areas.find((a) => a.areaId === 'legal')).toMatchObject({ ticketsToday: 2, capReached: true });
    expect(areas.find((a) => a.areaId === 'tax')!.capReached).toBe(false);
    expect((await f.call('GET', '/api/kiosk/areas', { token: display })).status).toBe(403);
  });
});

describe('GET /api/kiosk/tickets/:id/origin', () => {
  it('says where a ticket came from, 404 for none, 400 for a bad id', async () => {
    const t = await issue(kiosk1, { areaId: 'approval', idempotencyKey: 'origin-001' });
    const r = await f.call('GET', `/api/kiosk/tickets/${t.body.ticket.id}/origin`, { token: kiosk2 });
    expect(r.body).toEqual({ areaId: 'approval', appointment: false });
    expect((await f.call('GET', '/api/kiosk/tickets/99999/origin', { token: kiosk2 })).status).toBe(404);
    expect((await f.call('GET', '/api/kiosk/tickets/1e3/origin', { token: kiosk2 })).status).toBe(400);
    expect((await f.call('GET', '/api/kiosk/tickets/99999999999/origin', { token: kiosk2 })).status).toBe(
      400,
    );
  });
});

describe('GET /api/kiosk/identity-salt', () => {
  it('gives every kiosk the same 32-byte salt, made once', async () => {
    const a = await f.call('GET', '/api/kiosk/identity-salt', { token: kiosk1 });
    const b = await f.call('GET', '/api/kiosk/identity-salt', { token: kiosk2 });
    expect(a.status).toBe(200);
    expect(Buffer.from(a.body.salt, 'base64')).toHaveLength(32);
    expect(b.body.salt).toBe(a.body.salt);
    const { rows } = await f.db.pool.query('SELECT count(*)::int AS n FROM hall_secrets');
    expect(rows[0].n).toBe(1);
    expect((await f.call('GET', '/api/kiosk/identity-salt', { token: display })).status).toBe(403);
  });
});
