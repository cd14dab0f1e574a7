import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock, DeviceName, DeviceStatus } from '@hall-kiosk/shared';
import { DEVICE_NAMES, type HallLinkStatus } from '@hall-kiosk/shared';
import { SKEW_WARN_MS, type HallClockReport } from '../hall-link/hall-clock.ts';
import type { HallLinkReport } from '../hall-link/link-state.ts';
import type { ResolvedConfig } from '../config/load.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { Logger } from '../log.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import { QueueUnreachableError } from '../core/queue-unreachable.ts';
import type { RatingStore } from '../ratings/rating-store.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import { checkHealth, type HealthContext, type HealthLevel, type HealthResult } from './health.ts';
import type { DeviceStatistics } from './statistics.ts';
import type { AuditLog, DeviceEventLog } from './event-log.ts';

const SECRET_KEYS = new Set(['pinHash', 'digestKey', 'headerToken']);

/** The configuration as a technician may see it: PIN hashes and keys hidden, URLs without credentials. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (SECRET_KEYS.has(k) || k === 'technicianCards') return [k, '[hidden]'];
        if (k === 'url' && typeof v === 'string') {
          try {
            const u = new URL(v);
            u.username = '';
            u.password = '';
            u.search = '';
            return [k, u.toString()];
          } catch {
            return [k, '[hidden]'];
          }
        }
        return [k, redactConfig(v)];
      }),
    );
  }
  return value;
}

/** The name of the per-installation secret technician-card digests are keyed with. */
export const TECHNICIAN_CARD_KEY = 'technicianCardKey';

/**
 * The digest a technician card is listed under in `maintenance.technicianCards`: HMAC-SHA256 keyed
 * with this installation's secret (in the data directory's secrets file, never in the config), so
 * the list in a config file cannot be brute-forced back to ID numbers without that secret
 * (`kiosk hash-card` prints it).
 */
export function technicianCardDigest(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(`technician-card|${idNumber.toUpperCase()}`).digest('hex');
}

/** The unsalted digest older versions listed (no longer accepted; recognised only to say so). */
function legacyTechnicianCardDigest(idNumber: string): string {
  return createHash('sha256').update(`hall-kiosk-technician:${idNumber.toUpperCase()}`).digest('hex');
}

/** Compares every listed digest in constant time. */
function listedIn(digest: string, listed: readonly string[]): boolean {
  const d = Buffer.from(digest, 'hex');
  let found = false;
  for (const l of listed) {
    const b = Buffer.from(l, 'hex');
    if (b.length === d.length && timingSafeEqual(b, d)) found = true;
  }
  return found;
}

/**
 * Whether a card read belongs to a listed technician. A card listed in the old unsalted form is
 * refused, with a warning (no ID data) saying to list it again with `kiosk hash-card`.
 */
export function technicianCardMatcher(
  key: () => Promise<Buffer>,
  listed: readonly string[],
  log: Logger,
): (idNumber: string) => Promise<boolean> {
  return async (idNumber) => {
    if (listedIn(technicianCardDigest(await key(), idNumber), listed)) return true;
    if (listedIn(legacyTechnicianCardDigest(idNumber), listed))
      log.warn(
        {},
        'a technician card is listed in the old unsalted form and is refused: list it again with kiosk hash-card (docs/diagnostics.md)',
      );
    return false;
  };
}

export type TechnicianDeps = {
  /**
   * Hall mode: the link's state (link-state.ts), the tickets issued offline the hall does not have
   * yet, and the kiosk's clock against the hall's (hall-clock.ts).
   */
  offline?: {
    link: () => HallLinkReport;
    pending: () => Promise<number>;
    clock: () => HallClockReport | null;
  };
  config: ResolvedConfig;
  registry: DeviceRegistry;
  statistics: DeviceStatistics;
  events: DeviceEventLog;
  audit: AuditLog;
  journal: PrintJournal;
  ratings: RatingStore;
  store: QueueStore;
  clock: Clock;
  log: Logger;
  version: string;
  started: number;
};

