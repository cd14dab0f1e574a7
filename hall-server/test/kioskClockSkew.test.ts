// A kiosk whose clock is 10 minutes or a day off, in hall mode against a real hall: the hall's clock
// decides the ticket's business date, number series and issue time (what the kiosk prints), and the
// kiosk measures its offset from the hall's answers (their Date header, set from the hall's clock)
// and reports it to technicians in its log. The kiosk daemon runs in this process with an injected
// clock; the hall with a manual one, ten minutes before its midnight.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock, type Clock } from '@hall-kiosk/shared';
import { createLogger } from '../../device-daemon/src/log.ts';
import { parseConfig } from '../../device-daemon/src/config/load.ts';
import { startDaemon } from '../../device-daemon/src/app/start-daemon.ts';
import { enrolDevice } from '../../device-daemon/src/cli/enrol.ts';
import { HallClockSkew } from '../../device-daemon/src/hall-link/hall-clock.ts';
import type { PgCluster } from '../../tests/support/postgres.ts';
import { tempDir } from '../../tests/support/harness.ts';
import { issueTicket, TestSocket } from '../../tests/support/ws-client.ts';
import { fingerprint } from '../src/tls.ts';
import { startHallFixture, type HallFixture } from './hall-fixture.ts';
import { AREAS, startTestCluster } from './support.ts';

const HALL_NOW = Date.parse('2026-11-30T23:50:00+08:00');
const hallClock = new ManualClock(HALL_NOW);
let cluster: PgCluster;
let f: HallFixture;
const dir = tempDir('kiosk-clock-skew');

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startHallFixture(cluster, { clock: hallClock });
}, 60_000);
afterAll(async () => {
  await f?.close();
  await cluster?.stop();
});

/**
 * A kiosk daemon in hall mode whose clock is the hall's plus `skewMs`, with its log captured; `hours`:
 * opening hours the kiosk's configuration gives its areas.
 */
async function skewedKiosk(id: string, skewMs: number, hours?: Record<string, string[]>) {
  const cred = `${dir}/${id}.json`;
  const { code } = await f.hall.services.devices.register(
    { id, kind: 'kiosk', location: id },
    { staffId: 1, actor: 'staff#9001', source: 'test' },
  );
  await enrolDevice({ url: f.url, code, fingerprint: fingerprint(f.ca), file: cred });
  const dataDir = tempDir(`skew-${id}`);
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir,
      devices: {},
      queue: { mode: 'hall' },
      hall: {
        name: { zh: '区政务服务中心', en: 'District centre' },
        server: { url: f.url, credentialFile: cred, timeoutMs: 3000, attempts: 2 },
      },
      areas: hours ? AREAS.map((a) => ({ ...a, hours })) : AREAS,
    },
    'test',
    dataDir,
  );
  const lines: { level: number; msg: string; offsetMs?: number }[] = [];
  const log = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _e, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    }),
  });
  const clock: Clock = { ...systemClock, now: () => hallClock.now() + skewMs };
  const daemon = await startDaemon(config, { log, uiDir: null, clock });
  return { daemon, lines };
}

