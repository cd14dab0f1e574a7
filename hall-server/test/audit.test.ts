import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { Audit } from '../src/audit.ts';

/** A pool whose queries fail as a lost database's would, or succeed; it records what it was asked. */
const pool = (fail: boolean) => {
  const asked: unknown[][] = [];
  const p = {
    query: async (_sql: string, values: unknown[]) => {
      asked.push(values);
      if (fail) throw new Error('Connection terminated unexpectedly');
      return { rows: [] };
    },
  };
  return { pool: p as unknown as Pool, asked };
};

const settle = () => new Promise((r) => setImmediate(r));

describe('audit rows written in the background', () => {
  it('are logged whole, for technicians, when the database cannot take them', async () => {
    const { pool: p, asked } = pool(true);
    const logged: [Record<string, unknown>, string][] = [];
    const audit = new Audit(p, new ManualClock(0), {
      error: (o: Record<string, unknown>, m: string) => logged.push([o, m]),
    } as never);
    expect(
      audit.writeInBackground('anonymous', '192.0.2.7', 'enrolRefused', '4 more before a lock'),
    ).toBeUndefined();
    await settle();
    expect(asked).toHaveLength(1);
    expect(logged).toEqual([
      [
        {
          audit: {
            actor: 'anonymous',
            source: '192.0.2.7',
            action: 'enrolRefused',
            detail: '4 more before a lock',
          },
          error: 'Connection terminated unexpectedly',
        },
        'an audit row could not be written to the database; it is in this log instead',
      ],
    ]);
  });

  it('log nothing when written', async () => {
    const { pool: p, asked } = pool(false);
    const logged: unknown[] = [];
    const audit = new Audit(p, new ManualClock(0), { error: (o: unknown) => logged.push(o) } as never);
    audit.writeInBackground('staff#0012', '192.0.2.8', 'wrongPin', '4 attempts left');
    await settle();
    expect(asked[0]).toEqual([new Date(0), 'staff#0012', '192.0.2.8', 'wrongPin', '4 attempts left']);
    expect(logged).toEqual([]);
  });
});
