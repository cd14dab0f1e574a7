import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod/mini';
import { LocalizedText, ServiceArea } from '@hall-kiosk/shared';
import { RatingsDelivery, TimeZone, checkOutboundUrl } from '@hall-kiosk/device-daemon';

/** `hall.json` could not be read or is not a valid hall configuration: one message a person can act on. */
export class HallConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HallConfigError';
  }
}

const Id = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1–32 letters, digits, - or _'));

const HallArea = z.extend(ServiceArea, {
  /** At most this many tickets a day in this area, hall-wide. */
  dailyCap: z.optional(z.int().check(z.minimum(1), z.maximum(9999))),
});

const HallCounter = z.strictObject({
  /** The window's number as called out: "请 A001 号到 37 号窗口". */
  id: Id,
  /** As shown on pages, e.g. "37号窗口" (default: the id + 号窗口). */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  /** The areas this window calls from: one, or several for a comprehensive (无差别受理) window. */
  areaIds: z.array(z.string()).check(z.minLength(1)),
});

const Zone = z.strictObject({
  id: Id,
  name: LocalizedText,
  /** The areas whose calls this zone's displays show and speak. */
  areaIds: z.array(z.string()).check(z.minLength(1)),
});

export const HallConfigSchema = z.strictObject({
  hall: z.strictObject({ name: LocalizedText, timeZone: z._default(TimeZone, 'Asia/Shanghai') }),
  server: z.strictObject({
    /** The hall LAN address to listen on (never 0.0.0.0 by default: say which network). */
    host: z.string().check(z.minLength(1)),
    port: z.int().check(z.minimum(0), z.maximum(65535)),
    /** The server's certificate and key (PEM), relative to this file; `kiosk hall init` makes them. */
    tls: z.strictObject({
      certFile: z.string().check(z.minLength(1)),
      keyFile: z.string().check(z.minLength(1)),
      /** The hall's CA certificate, handed to devices at enrolment. */
      caFile: z.string().check(z.minLength(1)),
    }),
    /** Host names the pages may be opened under besides host:port (e.g. hall.local:8443). */
    allowedHosts: z._default(z.array(z.string()), []),
  }),
  database: z.strictObject({
    /** `postgres://user@host:port/db` (a password, if any, from PGPASSWORD or ~/.pgpass, not here). */
    url: z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
    /**
     * Standbys (streaming replicas) in the order they may be promoted: when the primary cannot take
     * writes, the hall server moves to the first of these that can (docs/hall.md, failover).
     */
    standbyUrls: z._default(
      z.array(z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))),
      [],
    ),
    poolSize: z._default(z.int().check(z.minimum(2), z.maximum(200)), 20),
  }),
  areas: z.array(HallArea).check(z.minLength(1)),
  counters: z.array(HallCounter).check(z.minLength(1)),
  zones: z._default(z.array(Zone), []),
  queue: z._default(
    z.strictObject({
      /** The call order: after this many priority tickets in a row an area calls one regular ticket. */
      priorityPerRegular: z._default(z.int().check(z.minimum(1), z.maximum(20)), 2),
      /** Tickets per person (ID card) per area per day, hall-wide (0: no limit). */
      maxTicketsPerIdentity: z._default(z.int().check(z.minimum(0), z.maximum(20)), 2),
    }),
    { priorityPerRegular: 2, maxTicketsPerIdentity: 2 },
  ),
  /**
   * 好差评: the province's evaluation endpoint the hall's outbox delivers every rating to (pads' and
   * kiosks'), as a kiosk's `ratings` section; absent: ratings are kept in the database, unsent.
   */
  ratings: z.optional(RatingsDelivery),
  /**
   * The service catalogue (the kiosks' catalogue file, relative to hall.json): the names of the
   * matters (事项) tickets carry, and the matters a window may set. Absent: matter codes only.
   */
  catalogue: z.optional(z.strictObject({ file: z.string().check(z.minLength(1)) })),
  /** Staff sessions end after this many minutes without use. */
  staffSessionMinutes: z._default(z.int().check(z.minimum(1), z.maximum(24 * 60)), 12 * 60),
});
export type HallConfigInput = z.input<typeof HallConfigSchema>;
export type HallConfig = z.output<typeof HallConfigSchema> & {
  /** The directory of the configuration file (TLS file paths are resolved against it). */
  baseDir: string;
};

/** Checks that areas, windows and zones refer to each other correctly (ids, prefixes). */
function crossCheck(c: z.output<typeof HallConfigSchema>): string[] {
  const problems: string[] = [];
  const dup = <T>(items: T[], key: (t: T) => string, what: string) => {
    const seen = new Set<string>();
    for (const item of items) {
      const k = key(item);
      if (seen.has(k)) problems.push(`${what} "${k}" is listed twice`);
      seen.add(k);
    }
  };
  dup(c.areas, (a) => a.id, 'area');
  dup(c.areas, (a) => a.prefix, 'area prefix');
  dup(c.counters, (w) => w.id, 'window');
  dup(c.zones, (z) => z.id, 'zone');
  const areas = new Set(c.areas.map((a) => a.id));
  for (const w of c.counters)
    for (const a of w.areaIds)
      if (!areas.has(a)) problems.push(`window "${w.id}" serves unknown area "${a}"`);
  for (const zone of c.zones)
    for (const a of zone.areaIds)
      if (!areas.has(a)) problems.push(`zone "${zone.id}" shows unknown area "${a}"`);
  if (c.ratings) {
    try {
      checkOutboundUrl(c.ratings.endpoint.url, 'ratings.endpoint.url');
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

/** Parses a hall configuration; every problem is named with its path. */
export function parseHallConfig(value: unknown, source: string, baseDir: string): HallConfig {
  const parsed = HallConfigSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 8)
      .map((i) => `  ${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    throw new HallConfigError(`${source} is not a valid hall configuration:\n${lines.join('\n')}`);
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new HallConfigError(`${source}: ${problems.slice(0, 8).join('; ')}`);
  return { ...parsed.data, baseDir };
}

export function loadHallConfig(file: string): HallConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HallConfigError(`cannot read the hall configuration ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HallConfigError(`${file} is not JSON: ${(e as Error).message}`);
  }
  return parseHallConfig(value, file, dirname(resolve(file)));
}

/** A path from the configuration, resolved against the configuration file's directory. */
export function configPath(config: HallConfig, path: string): string {
  return resolve(config.baseDir, path);
}

/** The window's name as shown: its configured name, or "37号窗口". */
export function counterName(counter: { id: string; name?: string | undefined }): string {
  return counter.name ?? `${counter.id}号窗口`;
}
