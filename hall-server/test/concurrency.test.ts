// The hall under concurrent load (a short run for CI; `npm run hall:stress` runs longer): 8 kiosk
// processes issuing, the 190 windows calling, on one real PostgreSQL. See stress/harness.ts.
import { describe, expect, it } from 'vitest';
import { PRIORITY_PER_REGULAR, runHallStress } from './stress/harness.ts';

const DURATION_MS = Number(process.env.HALL_STRESS_MS ?? 8_000);

describe('the hall under concurrency', () => {
  it('8 kiosk processes and 190 windows: numbers gapless and unique, nothing called twice, call order and the priority rule kept', async () => {
    const report = await runHallStress({ durationMs: DURATION_MS, kiosks: 8 });
    expect(report.violations).toEqual([]);
    // The priority rule holds exactly under concurrency (the harness also lists a longer run as a violation).
    expect(report.longestPriorityRun).toBeLessThanOrEqual(PRIORITY_PER_REGULAR);
    // The run did real work on every side.
    expect(report.issued).toBeGreaterThan(100);
    expect(report.calls).toBeGreaterThan(100);
    expect(report.retries).toBeGreaterThan(0);
    expect(report.racingDuplicates).toBeGreaterThan(0);
    expect(report.pausesChecked).toBe(10);
  }, 120_000);
});
