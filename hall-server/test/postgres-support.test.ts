// The project's own throw-away PostgreSQL (tests/support/postgres.ts): a private cluster on loopback,
// and a streaming replica that can be promoted (for the failover tests of issue 16).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startReplica, type PgCluster, type PgReplica } from '../../tests/support/postgres.ts';

let primary: PgCluster;
let replica: PgReplica;

beforeAll(async () => {
  primary = await startPostgres();
  replica = await startReplica(primary);
}, 120_000);
afterAll(async () => {
  await replica?.stop();
  await primary?.stop();
});

async function query<T extends pg.QueryResultRow>(c: PgCluster, sql: string): Promise<T[]> {
  const client = new pg.Client(c.connection);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('throw-away PostgreSQL', () => {
  it('listens on loopback only, with its socket in a private directory', async () => {
    const [row] = await query<{ listen_addresses: string }>(primary, 'SHOW listen_addresses');
    expect(row!.listen_addresses).toBe('127.0.0.1');
    const [dir] = await query<{ unix_socket_directories: string }>(primary, 'SHOW unix_socket_directories');
    expect(dir!.unix_socket_directories).toBe(primary.socketDir);
    // Reachable over TCP on loopback as well.
    const tcp = new pg.Client({ ...primary.connection, host: '127.0.0.1' });
    await tcp.connect();
    expect((await tcp.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await tcp.end();
  });

  it('a row written on the primary is read on the streaming replica, which refuses writes until promoted', async () => {
    await query(primary, 'CREATE TABLE probe (v text)');
    await query(primary, `INSERT INTO probe VALUES ('written on the primary')`);
    await expect
      .poll(
        async () =>
          (await query<{ v: string }>(replica, 'SELECT v FROM probe').catch(() => [])).map((r) => r.v),
        {
          timeout: 15_000,
        },
      )
      .toEqual(['written on the primary']);
    await expect(query(replica, `INSERT INTO probe VALUES ('x')`)).rejects.toThrow(/read-only/);
    await replica.promote();
    await query(replica, `INSERT INTO probe VALUES ('written after promotion')`);
    const rows = await query<{ v: string }>(replica, 'SELECT v FROM probe ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['written after promotion', 'written on the primary']);
  });

  it('stop() removes the cluster’s directories', async () => {
    const c = await startPostgres();
    expect(existsSync(c.dataDir)).toBe(true);
    await c.stop();
    expect(existsSync(c.dataDir)).toBe(false);
    await c.stop();
  }, 60_000);
});

describe('a test process that dies', () => {
  it('leaves no cluster behind: the watchdog stops and removes it after a kill -9', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { startPostgres } from './tests/support/postgres.ts';
         const c = await startPostgres();
         process.stdout.write(c.dataDir + '\\n');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const dataDir = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    const serverPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Running: a process that exists and is not a zombie waiting to be reaped.
    const alive = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive(serverPid)).toBe(true);
    child.kill('SIGKILL');
    await expect.poll(() => existsSync(dataDir), { timeout: 20_000, interval: 250 }).toBe(false);
    await expect.poll(() => alive(serverPid), { timeout: 10_000, interval: 100 }).toBe(false);
  }, 60_000);
});
