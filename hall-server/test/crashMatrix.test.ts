// The hall's crash matrix (stress/crash-matrix.ts): 8 real kiosk daemons in hall mode issuing through
// their WebSocket API (the page's requestKey sent again until answered) and the hall's 190 windows
// calling, finishing and transferring with idempotency keys while their pads rate, while the hall
// server is killed with SIGKILL and started again, a kiosk daemon is killed and started again on its
// data, and PostgreSQL is stopped (fast and immediate) and started again. HALL_CRASH_SERVER_KILLS,
// HALL_CRASH_KIOSK_KILLS and HALL_CRASH_PG_STOPS set the counts (3/3/2 here; `npm run
// hall:crash-matrix` runs 100/100/20). At the end, from the database and the clients' answers: every
// acknowledged ticket present once, no ticket nobody asked for, no number twice, numbers gapless, no
// ticket called twice, every call, done and rating the acknowledged one, once.
import { describe, expect, it } from 'vitest';
import { runCrashMatrix } from './stress/crash-matrix.ts';

const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SERVER_KILLS = count('HALL_CRASH_SERVER_KILLS', 3);
const KIOSK_KILLS = count('HALL_CRASH_KIOSK_KILLS', 3);
const PG_STOPS = count('HALL_CRASH_PG_STOPS', 2);
const FAULTS = SERVER_KILLS + KIOSK_KILLS + PG_STOPS;

describe('the crash matrix', () => {
  it(
    `${SERVER_KILLS} × hall server SIGKILL, ${KIOSK_KILLS} × kiosk daemon SIGKILL, ${PG_STOPS} × PostgreSQL stop, under load: nothing acknowledged lost or doubled`,
    async () => {
      const report = await runCrashMatrix({
        serverKills: SERVER_KILLS,
        kioskKills: KIOSK_KILLS,
        pgStops: PG_STOPS,
        log: (line) => process.stdout.write(`crash matrix: ${line}\n`),
      });
      process.stdout.write(`crash matrix: ${JSON.stringify(report)}\n`);
      expect(report.violations).toEqual([]);
      expect(report.kills).toEqual({
        hallServer: SERVER_KILLS,
        kioskDaemon: KIOSK_KILLS,
        postgresFast: Math.floor(PG_STOPS / 2),
        postgresImmediate: Math.ceil(PG_STOPS / 2),
      });
      expect(report.kiosks).toBe(8);
      expect(report.counters).toBe(190);
      // Work on every side, through the faults.
      expect(report.tickets.acknowledged).toBeGreaterThan(FAULTS);
      expect(report.calls).toBeGreaterThan(0);
      expect(report.dones).toBeGreaterThan(0);
      expect(report.ratings).toBeGreaterThan(0);
      // Every client answered again after each fault; the live feed opened again after each hall start.
      expect(report.allAnsweringAgainMs.count).toBe(FAULTS);
      expect(report.feedOpens).toBeGreaterThanOrEqual(SERVER_KILLS + 1);
      if (SERVER_KILLS > 0) expect(report.windowsSignedInAgain).toBeGreaterThan(0);
    },
    Math.max(300_000, FAULTS * 30_000),
  );
});