/**
 * What technicians see and do, on the maintenance page, over SSH (`kiosk diag`, `kiosk status`) and
 * for monitoring (`/metrics`): device states, the three health checks, persisted statistics, the
 * event log, print problems, the rating outbox, the configuration with secrets hidden, reconnecting a
 * device, and a diagnostics bundle with no personal data in it.
 */
export class TechnicianService {
  constructor(private readonly d: TechnicianDeps) {}

  get health(): HealthContext {
    return {
      registry: this.d.registry,
      clock: this.d.clock,
      hallName: this.d.config.hall.name,
      timeZone: this.d.config.hall.timeZone,
      version: this.d.version,
    };
  }

  devices(): DeviceStatus[] {
    return this.d.registry.statuses();
  }

  isDevice(name: string): name is DeviceName {
    return (
      (DEVICE_NAMES as readonly string[]).includes(name) && this.d.registry.drivers.has(name as DeviceName)
    );
  }

  async check(device: DeviceName, level: HealthLevel, interactiveWaitMs?: number): Promise<HealthResult> {
    return checkHealth(
      { ...this.health, ...(interactiveWaitMs ? { interactiveWaitMs } : {}) },
      device,
      level,
    );
  }

  /** Every configured device at one level (interactive ones only when asked for by name). */
  async checkAll(level: HealthLevel, device?: DeviceName): Promise<HealthResult[]> {
    const names = device ? [device] : [...this.d.registry.drivers.keys()];
    const results: HealthResult[] = [];
    for (const name of names) results.push(await this.check(name, level));
    return results;
  }

  async reconnect(device: DeviceName): Promise<DeviceStatus> {
    const driver = this.d.registry.drivers.get(device)!;
    await driver.stop();
    driver.start();
    return driver.status;
  }

  async status() {
    const now = this.d.clock.now();
    const areas = [];
    let queueProblem: string | undefined;
    try {
      for (const a of this.d.config.areas)
        areas.push({
          areaId: a.id,
          prefix: a.prefix,
          ticketsToday: await this.d.store.ticketsToday(a.id, now),
          waiting: await this.d.store.waitingCount(a.id, now),
        });
    } catch (e) {
      // Hall mode: the queue is the hall server's; the rest of the status is still worth showing.
      if (!(e instanceof QueueUnreachableError)) throw e;
      areas.length = 0;
      queueProblem = `the hall's queue cannot be reached (${e.kind})`;
    }
    const hallLink = this.d.offline ? await this.#hallLink(this.d.offline) : undefined;
    if (!queueProblem && hallLink && hallLink.state !== 'online') {
      // The counts shown to citizens meanwhile are the last known ones: not worth a technician's trust.
      areas.length = 0;
      queueProblem = `the hall's queue cannot be reached: issuing offline, ${hallLink.offlinePending} offline ticket(s) not yet sent`;
    }
    return {
      ...(queueProblem ? { queueProblem } : {}),
      ...(hallLink ? { hallLink } : {}),
      version: this.d.version,
      uptimeSeconds: Math.round((now - this.d.started) / 1000),
      hall: this.d.config.hall.name,
      devices: this.devices(),
      queue: areas,
      ratings: await this.d.ratings.summary(),
      printProblems: await this.d.journal.problemCount(),
    };
  }

