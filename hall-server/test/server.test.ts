// The hall server's HTTPS front door against a real PostgreSQL: Host and Origin checks, staff sign-in
// with per-account lock-out, roles, device enrolment with one-time codes, revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, STAFF, type HallFixture } from './hall-fixture.ts';

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

describe('the front door', () => {
  it('answers health over HTTPS signed by the hall CA, with the database writable', async () => {
    const r = await f.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true });
    expect(r.headers['strict-transport-security']).toContain('max-age=');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await f.call('GET', '/api/health', { headers: { host: 'evil.example:443' } })).status).toBe(421);
    expect((await f.call('GET', '/api/hall', { headers: { origin: 'https://evil.example' } })).status).toBe(
      403,
    );
    const own = new URL(f.url).host;
    expect((await f.call('GET', '/api/hall', { headers: { origin: `https://${own}` } })).status).toBe(200);
  });

  it('says 404 for an unknown API and 405 for a wrong method', async () => {
    expect((await f.call('GET', '/api/nothing-here')).status).toBe(404);
    expect((await f.call('GET', '/api/staff/login')).status).toBe(405);
  });

  it('refuses bad bodies with a reason', async () => {
    const r = await f.call('POST', '/api/staff/login', { raw: '{"number": 1' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/JSON/);
    const wrongType = await f.call('POST', '/api/staff/login', { body: { number: 1037, pin: '103710' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/number/);
  });
});

describe('staff accounts', () => {
  it('signs in with 工号 and PIN and answers who is signed in', async () => {
    const token = await f.login('1037');
    expect(token.startsWith('s.')).toBe(true);
    const me = await f.call('GET', '/api/staff/me', { token });
    expect(me.body).toMatchObject({ number: '1037', name: STAFF['1037']!.name, role: 'counter' });
    const out = await f.call('POST', '/api/staff/logout', { token });
    expect(out.status).toBe(200);
    expect((await f.call('GET', '/api/staff/me', { token })).status).toBe(401);
  });

  it('gives the same answer for an unknown number as for a wrong PIN', async () => {
    const unknown = await f.call('POST', '/api/staff/login', { body: { number: '4242', pin: '123456' } });
    const wrong = await f.call('POST', '/api/staff/login', { body: { number: '1038', pin: '999999' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error).toBe(wrong.body.error);
  });

  it('locks one account after five wrong PINs even when twenty arrive at once; others still sign in', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        f.call('POST', '/api/staff/login', { body: { number: '8001', pin: '111111' } }),
      ),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(4);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(16);
    const right = await f.call('POST', '/api/staff/login', {
      body: { number: '8001', pin: STAFF['8001']!.pin },
    });
    expect(right.status).toBe(429);
    expect(right.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(await f.login('1037')).toMatch(/^s\./);
    // The guard's audit rows are written as they happen, not awaited by the answer: wait for them.
    const actions = async () =>
      (await f.db.pool.query<{ action: string }>("SELECT action FROM audit WHERE actor = 'staff#8001'")).rows
        .map((r) => r.action)
        .sort();
    await expect.poll(actions).toEqual(['locked', 'wrongPin', 'wrongPin', 'wrongPin', 'wrongPin']);
  });

  it('a counter role may not use a supervisor route; signed-out callers get 401', async () => {
    const counter = await f.login('1037');
    const admin = await f.login('9001');
    const me = await f.call('GET', '/api/staff/me', { token: admin });
    expect(me.body.role).toBe('admin');
    // Device routes are not for staff.
    expect((await f.call('GET', '/api/device/me', { token: counter })).status).toBe(403);
    expect((await f.call('GET', '/api/device/me')).status).toBe(401);
  });

  it('refuses a change made with a session cookie but without the page Origin (cross-site request)', async () => {
    const token = await f.login('1037');
    const r = await f.call('POST', '/api/staff/logout', { headers: { cookie: `hall_staff=${token}` } });
    expect(r.status).toBe(403);
    const own = new URL(f.url).host;
    const ok = await f.call('POST', '/api/staff/logout', {
      headers: { cookie: `hall_staff=${token}`, origin: `https://${own}` },
    });
    expect(ok.status).toBe(200);
  });
});

describe('device enrolment', () => {
  it('trades a one-time code for a token once; the token works until revoked', async () => {
    const { code } = await f.hall.services.devices.register(
      { id: 'kiosk-2', kind: 'kiosk', location: '1F entrance' },
      { staffId: 1, actor: 'staff#9001', source: 'test' },
    );
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const first = await f.call('POST', '/api/enrol', {
      body: { code: code.toLowerCase().replaceAll('-', ' ') },
    });
    expect(first.status).toBe(200);
    expect(first.body.device).toMatchObject({ id: 'kiosk-2', kind: 'kiosk', location: '1F entrance' });
    expect(first.body.caCertificate).toBe(f.ca);
    const again = await f.call('POST', '/api/enrol', { body: { code } });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('badCode');

    const token = first.body.token as string;
    expect((await f.call('GET', '/api/device/me', { token })).body.id).toBe('kiosk-2');
    await f.hall.services.devices.revoke('kiosk-2', { actor: 'staff#9001', source: 'test' });
    expect((await f.call('GET', '/api/device/me', { token })).status).toBe(401);
    const { rows } = await f.db.pool.query<{ action: string }>('SELECT action FROM audit ORDER BY id');
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['deviceRegistered', 'enrolled', 'enrolRefused', 'deviceRevoked']),
    );
    const tokens = await f.db.pool.query("SELECT 1 FROM devices WHERE token_hash LIKE 'd.%'");
    expect(tokens.rowCount).toBe(0);
  });

  it('a rating pad must belong to a window', async () => {
    await expect(
      f.hall.services.devices.register({ id: 'pad-x', kind: 'pad' }, { staffId: 1, actor: 'a', source: 't' }),
    ).rejects.toThrow(/window/);
    await expect(
      f.hall.services.devices.register(
        { id: 'pad-x', kind: 'pad', counterId: 'nope' },
        { staffId: 1, actor: 'a', source: 't' },
      ),
    ).rejects.toThrow(/no window/);
  });
});
