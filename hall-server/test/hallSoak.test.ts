// The hall soak, short (the full day: `npm run hall:soak`, docs/hall.md#the-soak): the simulated
// 12-hour day compressed into 40 s at a tenth of the hall's peak, 8 kiosk daemons (6 behind fault
// proxies whose links drop every few seconds), the 190 windows and their pads. Every printed ticket
// reaches the hall, offline ones included; the windows' answers are in the event log once; every
// invariant recomputed from the event log holds; every process's memory was sampled.
import { describe, expect, it } from 'vitest';
import { runHallSoak } from './soak/soak.ts';

const DAY_MS = Number(process.env['HALL_SOAK_CI_MS'] ?? 40_000);

describe('the hall soak, short', () => {
  it('a compressed day with links dropping leaves the queue consistent', async () => {
    const report = await runHallSoak({
      dayMs: DAY_MS,
      load: 0.1,
      // At 1080× compression: a drop every 2.2–4.4 s of wall time, for 0.6–1.1 s.
      drops: { everyMinutes: [40, 80], forSeconds: [600, 1200] },
      idleMs: [1000, 3000],
      sampleMs: 1000,
    });
    process.stdout.write(
      `hall soak (short): ${JSON.stringify({ ...report, invariants: { ...report.invariants, checks: undefined }, memorySeries: undefined })}\n`,
    );
    expect(report.violations).toEqual([]);
    expect(report.invariants.violations).toBe(0);
    expect(report.issued).toBeGreaterThan(200);
    expect(report.linkDrops).toBeGreaterThan(10);
    // Offline issuing and the sync after it happened, and every offline ticket is in the hall.
    expect(report.issuedOffline).toBeGreaterThan(0);
    expect(report.offline).toMatchObject({ rejected: 0, pending: 0, accepted: report.issuedOffline });
    expect(report.offline.inHall).toBe(report.issuedOffline);
    expect(report.windows.calls).toBeGreaterThan(100);
    expect(report.windows.ratings).toBeGreaterThan(0);
    // 8 daemons, 2 window processes, the hall server, PostgreSQL and the harness, each sampled.
    expect(report.memory.map((m) => m.name).sort()).toHaveLength(13);
    expect(report.memory.every((m) => m.startMiB > 0 && m.endMiB > 0)).toBe(true);
  }, 180_000);
});
