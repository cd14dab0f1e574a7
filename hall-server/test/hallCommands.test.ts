// `kiosk hall init` and `kiosk hall start` as a technician runs them: real processes, a real
// PostgreSQL, the hall's certificates made by init, the server answering over HTTPS signed by them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_BIN } from '../../tests/support/harness.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { freshDatabase, startTestCluster, type TestDb } from './support.ts';
import { seedHallConfig } from './hall-fixture.ts';

let cluster: PgCluster;
let db: TestDb;
let dir: string;
let configFile: string;

beforeAll(async () => {
  cluster = await startTestCluster();
  db = await freshDatabase(cluster);
  dir = mkdtempSync(join(tmpdir(), 'hall-cli-'));
  const config = seedHallConfig(db, dir);
  config.server!.tls = { certFile: 'tls/server.pem', keyFile: 'tls/server.key', caFile: 'tls/ca.pem' };
  configFile = join(dir, 'hall.json');
  writeFileSync(configFile, JSON.stringify(config));
}, 60_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const kiosk = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [KIOSK_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

describe('kiosk hall init', () => {
  it('makes the CA and server certificate (keys 0600), the schema and the first admin; a second run changes nothing', async () => {
    const first = kiosk(['hall', 'init', '--config', configFile, '--admin', '9001', '--name', '管理员'], {
      HALL_ADMIN_PIN: '900190',
    });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/hall CA fingerprint .*: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(first.stdout).toMatch(/admin 9001 created/);
    for (const key of ['tls/server.key', 'tls/ca.key'])
      expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
    const { rows } = await db.pool.query('SELECT number, role, pin_hash FROM staff');
    expect(rows).toEqual([{ number: '9001', role: 'admin', pin_hash: expect.stringMatching(/^scrypt\$/) }]);
    const cert = readFileSync(join(dir, 'tls/server.pem'), 'utf8');

    const second = kiosk(['hall', 'init', '--config', configFile, '--admin', '9002', '--name', 'x'], {
      HALL_ADMIN_PIN: '123456',
    });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/an admin account exists already/);
    expect(readFileSync(join(dir, 'tls/server.pem'), 'utf8')).toBe(cert);
    expect((await db.pool.query('SELECT 1 FROM staff')).rowCount).toBe(1);
  });

  it('says what is wrong with a bad configuration, without a stack', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hall: { name: { zh: 'x', en: 'x' } } }));
    const r = kiosk(['hall', 'init', '--config', bad, '--admin', '1', '--name', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a valid hall configuration/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(kiosk(['hall', 'nonsense']).status).toBe(2);
  });
});

describe('kiosk hall start', () => {
  it('serves HTTPS with the certificate init made, and stops cleanly on SIGTERM', async () => {
    if (!existsSync(join(dir, 'tls/server.pem'))) throw new Error('init test must run first');
    const child = spawn(process.execPath, [KIOSK_BIN, 'hall', 'start', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no URL printed')), 30_000);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const m = /hall server: (https:\/\/\S+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const health = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${url}/api/health`, { ca: readFileSync(join(dir, 'tls/ca.pem')) }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
