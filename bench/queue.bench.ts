import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../device-daemon/src/storage/sqlite/index.ts';
import { percentile, type Benchmark } from './harness.ts';

const AREA = { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax Services' } };

/** The queue store as the daemon opens it (async interface over SQLite). */
function store() {
  return openSqliteStorage({ dataDir: mkdtempSync(join(tmpdir(), 'bench-q-')), timeZone: 'Asia/Shanghai' })
    .queue;
}

/** Tickets issued per second on the embedded store, each one durable (synchronous=FULL) before the next. */
export const issueRate: Benchmark = {
  name: 'queue: tickets issued per second (SQLite, durable)',
  unit: '/s',
  better: 'higher',
  runs: 5,
  async measure() {
    const s = store();
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await s.issue({ area: AREA, now: Date.now(), printer: 'ticketPrinter' });
    return n / ((performance.now() - t0) / 1000);
  },
};

async function latencies(): Promise<number[]> {
  const s = store();
  const xs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    await s.issue({ area: AREA, now: Date.now(), printer: 'ticketPrinter' });
    xs.push(performance.now() - t0);
  }
  return xs;
}

export const issueP50: Benchmark = {
  name: 'queue: ticket-issue latency p50 (1000 tickets)',
  unit: 'ms',
  better: 'lower',
  runs: 3,
  measure: async () => percentile(await latencies(), 50),
};

export const issueP99: Benchmark = {
  name: 'queue: ticket-issue latency p99 (1000 tickets)',
  unit: 'ms',
  better: 'lower',
  runs: 3,
  measure: async () => percentile(await latencies(), 99),
};