describe('a kiosk whose clock is off', () => {
  it.each([
    ['10 minutes slow', 'kiosk-slow', -10 * 60_000],
    ['a day ahead', 'kiosk-ahead', 24 * 60 * 60_000],
  ])('%s: tickets of the hall’s day at the hall’s time, and the skew reported', async (_what, id, skewMs) => {
    const { daemon, lines } = await skewedKiosk(id, skewMs);
    try {
      const r = await issueTicket(daemon.url, 'approval');
      expect(r.payload).toMatchObject({ result: 'issued' });
      const ticket = (r.payload as { ticket: { id: number; issuedAt: string; number: string } }).ticket;
      // The hall's time and day, whatever the kiosk's clock says.
      expect(Date.parse(ticket.issuedAt)).toBe(HALL_NOW);
      const { rows } = await f.db.pool.query<{ business_date: string; number: string }>(
        'SELECT business_date, number FROM tickets WHERE id = $1',
        [ticket.id],
      );
      expect(rows[0]).toEqual({ business_date: '2026-11-30', number: ticket.number });
      // Reported to technicians: one warning with the measured offset (the hall minus the kiosk).
      const warnings = lines.filter((l) => l.level === 40 && l.msg.includes('clock is off'));
      expect(warnings).toHaveLength(1);
      expect(Math.abs(warnings[0]!.offsetMs! - -skewMs)).toBeLessThanOrEqual(1500);
      // What the kiosk page shows as the time: the kiosk's clock plus this offset (useHallNow).
      const ws = await TestSocket.open(daemon.url);
      try {
        ws.command('Kiosk.Clock', 7, {});
        const clock = (await ws.completion(7)).payload as { offsetMs: number; measured: boolean };
        expect(clock.measured).toBe(true);
        expect(Math.abs(clock.offsetMs - -skewMs)).toBeLessThanOrEqual(1500);
      } finally {
        ws.close();
      }
    } finally {
      await daemon.close();
    }
  });

  it('10 minutes slow: opening hours are read by the hall’s time, not turned away before the hall closes', async () => {
    // Open from 23:45 on Mondays: the kiosk's own clock says 23:40, the hall's 23:50.
    const { daemon } = await skewedKiosk('kiosk-hours', -10 * 60_000, { mon: ['23:45-24:00'] });
    try {
      const ws = await TestSocket.open(daemon.url);
      try {
        // The list of areas asks the hall, whose answer gives the kiosk its offset.
        ws.command('Queue.ListAreas', 3, {});
        const { areas } = (await ws.completion(3)).payload as {
          areas: { area: { id: string }; availability: { open: boolean } }[];
        };
        expect(areas.find((a) => a.area.id === 'approval')?.availability.open).toBe(true);
      } finally {
        ws.close();
      }
      expect((await issueTicket(daemon.url, 'approval')).payload).toMatchObject({ result: 'issued' });
    } finally {
      await daemon.close();
    }
  });

  it('a kiosk on time says nothing about its clock', async () => {
    const { daemon, lines } = await skewedKiosk('kiosk-on-time', 0);
    try {
      expect((await issueTicket(daemon.url, 'approval')).payload).toMatchObject({ result: 'issued' });
      expect(lines.filter((l) => l.msg.includes('clock'))).toEqual([]);
    } finally {
      await daemon.close();
    }
  });
});

describe('HallClockSkew', () => {
  const quiet = createLogger({ level: 'silent' });
  it('believes the sample with the shortest round trip, and gives the hall’s time', () => {
    let now = 1_000_000;
    const skew = new HallClockSkew({ clock: { ...systemClock, now: () => now }, log: quiet });
    expect(skew.report()).toBeNull();
    expect(skew.hallNow()).toBe(now);
    // A slow answer (2 s round trip) whose reading is late by its whole return trip …
    skew.observe({ sentAt: 0, receivedAt: 2000, hallMs: 600_000 + 2000 });
    // … and a quick one (40 ms): the quick one is believed, to within half its round trip (a reading in
    // milliseconds; a Date header's would add half a second: device-daemon/test/hall-clock.test.ts).
    skew.observe({ sentAt: 5000, receivedAt: 5040, hallMs: 605_020 });
    expect(skew.report()).toEqual({ offsetMs: 600_000, uncertaintyMs: 20, measuredAt: 5040 });
    expect(skew.hallNow()).toBe(now + 600_000);
    expect(skew.hallClock().now()).toBe(now + 600_000);
    now += 1;
    // Nonsense is ignored.
    skew.observe({ sentAt: 10, receivedAt: 5, hallMs: 1 });
    skew.observe({ sentAt: 0, receivedAt: Number.NaN, hallMs: 1 });
    skew.observe({ sentAt: 0, receivedAt: 10, hallMs: 1, errorMs: -1 });
    skew.observeDateHeader(0, 10, 'not a date');
    skew.observeDateHeader(0, 10, undefined);
    expect(skew.report()!.offsetMs).toBe(600_000);
  });

  it('warns once when off, again only when it moves by another step, and says when it agrees again', () => {
    const seen: [string, number][] = [];
    const log = {
      warn: (o: { offsetMs: number }) => seen.push(['warn', o.offsetMs]),
      info: (o: { offsetMs: number }) => seen.push(['info', o.offsetMs]),
    } as unknown as ReturnType<typeof createLogger>;
    const skew = new HallClockSkew({ clock: systemClock, log, warnMs: 30_000 });
    const at = (offset: number, t: number) => skew.observe({ sentAt: t, receivedAt: t, hallMs: t + offset });
    at(5_000, 0);
    at(40_000, 10);
    at(41_000, 20);
    at(75_000, 30);
    at(1_000, 40);
    // One sample kept per call here has the same round trip (0): the latest is believed.
    expect(seen).toEqual([
      ['warn', 40_000],
      ['warn', 75_000],
      ['info', 1_000],
    ]);
  });
});
