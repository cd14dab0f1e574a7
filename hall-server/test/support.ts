import pg from 'pg';
import type { ServiceArea } from '@hall-kiosk/shared';
import {
  startPostgres,
  type PgCluster,
  type PgConnection,
  type StartOptions,
} from '../../tests/support/postgres.ts';
import { LATEST_MIGRATION, migrate } from '../src/migrations.ts';
import { PgHallStore, type CounterConfig, type HallRules } from '../src/store.ts';

export type TestDb = { connection: PgConnection; pool: pg.Pool; close(): Promise<void> };

let serial = 0;

/** A new, empty, migrated database on `cluster` (one per test keeps tests independent). */
export async function freshDatabase(cluster: PgCluster, poolSize = 10): Promise<TestDb> {
  const name = `hall_${process.pid}_${++serial}`;
  const admin = new pg.Client(cluster.connection);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const connection = { ...cluster.connection, database: name };
  const pool = new pg.Pool({ ...connection, max: poolSize });
  pool.on('error', (err) => console.error(`test pool: idle connection lost: ${err.message}`));
  await migrate(pool);
  return { connection, pool, close: () => pool.end() };
}

/** Empties every table of the hall schema (ids restart), keeping the schema. */
export async function emptyDatabase(pool: pg.Pool): Promise<void> {
  await pool.query(
    `TRUNCATE areas, counters, counter_areas, counter_events, area_day_numbers, tickets, ticket_events,
       idempotency_keys, staff, devices, enrolment_codes, audit, counter_staff, ratings, help_requests, hall_secrets RESTART IDENTITY CASCADE`,
  );
  await pool.query('DELETE FROM schema_migrations WHERE version > $1', [LATEST_MIGRATION]);
}

export function startTestCluster(opts: StartOptions = {}): Promise<PgCluster> {
  return startPostgres(opts);
}

export const AREAS: ServiceArea[] = [
  { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } },
  { id: 'estate', prefix: 'B', name: { zh: '不动产登记服务', en: 'Real estate' } },
  { id: 'social', prefix: 'C', name: { zh: '社保服务', en: 'Social security' } },
  { id: 'medical', prefix: 'D', name: { zh: '医保服务', en: 'Medical insurance' } },
  { id: 'hr', prefix: 'E', name: { zh: '人社服务', en: 'Human resources' } },
  { id: 'legal', prefix: 'F', name: { zh: '法律援助与公证服务', en: 'Legal aid and notary' } },
  { id: 'police', prefix: 'G', name: { zh: '公安服务', en: 'Public security' } },
  { id: 'traffic', prefix: 'H', name: { zh: '交警服务', en: 'Traffic police' } },
  { id: 'approval', prefix: 'J', name: { zh: '综合审批服务', en: 'Comprehensive approval' } },
];

/**
 * The seed hall's 190 windows: 13 comprehensive (无差别受理) windows that take every area, the other
 * 177 spread over the nine areas.
 */
export function hallCounters(): CounterConfig[] {
  const counters: CounterConfig[] = [];
  for (let i = 1; i <= 190; i++) {
    const id = `w${String(i).padStart(3, '0')}`;
    counters.push(
      i <= 13
        ? { id, name: `${i}号综合窗口`, areaIds: AREAS.map((a) => a.id) }
        : { id, name: `${i}号窗口`, areaIds: [AREAS[(i - 14) % AREAS.length]!.id] },
    );
  }
  return counters;
}

export const SHANGHAI = 'Asia/Shanghai';

export function hallStore(pool: pg.Pool, rules?: HallRules): PgHallStore {
  return new PgHallStore(pool, rules ? { timeZone: SHANGHAI, rules } : { timeZone: SHANGHAI });
}
