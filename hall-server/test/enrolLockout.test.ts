// Enrolment codes are guessed at the hall's one public POST: after ten wrong codes from one address,
// that address is refused unchecked for ten minutes, however many guesses arrive at once, and the
// audit log gets one row per counted refusal and one for the lock, not one per guess. Good codes
// presented at once from one address (a script enrolling a hall's pads) are not held back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { ENROL_LOCKOUT } from '../src/auth/devices.ts';
import { startTestCluster } from './support.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';

let cluster: PgCluster;
let f: HallFixture;
const clock = new ManualClock(Date.parse('2026-11-30T10:00:00+08:00'));

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, { clock });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

const register = async (id: string) =>
  (
    await f.hall.services.devices.register(
      { id, kind: 'kiosk', location: '1F' },
      { staffId: 1, actor: 'staff#9001', source: 'test' },
    )
  ).code;

const auditRows = async (actions: string[]) =>
  (
    await f.db.pool.query<{ action: string; source: string; detail: string }>(
      'SELECT action, source, detail FROM audit WHERE action = ANY($1) ORDER BY id',
      [actions],
    )
  ).rows;

describe('enrolment lock-out', () => {
  it('locks an address after ten wrong codes even when forty arrive at once; a right code waits too', async () => {
    const code = await register('kiosk-lock');
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        f.call('POST', '/api/enrol', { body: { code: `ZZZZ-ZZZZ-${String(i).padStart(4, '2')}` } }),
      ),
    );
    const max = ENROL_LOCKOUT.maxRefusals;
    expect(guesses.filter((a) => a.status === 403)).toHaveLength(max - 1);
    const locked = guesses.filter((a) => a.status === 429);
    expect(locked).toHaveLength(40 - (max - 1));
    expect(locked[0]!.body).toMatchObject({ code: 'locked' });
    expect(locked[0]!.body.retryAfterSeconds).toBeGreaterThan(0);

    // The right code from the same address is refused unchecked, and stays good.
    const early = await f.call('POST', '/api/enrol', { body: { code } });
    expect(early.status).toBe(429);
    expect(early.body.retryAfterSeconds).toBeLessThanOrEqual(ENROL_LOCKOUT.lockMs / 1000);
    // Another address is not locked out: its wrong code is only wrong.
    await expect(f.hall.services.devices.enrol('YYYY-YYYY-YYYY', '192.0.2.7')).rejects.toMatchObject({
      code: 'badCode',
    });

    // The guard's rows are written as they happen: wait for them.
    await expect.poll(async () => (await auditRows(['enrolRefused', 'enrolLocked'])).length).toBe(max + 1);
    const rows = await auditRows(['enrolRefused', 'enrolLocked']);
    const fromHere = rows.filter((r) => r.source !== '192.0.2.7');
    expect(fromHere.filter((r) => r.action === 'enrolRefused')).toHaveLength(max - 1);
    expect(fromHere.filter((r) => r.action === 'enrolLocked')).toHaveLength(1);

    // Ten minutes on, the code is checked again, traded once, and the lock's end says how many it refused.
    await clock.advance(ENROL_LOCKOUT.lockMs);
    const later = await f.call('POST', '/api/enrol', { body: { code } });
    expect(later.status).toBe(200);
    expect(later.body.device).toMatchObject({ id: 'kiosk-lock' });
    await expect.poll(async () => (await auditRows(['enrolLockEnded'])).length).toBe(1);
    // Turned away unchecked: the thirty beyond the ten checked, and the right code while locked.
    expect((await auditRows(['enrolLockEnded']))[0]!.detail).toBe(
      `${40 - max + 1} attempts refused while locked`,
    );
  });

  it('twenty good codes presented at once from one address are all traded (a setup script)', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `pad-batch-${i}`);
    const codes = [];
    for (const id of ids) codes.push(await register(id));
    const answers = await Promise.all(codes.map((code) => f.call('POST', '/api/enrol', { body: { code } })));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    expect(answers.map((a) => a.body.device.id).sort()).toEqual([...ids].sort());
  });

  it('one code presented twice at once is traded once: one device token, one refusal', async () => {
    const code = await register('kiosk-twice');
    const [a, b] = await Promise.allSettled([
      f.hall.services.devices.enrol(code, '192.0.2.20'),
      f.hall.services.devices.enrol(code, '192.0.2.21'),
    ]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    const lost = [a, b].filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'badCode' });
    const { token, device } = (won[0] as PromiseFulfilledResult<{ token: string; device: { id: string } }>)
      .value;
    expect(device.id).toBe('kiosk-twice');
    expect((await f.call('GET', '/api/device/me', { token })).body.id).toBe('kiosk-twice');
  });
});
