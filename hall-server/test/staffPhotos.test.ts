// The rating pad shows the photo of the person at its window: an admin sets it (PNG or JPEG, checked by
// its bytes, at most 256 KiB), the pad of that window gets it while that person works there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

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

// The 8-byte PNG signature and a little more: what the server checks is the content, not the header.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 9)]);

/** A raw request (an image body, or reading one). */
function raw(
  method: string,
  path: string,
  o: { token: string; type?: string; body?: Buffer },
): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${f.url}${path}`,
      {
        method,
        ca: f.ca,
        headers: {
          authorization: `Bearer ${o.token}`,
          ...(o.type ? { 'content-type': o.type } : {}),
          ...(o.body ? { 'content-length': o.body.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'],
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const staffId = async (number: string) =>
  (await f.db.pool.query<{ id: number }>('SELECT id FROM staff WHERE number = $1', [number])).rows[0]!.id;

describe('staff photos on the rating pad', () => {
  it('an admin sets a photo; the pad of the window shows it while that person works there', async () => {
    const admin = await f.login('9001');
    const li = await staffId('1037');
    const put = await raw('PUT', `/api/admin/staff/${li}/photo`, {
      token: admin,
      type: 'image/png',
      body: PNG,
    });
    expect(put.status).toBe(200);
    const pad = await f.enrol({ id: 'pad-w020', kind: 'pad', counterId: 'w020' });

    // Nobody at the window: no photo, and the pad's state says so.
    expect((await raw('GET', '/api/pad/staff-photo', { token: pad })).status).toBe(404);
    const counter = await f.login('1037');
    expect((await f.call('POST', '/api/counter/w020/open', { token: counter })).status).toBe(200);
    const state = await f.call('GET', '/api/pad/state', { token: pad });
    expect(state.body.staff).toMatchObject({ number: '1037', photo: true });
    const got = await raw('GET', '/api/pad/staff-photo', { token: pad });
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/png');
    expect(got.body.equals(PNG)).toBe(true);

    // Replaced with a JPEG; the person without a photo shows initials (photo: false).
    expect(
      (await raw('PUT', `/api/admin/staff/${li}/photo`, { token: admin, type: 'image/jpeg', body: JPEG }))
        .status,
    ).toBe(200);
    expect((await raw('GET', '/api/pad/staff-photo', { token: pad })).body.equals(JPEG)).toBe(true);
    const wang = await f.login('1038');
    await f.call('POST', '/api/counter/w020/open', { token: wang });
    expect((await f.call('GET', '/api/pad/state', { token: pad })).body.staff).toMatchObject({
      number: '1038',
      photo: false,
    });
    expect((await raw('GET', '/api/pad/staff-photo', { token: pad })).status).toBe(404);
    const { rows } = await f.db.pool.query<{ action: string }>(
      "SELECT action FROM audit WHERE action = 'staffPhotoSet'",
    );
    expect(rows).toHaveLength(2);
  });

  it('refuses what is not a PNG or JPEG by its bytes, too large, or not from an admin', async () => {
    const admin = await f.login('9001');
    const li = await staffId('1037');
    const lie = await raw('PUT', `/api/admin/staff/${li}/photo`, {
      token: admin,
      type: 'image/png',
      body: JPEG,
    });
    expect(lie.status).toBe(415);
    const text = await raw('PUT', `/api/admin/staff/${li}/photo`, {
      token: admin,
      type: 'text/html',
      body: Buffer.from('<script>x</script>'),
    });
    expect(text.status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(256 * 1024)]);
    expect(
      (await raw('PUT', `/api/admin/staff/${li}/photo`, { token: admin, type: 'image/png', body: big }))
        .status,
    ).toBe(413);
    expect(
      (await raw('PUT', '/api/admin/staff/99999/photo', { token: admin, type: 'image/png', body: PNG }))
        .status,
    ).toBe(404);
    const counter = await f.login('1038');
    expect(
      (await raw('PUT', `/api/admin/staff/${li}/photo`, { token: counter, type: 'image/png', body: PNG }))
        .status,
    ).toBe(403);
  });
});
