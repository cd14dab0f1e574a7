// The hall admin's routes (staff accounts, devices and their enrolment codes, the audit log) and the
// hall server's midnight chores, on a real hall server and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { fingerprint } from '../src/tls.ts';

let cluster: PgCluster;
let f: HallFixture;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster);
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

describe('the admin routes', () => {
  it('creates a staff account that can sign in, lists it, deactivates it (its sessions end)', async () => {
    const admin = await f.login('9001');
    const created = await f.call('POST', '/api/admin/staff', {
      token: admin,
      body: { number: '1050', name: '赵强', role: 'counter', pin: '105010' },
    });
    expect(created.status).toBe(201);
    const dup = await f.call('POST', '/api/admin/staff', {
      token: admin,
      body: { number: '1050', name: '又一个', role: 'counter', pin: '105010' },
    });
    expect(dup.status).toBe(409);
    const shortPin = await f.call('POST', '/api/admin/staff', {
      token: admin,
      body: { number: '1051', name: 'x', role: 'counter', pin: '12' },
    });
    expect(shortPin.status).toBe(400);
    const badRole = await f.call('POST', '/api/admin/staff', {
      token: admin,
      body: { number: '1052', name: 'x', role: 'root', pin: '123456' },
    });
    expect(badRole.status).toBe(400);

    const login = await f.call('POST', '/api/staff/login', { body: { number: '1050', pin: '105010' } });
    expect(login.status).toBe(200);
    const list = await f.call('GET', '/api/admin/staff', { token: admin });
    expect(list.body.staff).toContainEqual({
      id: created.body.id,
      number: '1050',
      name: '赵强',
      role: 'counter',
      active: true,
    });
    expect(JSON.stringify(list.body)).not.toMatch(/pin|scrypt/i);

    const off = await f.call('POST', `/api/admin/staff/${created.body.id}/deactivate`, {
      token: admin,
      body: {},
    });
    expect(off.status).toBe(200);
    expect((await f.call('GET', '/api/staff/me', { token: login.body.token })).status).toBe(401);
    const again = await f.call('POST', '/api/staff/login', { body: { number: '1050', pin: '105010' } });
    expect(again.status).toBe(401);
    expect(
      (await f.call('GET', '/api/admin/staff', { token: admin })).body.staff.find(
        (s: { number: string }) => s.number === '1050',
      ).active,
    ).toBe(false);
    expect(
      (await f.call('POST', '/api/admin/staff/424242/deactivate', { token: admin, body: {} })).status,
    ).toBe(404);
    const me = (await f.call('GET', '/api/staff/me', { token: admin })).body.id;
    const self = await f.call('POST', `/api/admin/staff/${me}/deactivate`, { token: admin, body: {} });
    expect(self.status).toBe(400);
    expect(self.body.code).toBe('ownAccount');
  });

  it('registers a display: a one-time code, its expiry and the CA fingerprint; the code enrols once; revoke', async () => {
    const admin = await f.login('9001');
    const r = await f.call('POST', '/api/admin/devices', {
      token: admin,
      body: { id: 'display-z1', kind: 'display', location: '一楼大厅', zoneId: 'z1' },
    });
    expect(r.status).toBe(201);
    expect(r.body.deviceId).toBe('display-z1');
    expect(r.body.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(Date.parse(r.body.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(r.body.caFingerprint).toBe(fingerprint(f.ca));
    expect(r.body.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    let list = (await f.call('GET', '/api/admin/devices', { token: admin })).body.devices;
    expect(list).toContainEqual(
      expect.objectContaining({
        id: 'display-z1',
        kind: 'display',
        zoneId: 'z1',
        codePending: true,
        enrolledAt: null,
      }),
    );
    const enrolled = await f.call('POST', '/api/enrol', { body: { code: r.body.code } });
    expect(enrolled.status).toBe(200);
    const token = enrolled.body.token as string;
    expect((await f.call('GET', '/api/device/me', { token })).status).toBe(200);
    list = (await f.call('GET', '/api/admin/devices', { token: admin })).body.devices;
    const row = list.find((d: { id: string }) => d.id === 'display-z1');
    expect(row.codePending).toBe(false);
    expect(row.lastSeenAt).not.toBeNull();

    expect(
      (await f.call('POST', '/api/admin/devices/display-z1/revoke', { token: admin, body: {} })).status,
    ).toBe(200);
    expect((await f.call('GET', '/api/device/me', { token })).status).toBe(401);
    expect((await f.call('POST', '/api/admin/devices/nope/revoke', { token: admin, body: {} })).status).toBe(
      404,
    );
  });

  it('refuses devices that do not fit the hall', async () => {
    const admin = await f.login('9001');
    const post = (body: unknown) => f.call('POST', '/api/admin/devices', { token: admin, body });
    expect((await post({ id: 'pad-1', kind: 'pad' })).status).toBe(400);
    expect((await post({ id: 'pad-1', kind: 'pad', counterId: 'w999' })).status).toBe(400);
    expect((await post({ id: 'display-9', kind: 'display', zoneId: 'z9' })).status).toBe(400);
    expect((await post({ id: 'kiosk-1', kind: 'kiosk', counterId: 'w001' })).status).toBe(400);
    expect((await post({ id: 'bad id!', kind: 'kiosk' })).status).toBe(400);
    expect((await post({ id: 'x', kind: 'printer' })).status).toBe(400);
    const pad = await post({ id: 'pad-37', kind: 'pad', counterId: 'w037' });
    expect(pad.status).toBe(201);
  });

  it('every admin change is in the audit log, which the admin reads (latest first)', async () => {
    const admin = await f.login('9001');
    const r = await f.call('GET', '/api/admin/audit', { token: admin });
    expect(r.status).toBe(200);
    const actions = r.body.audit.map((a: { action: string }) => a.action);
    for (const a of ['staffCreated', 'staffDeactivated', 'deviceRegistered', 'deviceRevoked', 'enrolled'])
      expect(actions).toContain(a);
    const ids = r.body.audit.map((a: { id: number }) => a.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(r.body.audit.find((a: { action: string }) => a.action === 'staffCreated')).toMatchObject({
      actor: 'staff#9001',
      detail: '1050 (counter)',
    });
    // No PIN anywhere in the log.
    expect(JSON.stringify(r.body)).not.toContain('105010');
  });

  it('a supervisor and a counter get 403 on every admin route', async () => {
    for (const who of ['8001', '1037']) {
      const token = await f.login(who);
      for (const path of ['/api/admin/staff', '/api/admin/devices', '/api/admin/audit'])
        expect((await f.call('GET', path, { token })).status).toBe(403);
      expect(
        (
          await f.call('POST', '/api/admin/staff', {
            token,
            body: { number: '7777', name: 'x', role: 'admin', pin: '123456' },
          })
        ).status,
      ).toBe(403);
      expect(
        (await f.call('POST', '/api/admin/devices', { token, body: { id: 'k', kind: 'kiosk' } })).status,
      ).toBe(403);
      expect((await f.call('POST', '/api/admin/devices/pad-37/revoke', { token, body: {} })).status).toBe(
        403,
      );
    }
    const { rowCount } = await f.db.pool.query(`SELECT 1 FROM staff WHERE number = '7777'`);
    expect(rowCount).toBe(0);
  });
});

describe('midnight chores', () => {
  it('at the hall’s local midnight, forget earlier days’ identity digests and delete expired codes', async () => {
    // 23:58 in Shanghai on 2026-11-30.
    const clock = new ManualClock(Date.parse('2026-11-30T23:58:00+08:00'));
    const h = await startHallFixture(cluster, { clock });
    try {
      const pool = h.db.pool;
      const issue = (key: string, digest: string, now: number) =>
        h.hall.services.store.issue({
          areaId: 'tax',
          kioskId: 'kiosk-1',
          idempotencyKey: key,
          now,
          identity: { digest, maxPerArea: 2 },
        });
      const digests = async () =>
        (
          await pool.query<{ business_date: string }>(
            'SELECT business_date FROM tickets WHERE identity_digest IS NOT NULL ORDER BY business_date',
          )
        ).rows.map((r) => r.business_date);
      const codes = async () => (await pool.query('SELECT 1 FROM enrolment_codes')).rowCount;
      // The chores run once at start (nothing to do yet); then a ticket of the 30th, one of the 1st
      // (issued for that morning), and an enrolment code made at 23:58, valid until 00:58.
      await clock.advance(0);
      await issue('key-of-the-30th', 'digest-a', clock.now());
      await issue('key-of-the-1st', 'digest-b', Date.parse('2026-12-01T08:00:00+08:00'));
      await h.hall.services.devices.register(
        { id: 'kiosk-new', kind: 'kiosk' },
        { staffId: 1, actor: 'staff#9001', source: 'test' },
      );
      expect(await digests()).toEqual(['2026-11-30', '2026-12-01']);
      expect(await codes()).toBe(1);

      // Just past midnight: the 30th's digest goes, the 1st's stays; the code has not expired yet.
      await clock.advance(2 * 60_000 + 1000);
      await vi.waitFor(async () => expect(await digests()).toEqual(['2026-12-01']), { timeout: 5000 });
      expect(await codes()).toBe(1);

      // The next midnight: the 1st's digest goes, and the code (expired at 00:58) is deleted.
      await clock.advance(24 * 60 * 60_000);
      await vi.waitFor(async () => expect(await digests()).toEqual([]), { timeout: 5000 });
      await vi.waitFor(async () => expect(await codes()).toBe(0), { timeout: 5000 });
    } finally {
      await h.close();
    }
  });
});