  async #hallLink(o: NonNullable<TechnicianDeps['offline']>): Promise<HallLinkStatus> {
    const link = o.link();
    const clock = o.clock();
    // `since` is the kiosk's clock: shown by the hall's, as everything else the kiosk shows.
    const since = link.since === null ? null : new Date(link.since + (clock?.offsetMs ?? 0)).toISOString();
    return {
      state: link.state,
      since,
      offlinePending: await o.pending(),
      clockOffsetMs: clock?.offsetMs ?? null,
      clockUncertaintyMs: clock?.uncertaintyMs ?? null,
      clockWarnMs: SKEW_WARN_MS,
      timeZone: this.d.config.hall.timeZone,
    };
  }

  async printProblems(limit = 100) {
    return this.d.journal.problems(limit);
  }

  async overview() {
    return {
      ...(await this.status()),
      statistics: await this.d.statistics.all(),
      printProblemList: await this.printProblems(20),
      config: redactConfig({ ...this.d.config, source: undefined }),
      node: process.version,
    };
  }

  /** Everything a remote expert needs, nothing personal: no identity ever reaches the database or logs. */
  async bundle() {
    return {
      generatedAt: new Date(this.d.clock.now()).toISOString(),
      ...(await this.overview()),
      platform: `${process.platform} ${process.arch}`,
      events: await this.d.events.recent({ limit: 500 }),
      printProblems: await this.printProblems(200),
      audit: await this.d.audit.recent(200),
    };
  }

  /** Prometheus text exposition format (docs/diagnostics.md#metrics). */
  async metrics(): Promise<string> {
    const lines: string[] = [];
    const metric = (
      name: string,
      help: string,
      type: 'gauge' | 'counter',
      samples: [Record<string, string>, number][],
    ) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) {
        const l = Object.entries(labels)
          .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
          .join(',');
        lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 0}`);
      }
    };
    const s = await this.status();
    metric('kiosk_up', 'The daemon is running.', 'gauge', [[{ version: s.version }, 1]]);
    metric('kiosk_uptime_seconds', 'Seconds since the daemon started.', 'gauge', [[{}, s.uptimeSeconds]]);
    metric(
      'kiosk_device_online',
      '1 when the device is online.',
      'gauge',
      s.devices.map((d) => [{ device: d.device }, d.state === 'online' ? 1 : 0]),
    );
    metric(
      'kiosk_device_state',
      'The device state (XFS4IoT), one series per state.',
      'gauge',
      s.devices.map((d) => [{ device: d.device, state: d.state }, 1]),
    );
    metric(
      'kiosk_device_paper_low',
      '1 when a printer reports paper low or out.',
      'gauge',
      s.devices
        .filter((d) => d.paper)
        .map((d) => [{ device: d.device }, d.paper === 'low' || d.paper === 'out' ? 1 : 0]),
    );
    const stats = await this.d.statistics.all();
    metric(
      'kiosk_device_statistic',
      'Device statistics (UnifiedPOS names), persisted across restarts.',
      'counter',
      Object.entries(stats).flatMap(([device, values]) =>
        Object.entries(values).map(([name, v]): [Record<string, string>, number] => [{ device, name }, v]),
      ),
    );
    metric(
      'kiosk_queue_tickets_today',
      'Tickets issued today per area.',
      'gauge',
      s.queue.map((q) => [{ area: q.areaId }, q.ticketsToday]),
    );
    metric(
      'kiosk_queue_waiting',
      'Tickets waiting per area.',
      'gauge',
      s.queue.map((q) => [{ area: q.areaId }, q.waiting]),
    );
    metric(
      'kiosk_ratings_total',
      '好差评 ratings per level (5 = 非常满意).',
      'counter',
      Object.entries(s.ratings.byLevel).map(([level, n]) => [{ level }, n]),
    );
    metric('kiosk_rating_outbox', 'Ratings by delivery state.', 'gauge', [
      [{ state: 'pending' }, s.ratings.outbox.pending],
      [{ state: 'delivered' }, s.ratings.outbox.delivered],
      [{ state: 'rejected' }, s.ratings.outbox.rejected],
    ]);
    const oldest = s.ratings.outbox.oldestPendingAt;
    metric(
      'kiosk_rating_outbox_oldest_pending_seconds',
      'Age of the oldest rating not yet delivered (0 when none).',
      'gauge',
      [[{}, oldest ? Math.round((this.d.clock.now() - Date.parse(oldest)) / 1000) : 0]],
    );
    metric('kiosk_print_problems', 'Print jobs not printed, interrupted or retracted (journal).', 'gauge', [
      [{}, s.printProblems],
    ]);
    return `${lines.join('\n')}\n`;
  }
}
