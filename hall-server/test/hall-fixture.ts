// A running hall server for tests: a real PostgreSQL (one throw-away cluster per test file), the
// hall's own certificates, the seed hall's 9 areas and 190 windows, and staff accounts of each role.
// Requests go over real HTTPS, trusting only the hall's CA.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '@hall-kiosk/device-daemon';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { parseHallConfig, type HallConfigInput } from '../src/config.ts';
import { openHall, type RunningHall } from '../src/hall.ts';
import type { DeviceKind } from '../src/auth/devices.ts';
import type { StaffRole } from '../src/auth/staff-accounts.ts';
import { makeHallCertificates, type HallCertificates } from '../src/tls.ts';
import { AREAS, freshDatabase, hallCounters, SHANGHAI, type TestDb } from './support.ts';

let certs: HallCertificates | null = null;
/** The hall's certificates for 127.0.0.1 and localhost, made once per test process. */
export function testCertificates(): HallCertificates {
  certs ??= makeHallCertificates(['127.0.0.1', 'localhost'], 'Test hall');
  return certs;
}

/** Staff accounts every fixture has: number → PIN and role. */
export const STAFF: Record<string, { pin: string; role: StaffRole; name: string }> = {
  '9001': { pin: '900190', role: 'admin', name: '管理员' },
  '8001': { pin: '800180', role: 'supervisor', name: '值班主任' },
  '1037': { pin: '103710', role: 'counter', name: '李敏' },
  '1038': { pin: '103810', role: 'counter', name: '王芳' },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
type Json = any;
export type HttpAnswer = {
  status: number;
  body: Json;
  headers: Record<string, string | string[] | undefined>;
};

export type HallFixture = {
  hall: RunningHall;
  url: string;
  db: TestDb;
  ca: string;
  /** An HTTPS request to the hall (JSON in and out); Host and Origin are the hall's unless given. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<HttpAnswer>;
  /** Signs a staff member in; returns the session token. */
  login(number: keyof typeof STAFF | string): Promise<string>;
  /** Registers a device (as the admin) and enrols it with the code over HTTPS; returns its token. */
  enrol(device: {
    id: string;
    kind: DeviceKind;
    counterId?: string;
    zoneId?: string;
    location?: string;
  }): Promise<string>;
  close(): Promise<void>;
};

export type FixtureOptions = {
  clock?: Clock;
  log?: Logger;
  /** Changes to the seed hall's configuration. */
  config?: Partial<HallConfigInput>;
  pagesRoot?: string | null;
  /** Streaming replicas of the cluster, as the hall's standbys (failover tests). */
  standbys?: PgCluster[];
  /** Host headers the hall accepts besides its own address (a proxy in front of it: `127.0.0.1:port`). */
  allowedHosts?: string[];
  /** How long a request waits for a free database connection (default 8 s). */
  acquireTimeoutMs?: number;
};

/** The seed hall's configuration (9 areas, 190 windows, two zones) for a database. */
export function seedHallConfig(
  db: TestDb,
  dir: string,
  over: Partial<HallConfigInput> = {},
): HallConfigInput {
  const c = db.connection;
  return {
    hall: { name: { zh: '区政务服务中心', en: 'District Government Service Centre' }, timeZone: SHANGHAI },
    server: {
      host: '127.0.0.1',
      port: 0,
      tls: {
        certFile: join(dir, 'server.pem'),
        keyFile: join(dir, 'server.key'),
        caFile: join(dir, 'ca.pem'),
      },
    },
    // TCP on loopback (the cluster listens on 127.0.0.1 as well as its private socket).
    database: { url: `postgres://${c.user}@127.0.0.1:${c.port}/${c.database}`, poolSize: 20 },
    areas: AREAS,
    counters: hallCounters().map((w) => ({ id: w.id, name: w.name, areaIds: w.areaIds })),
    zones: [
      {
        id: 'z1',
        name: { zh: '一楼', en: 'Floor 1' },
        areaIds: ['tax', 'estate', 'social', 'medical', 'hr'],
      },
      { id: 'z2', name: { zh: '二楼', en: 'Floor 2' }, areaIds: ['legal', 'police', 'traffic', 'approval'] },
    ],
    ...over,
  };
}

export async function startHallFixture(
  cluster: PgCluster,
  options: FixtureOptions = {},
): Promise<HallFixture> {
  const db = await freshDatabase(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'hall-fixture-'));
  const tls = testCertificates();
  writeFileSync(join(dir, 'server.pem'), tls.cert);
  writeFileSync(join(dir, 'server.key'), tls.key);
  writeFileSync(join(dir, 'ca.pem'), tls.caCert);
  const input = seedHallConfig(db, dir, options.config);
  if (options.allowedHosts && input.server) input.server.allowedHosts = options.allowedHosts;
  if (options.standbys && input.database)
    input.database.standbyUrls = options.standbys.map(
      (c) => `postgres://${db.connection.user}@127.0.0.1:${c.port}/${db.connection.database}`,
    );
  const config = parseHallConfig(input, 'test hall', dir);
  const hall = await openHall(config, {
    clock: options.clock ?? systemClock,
    log: options.log ?? silentLogger,
    pagesRoot: options.pagesRoot === undefined ? null : options.pagesRoot,
    pinHashCost: { N: 1024 },
    ...(options.acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs: options.acquireTimeoutMs }),
  });
  for (const [number, s] of Object.entries(STAFF))
    await hall.services.staff.create({ number, name: s.name, role: s.role, pin: s.pin }, 'test', 'test');
  const host = new URL(hall.url).host;

  const call: HallFixture['call'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      const req = request(
        `${hall.url}${path}`,
        {
          method,
          ca: tls.caCert,
          // The certificate is checked against the address connected to, whatever Host a test sends.
          checkServerIdentity: (_host, cert) => checkServerIdentity(new URL(hall.url).hostname, cert),
          headers: {
            host,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
            ...o.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: the text itself
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const login = async (number: string) => {
    const r = await call('POST', '/api/staff/login', {
      body: { number, pin: STAFF[number]?.pin ?? '000000' },
    });
    if (r.status !== 200) throw new Error(`login ${number}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  };

  const enrol: HallFixture['enrol'] = async (device) => {
    const { code } = await hall.services.devices.register(device, {
      staffId: 1,
      actor: 'staff#9001',
      source: 'test',
    });
    const r = await call('POST', '/api/enrol', { body: { code } });
    if (r.status !== 200) throw new Error(`enrol ${device.id}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  };

  return {
    hall,
    url: hall.url,
    db,
    ca: tls.caCert,
    call,
    login,
    enrol,
    async close() {
      await hall.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
