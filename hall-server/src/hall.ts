import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import { VERSION, createLogger, type Logger } from '@hall-kiosk/device-daemon';
import { Audit } from './audit.ts';
import { DeviceCredentials, type Device } from './auth/devices.ts';
import { StaffAccounts, type StaffSession } from './auth/staff-accounts.ts';
import { configPath, counterName, type HallConfig } from './config.ts';
import { migrate } from './migrations.ts';
import { HallDatabase, isDatabaseUnavailable, isPoolBusy } from './db/hall-database.ts';
import { StaffPhotos } from './staff-photos.ts';
import { PgHallStore } from './store.ts';
import { HallLive } from './live/hall-live.ts';
import { openRatings, type HallRatings } from './ratings/hall-outbox.ts';
import { startHallHttp } from './http/server.ts';
import { HALL_PAGES, hallRoutes } from './http/routes.ts';
import { HelpCalls } from './help.ts';
import { startHallHousekeeping } from './housekeeping.ts';
import { loadHallMatters, type HallMatters } from './matters.ts';

/** Where the built pages are (kiosk-ui's build; the hall pages are entries of it). */
export const DEFAULT_PAGES_ROOT = fileURLToPath(new URL('../../kiosk-ui/dist', import.meta.url));

/**
 * The hall server's services: what every route handler gets as `ctx.hall`. Built once by `openHall`
 * from the configuration and one PostgreSQL pool; nothing here is a global.
 */
export type HallServices = {
  config: HallConfig;
  pool: pg.Pool;
  /** The connection to PostgreSQL (primary, standbys, failover). */
  database: HallDatabase;
  /** Staff members' photos for the rating pads. */
  photos: StaffPhotos;
  store: PgHallStore;
  staff: StaffAccounts;
  devices: DeviceCredentials;
  audit: Audit;
  live: HallLive;
  /** 好差评 from pads and kiosks, and the outbox that sends them to the province. */
  ratings: HallRatings;
  /** 帮办: kiosks' calls for staff until a supervisor acknowledges them. */
  help: HelpCalls;
  /** The matters (事项) the hall knows from its catalogue file (hall.json `catalogue`). */
  matters: HallMatters;
  clock: Clock;
  log: Logger;
  version: string;
  /** The hall CA's certificate (PEM), given to devices at enrolment so they trust only this hall. */
  caCertificate: string;
  /** Whether the database takes writes now (the readiness answer). */
  writable(): Promise<{ ok: true } | { ok: false; problem: string }>;
};

export type OpenHallOptions = {
  clock?: Clock;
  log?: Logger;
  /** Built pages; default kiosk-ui/dist. */
  pagesRoot?: string | null;
  /** scrypt cost for new staff PINs (tests make it cheap). */
  pinHashCost?: { N: number };
  /** How long a request waits for a free database connection (HallDatabase's `acquireTimeoutMs`; default 8 s). */
  acquireTimeoutMs?: number;
};

export type RunningHall = {
  url: string;
  services: HallServices;
  close(): Promise<void>;
};

/** Opens the pool, migrates, writes the configured layout, starts the live feed and the HTTPS listener. */
export async function openHall(config: HallConfig, options: OpenHallOptions = {}): Promise<RunningHall> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger();
  const database = new HallDatabase({
    urls: [config.database.url, ...config.database.standbyUrls],
    poolSize: config.database.poolSize,
    clock,
    log,
    ...(options.acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs: options.acquireTimeoutMs }),
  });
  const pool = database.pool;
  const closers: Array<() => Promise<void>> = [() => database.close()];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    // Before the database: a catalogue that does not load stops the start with its problems listed.
    const matters = loadHallMatters(config);
    await migrate(pool);
    const store = new PgHallStore(pool, {
      timeZone: config.hall.timeZone,
      rules: {
        callOrder: { priorityPerRegular: config.queue.priorityPerRegular },
        estimate: { sample: 10, minSample: 3 },
      },
    });
    await store.configure({
      areas: config.areas.map((a) => ({ id: a.id, prefix: a.prefix, name: a.name })),
      counters: config.counters.map((w) => ({ id: w.id, name: counterName(w), areaIds: w.areaIds })),
    });
    const audit = new Audit(pool, clock, log);
    const staff = new StaffAccounts({
      pool,
      clock,
      audit,
      sessionMs: config.staffSessionMinutes * 60_000,
      ...(options.pinHashCost ? { hashCost: options.pinHashCost } : {}),
    });
    const devices = new DeviceCredentials(pool, clock, audit);
    database.start();
    const live = new HallLive({
      connection: () => database.connectionConfig(),
      eventsSince: (id, limit) => store.eventsSince(id, limit),
      clock,
      log,
    });
    await live.start();
    closers.push(() => live.stop());
    const ratings = openRatings(config, pool, clock, log);
    closers.push(() => ratings.stop());
    const chores = startHallHousekeeping({ store, pool, timeZone: config.hall.timeZone, clock, log });
    closers.push(async () => chores.stop());
    const tls = {
      cert: readFileSync(configPath(config, config.server.tls.certFile)),
      key: readFileSync(configPath(config, config.server.tls.keyFile)),
    };
    const services: HallServices = {
      config,
      pool,
      store,
      staff,
      devices,
      audit,
      live,
      ratings,
      help: new HelpCalls(pool, clock, audit),
      matters,
      clock,
      log,
      version: VERSION,
      caCertificate: readFileSync(configPath(config, config.server.tls.caFile), 'utf8'),
      database,
      photos: new StaffPhotos(pool, clock, audit),
      writable: () => database.check(),
    };
    const http = await startHallHttp<HallServices>({
      host: config.server.host,
      port: config.server.port,
      tls,
      allowedHosts: config.server.allowedHosts,
      now: () => clock.now(),
      routes: hallRoutes(),
      pages: {
        root: options.pagesRoot === undefined ? DEFAULT_PAGES_ROOT : options.pagesRoot,
        list: HALL_PAGES,
      },
      authenticate: async (t) => ({
        staff: t.staff ? await staff.session(t.staff) : null,
        device: t.device ? await devices.authenticate(t.device) : null,
      }),
      hall: services,
      log,
      // A request that failed because the database went away is a 503 the sender retries (with its
      // idempotency key), and the hall looks for a writable server at once. One that waited too long
      // for a connection is a 503 too: the database is there, the hall is busy.
      unavailable: (err) => {
        if (isPoolBusy(err)) return 'the hall server is busy; try again in a moment';
        if (!isDatabaseUnavailable(err)) return null;
        database.noticeError(err);
        return 'the hall database is not reachable at the moment; try again';
      },
    });
    closers.push(() => http.close());
    log.info({ url: http.url }, 'hall server listening');
    return { url: http.url, services, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export type { Device, StaffSession };
