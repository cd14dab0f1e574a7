import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';

/** The staff and technician lock-out (services.ts PIN_LOCKOUT): five wrong PINs per address. */
const MAX_FAILURES = 5;

type Answer = { status: number; body: Record<string, unknown> };

/** POSTs JSON from a chosen local address (every 127.x.y.z is this machine), each on its own connection. */
function post(url: string, body: unknown, localAddress = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Many requests with at most `width` open at once. */
async function inWaves<T>(n: number, width: number, one: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width)
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => one(i + j)))));
  return out;
}

// docs/security.md, items 5, 6 and 9: the PIN lock-out against a burst on a running daemon.
describe('credentials hold under a burst of logins', () => {
  const dir = tempDir('burst');
  let daemon: DaemonProcess;
  const auditRows = (actor: string) => {
    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    try {
      return db.prepare('SELECT action, detail FROM audit_log WHERE actor = ? ORDER BY id').all(actor) as {
        action: string;
        detail: string | null;
      }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    daemon = await startDaemon({
      dir,
      config: {
        devices: {},
        staff: { pinHash: await hashPin('246810', { N: 1 << 12 }) },
        maintenance: { pinHash: await hashPin('135790', { N: 1 << 12 }) },
      },
    });
  });
  afterAll(() => daemon?.stop());

  it('refuses a PIN shorter than six digits with a typed 400, without counting it', async () => {
    const r = await post(`${daemon.url}api/staff/login`, { pin: '2468' }, '127.0.0.9');
    expect(r.status).toBe(400);
    expect(String(r.body.error)).toContain('at least 6 digits');
    expect((await post(`${daemon.url}api/staff/login`, { pin: '246810' }, '127.0.0.9')).status).toBe(200);
  });

  it('evaluates at most five of 1,000 simultaneous staff logins, and the right PIN among them does not get in', async () => {
    const url = `${daemon.url}api/staff/login`;
    const burst = [
      ...Array.from({ length: 1000 }, () => post(url, { pin: '000000' })),
      post(url, { pin: '246810' }),
    ];
    const answers = await Promise.all(burst);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    // Every answer is a wrong PIN (evaluated) or a lock-out; only the evaluated ones reached scrypt.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX_FAILURES - 1);
    // The audit log counts the evaluations: the wrong PINs before the lock, then the one that locked.
    const rows = auditRows('staff').filter((r) => r.detail?.includes('from 127.0.0.1'));
    const evaluated = rows.filter((r) => r.action === 'wrongPin' || r.action === 'locked');
    expect(evaluated.length).toBeLessThanOrEqual(MAX_FAILURES);
    expect(rows.map((r) => r.action)).toEqual([
      ...Array<string>(MAX_FAILURES - 1).fill('wrongPin'),
      'locked',
    ]);
    expect(answers.find((a) => a.status === 429)!.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(
      daemon.logs().filter((l) => l.msg === 'staff login locked after repeated wrong PINs'),
    ).toHaveLength(1);
  });

  it('locks only the guessing address: staff at another address still sign in', async () => {
    expect((await post(`${daemon.url}api/staff/login`, { pin: '246810' })).status).toBe(429);
    const other = await post(`${daemon.url}api/staff/login`, { pin: '246810' }, '127.0.0.2');
    expect(other.status).toBe(200);
    expect(other.body.token).toEqual(expect.any(String));
    expect(auditRows('staff').at(-1)).toEqual({ action: 'enter', detail: 'PIN, from 127.0.0.2' });
  });

  it('technician logins are audited per address too (a wrong PIN names where it came from)', async () => {
    const url = `${daemon.url}api/tech/login`;
    const answers = await Promise.all(
      Array.from({ length: 1000 }, () => post(url, { pin: '000000' }, '127.0.0.3')),
    );
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(MAX_FAILURES - 1);
    const rows = auditRows('technician');
    expect(rows.map((r) => r.action)).toEqual([
      ...Array<string>(MAX_FAILURES - 1).fill('wrongPin'),
      'locked',
    ]);
    expect(rows.every((r) => r.detail?.includes('127.0.0.3'))).toBe(true);
    expect((await post(url, { pin: '135790' })).status).toBe(200);
  });

  it('writes no audit row for 10,000 requests refused during a lock (technician) nor for 1,000 (staff)', async () => {
    const before = { technician: auditRows('technician').length, staff: auditRows('staff').length };
    const tech = await inWaves(10_000, 250, () =>
      post(`${daemon.url}api/tech/login`, { pin: '000000' }, '127.0.0.3'),
    );
    const staff = await inWaves(1000, 250, () => post(`${daemon.url}api/staff/login`, { pin: '000000' }));
    expect([...tech, ...staff].every((a) => a.status === 429)).toBe(true);
    // At most one row per lock period (the lock's end, written when it has run out): none while it lasts.
    expect(auditRows('technician').length - before.technician).toBeLessThanOrEqual(2);
    expect(auditRows('technician').length - before.technician).toBe(0);
    expect(auditRows('staff').length - before.staff).toBe(0);
  }, 90_000);
});
