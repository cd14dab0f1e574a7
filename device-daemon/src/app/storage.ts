import type { Clock } from '@hall-kiosk/shared';
import type { ResolvedConfig } from '../config/load.ts';
import type { Logger } from '../log.ts';
import { sameHall, type HallCredential } from '../hall-link/credential.ts';
import { HallClient, type HallSend } from '../hall-link/hall-client.ts';
import { HallQueueStore, HallSecrets } from '../hall-link/hall-queue-store.ts';
import { OfflineSync } from '../hall-link/offline-tickets.ts';
import { HallClockSkew } from '../hall-link/hall-clock.ts';
import { HallLink } from '../hall-link/link-state.ts';
import { StorageNotFoundError, type Storage } from '../storage/ports.ts';
import { openSqliteStorage } from '../storage/sqlite/index.ts';

export type { Storage } from '../storage/ports.ts';

/** A command that only reads was pointed at a data directory where no daemon has run yet. */
export { StorageNotFoundError as NoDatabaseError };

/**
 * The one way the daemon and every `kiosk` command open storage, through the storage seam
 * (`storage/ports.ts`; SQLite today, `storage/sqlite/`). Read-write (the default) creates the database
 * if needed and brings its schema up to date; `readOnly` opens an existing database as it is, for
 * commands that only look; `mustExist` refuses with `NoDatabaseError` instead of creating one.
 */
export function openStorage(
  config: Pick<ResolvedConfig, 'dataDir' | 'hall' | 'queue'>,
  options: { readOnly?: boolean; mustExist?: boolean; now?: () => number } = {},
): Storage {
  const q = config.queue;
  return openSqliteStorage({
    dataDir: config.dataDir,
    timeZone: config.hall.timeZone,
    queueRules: { callOrder: { priorityPerRegular: q.priorityPerRegular }, estimate: q.estimate },
    ...(options.now ? { now: options.now } : {}),
    readOnly: options.readOnly,
    mustExist: options.mustExist,
  });
}

export type HallLinkOptions = {
  clock: Clock;
  log: Logger;
  /** The HTTPS request to the hall (tests inject one); net/outbound.ts by default. */
  send?: HallSend;
  /** Wait between two attempts of a ticket request (ms). */
  retryDelayMs?: number;
  /** Whether the ticket printer works now: tickets are issued offline only while it does. */
  printerReady?: () => boolean;
  /** The link's probe: first wait and longest wait between two (ms; link-state.ts). */
  probeMs?: number;
  maxProbeMs?: number;
};

/**
 * Storage of a kiosk in hall mode (`queue.mode: "hall"`): the queue is the hall server's
 * (`hall-link/`), reached with the credential `kiosk enrol` saved, and the salt of identity digests is
 * the hall's; everything else — the print journal, ratings outbox, statistics, logs, secrets — stays in
 * the kiosk's own database. `credential` is what `readHallCredential` read (before storage was opened:
 * a kiosk that was never enrolled refuses to start and touches nothing).
 */
export function withHallQueue(
  storage: Storage,
  config: Pick<ResolvedConfig, 'hall'>,
  credential: HallCredential,
  options: HallLinkOptions,
): { storage: Storage; client: HallClient; offlineSync: OfflineSync; link: HallLink } {
  const server = config.hall.server;
  if (!server) throw new Error('hall mode needs hall.server in the configuration');
  if (!sameHall(credential.url, server.url))
    options.log.warn(
      { configured: new URL(server.url).origin, enrolledAt: new URL(credential.url).origin },
      'hall.server.url is not the address this kiosk was enrolled at; using the configured one',
    );
  // The link's state, fed by every request of the client; its probe is the hall's health through the
  // same client, and its first answer sends the offline tickets at once.
  const link: HallLink = new HallLink({
    clock: options.clock,
    log: options.log,
    probe: (): Promise<void> => client.probe(),
    ...(options.probeMs !== undefined ? { probeMs: options.probeMs } : {}),
    ...(options.maxProbeMs !== undefined ? { maxProbeMs: options.maxProbeMs } : {}),
    onChange: (state) => {
      if (state === 'online') offlineSync.kick();
    },
  });
  const client: HallClient = new HallClient({
    url: server.url,
    credential,
    timeoutMs: server.timeoutMs,
    skew: new HallClockSkew({ clock: options.clock, log: options.log }),
    link,
    clock: options.clock,
    ...(options.send ? { send: options.send } : {}),
  });
  const queue = new HallQueueStore({
    client,
    journal: storage.journal,
    clock: options.clock,
    log: options.log,
    attempts: server.attempts,
    link,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    offline: {
      store: storage.offline,
      deviceId: credential.deviceId,
      timeZone: config.hall.timeZone,
      printerReady: options.printerReady ?? (() => false),
    },
  });
  // Keeps the offline series and the clock offset current; sends offline tickets once the hall answers.
  const offlineSync = new OfflineSync({
    client,
    store: storage.offline,
    deviceId: credential.deviceId,
    clock: options.clock,
    log: options.log,
    intervalMs: server.offlineSyncMs,
    onLink: (up, kind) => queue.setLink(up, kind),
  });
  const secrets = new HallSecrets(client, storage.secrets, link);
  options.log.info(
    { hall: new URL(server.url).origin, device: credential.deviceId },
    'hall mode: tickets are issued by the hall server',
  );
  return {
    client,
    offlineSync,
    link,
    storage: {
      queue,
      secrets,
      journal: storage.journal,
      ratings: storage.ratings,
      guideViews: storage.guideViews,
      visits: storage.visits,
      statistics: storage.statistics,
      deviceEvents: storage.deviceEvents,
      audit: storage.audit,
      offline: storage.offline,
      writable: () => storage.writable(),
      close: () => storage.close(),
    },
  };
}
