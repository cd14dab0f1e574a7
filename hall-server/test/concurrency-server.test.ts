// The hall under concurrent load through the hall server (a short run for CI; `npm run hall:stress --
// --through-server SECONDS` runs longer): the hall server as its own process over HTTPS, 8 kiosk
// processes enrolled and issuing through the kiosks' API and one real kiosk daemon, the 190 windows signed in with their own
// accounts calling through the counter API, a rating pad at each. See stress/through-server.ts.
import { describe, expect, it } from 'vitest';
import { runHallStressThroughServer } from './stress/through-server.ts';

const DURATION_MS = Number(process.env.HALL_STRESS_SERVER_MS ?? 10_000);

describe('the hall under concurrency, through the hall server', () => {
  it('8 kiosk processes and 190 signed-in windows with pads over HTTPS: numbers gapless and unique, nothing called twice, call order kept, every call, done and rating tied to the right person', async () => {
    const report = await runHallStressThroughServer({
      durationMs: DURATION_MS,
      kiosks: 8,
      // And one real kiosk daemon (emulated printer) driven over its WebSocket: the whole kiosk path.
      daemons: 1,
      // More lost replies and racing duplicates than the long run, so a short run has some of each.
      lossRate: 0.1,
      raceRate: 0.05,
      proveChecks: true,
    });
    expect(report.violations).toEqual([]);
    expect(report.longestPriorityRun).toBeLessThanOrEqual(2);
    // The run did real work on every side.
    expect(report.counters).toBe(190);
    expect(report.issued).toBeGreaterThan(40);
    expect(report.daemonIssued).toBeGreaterThan(0);
    expect(report.calls).toBeGreaterThan(40);
    expect(report.dones).toBeGreaterThan(20);
    expect(report.ratings).toBeGreaterThan(5);
    expect(report.lostReplies).toBeGreaterThan(0);
    expect(report.racingDuplicates).toBeGreaterThan(0);
    expect(report.pausesChecked).toBe(10);
    expect(report.handovers).toBe(10);
    // Ratings sent after another person took the window over, still tied to the one who finished.
    expect(report.ratedAfterHandover).toBeGreaterThan(0);
    // The checks can fail: on the database broken on purpose (rolled back) each one spoke.
    expect(
      report.checksCaught.some((v) => /is tied to staff \d+; the window finished it as staff/.test(v)),
    ).toBe(true);
    expect(
      report.checksCaught.some((v) =>
        /^done of ticket \d+ at \w+ by staff \d+ is not in the database/.test(v),
      ),
    ).toBe(true);
    expect(report.checksCaught.some((v) => /not gapless\/unique/.test(v))).toBe(true);
  }, 180_000);
});
