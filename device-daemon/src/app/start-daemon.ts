import type { OfflineSync } from '../hall-link/offline-tickets.ts';
import type { HallLink } from '../hall-link/link-state.ts';
import { join } from 'node:path';
import type { BindingInterface } from '@serialport/bindings-interface';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import type { ResolvedConfig } from '../config/load.ts';
import { createLogger, type Logger } from '../log.ts';
import { DeviceRegistry } from '../devices/registry.ts';
import type { EmulatedTransportFactory } from '../transport/factory.ts';
import type { Storage } from '../storage/ports.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import type { IdentityVault } from '../identity/identity-vault.ts';
import { Announcements } from '../api/announcements.ts';
import { createWebSocketApi } from '../api/websocket.ts';
import { startAdminSocket } from '../api/admin-socket.ts';
import { openStorage, withHallQueue, type HallLinkOptions } from './storage.ts';
import type { HallClient } from '../hall-link/hall-client.ts';
import { readHallCredential } from '../hall-link/credential.ts';
import { hallCredentialFile } from '../config/load.ts';
import { createServices } from './services.ts';
import {
  createRequestListener,
  createUpgradeListener,
  type MountedHandler,
  type RouterDeps,
} from './router.ts';
import { originAllowed, type ListenerNames } from '../api/request-guard.ts';
import { Housekeeping, daemonChores } from './housekeeping.ts';
import { listenHttp, type ListeningServer } from './http-server.ts';
import { ShutdownSequence } from './shutdown.ts';
import { systemdIntegration } from './systemd.ts';
import { VERSION } from './version.ts';
import { UI_DIST_DIR } from '../paths.ts';

export { VERSION };

/** The built kiosk UI, next to this package in the repository. */
export const DEFAULT_UI_DIR = UI_DIST_DIR;

/**
 * Emulated devices, for the demo and tests: what `@hall-kiosk/device-daemon/mock` supplies
 * (`emulatedDevices()`). A daemon without it refuses `emulated` connections and has no /emulator page.
 */
export type DeviceEmulation = {
  emulatedTransport: EmulatedTransportFactory;
  /** The emulator control page and its API, served under /emulator. */
  control: MountedHandler;
};

export type DaemonOptions = {
  clock?: Clock;
  log?: Logger;
  /** Serial binding for `serial` connections; the native one when absent. */
  serialBinding?: BindingInterface;
  /** Where the built UI is; null serves a "not built" notice. */
  uiDir?: string | null;
  emulation?: DeviceEmulation;
  /** Where $NOTIFY_SOCKET and $WATCHDOG_USEC are read (systemd); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Hall mode: the request to the hall server and the wait between attempts (tests inject them). */
  hallLink?: Pick<HallLinkOptions, 'send' | 'retryDelayMs'>;
};

export type RunningDaemon = {
  /** The main listener (loopback). */
  url: string;
  port: number;
  /** The LAN listener (counter pages and hall display), when configured. */
  lanUrl: string | null;
  registry: DeviceRegistry;
  storage: Storage;
  journal: PrintJournal;
  log: Logger;
  vault: IdentityVault;
  /** Whether the emulator control page is served (at `${url}emulator/`). */
  emulatorPage: boolean;
  /** The names of the shutdown steps, in the order `close()` runs them. */
  shutdownSteps: readonly string[];
  close(): Promise<void>;
};

/**
 * Assembles and starts the daemon: devices (built, not yet opened), storage, services, then the
 * HTTP/WebSocket server on the configured address (loopback by default), the timers and the devices.
 * Devices connect in the background; a missing device never stops the kiosk from starting.
 */
export async function startDaemon(
  config: ResolvedConfig,
  options: DaemonOptions = {},
): Promise<RunningDaemon> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger();
  const started = clock.now();

  // Built first: a configuration the daemon cannot drive is refused before anything is opened.
  const registry = new DeviceRegistry(config.devices, {
    clock,
    log,
    ...(options.serialBinding ? { serialBinding: options.serialBinding } : {}),
    ...(options.emulation ? { emulatedTransport: options.emulation.emulatedTransport } : {}),
  });
  // Hall mode: the credential `kiosk enrol` saved, read before anything is opened.
  const hallCredential = config.queue.mode === 'hall' ? readHallCredential(hallCredentialFile(config)) : null;
  const local = openStorage(config, { now: () => clock.now() });
  let storage = local;
  try {
    // Hall mode: the queue (and the salt of identity digests) is the hall server's; the rest stays here.
    let hall: HallClient | null = null;
    let offlineSync: OfflineSync | null = null;
    let hallLink: HallLink | null = null;
    if (hallCredential) {
      const linked = withHallQueue(local, config, hallCredential, {
        clock,
        log,
        printerReady: () => {
          const status = registry.printer('ticketPrinter')?.status;
          return status?.state === 'online' && status.paper !== 'out' && status.paper !== 'jammed';
        },
        ...options.hallLink,
      });
      storage = linked.storage;
      hall = linked.client;
      offlineSync = linked.offlineSync;
      hallLink = linked.link;
    }
    const announcements = new Announcements();
    const s = createServices({ config, storage, registry, announcements, clock, log, started, hall });
    const interrupted = await s.journal.recoverInterrupted();
    if (interrupted > 0)
      log.warn({ jobs: interrupted }, 'print jobs left unfinished by the previous run marked interrupted');
    registry.on('status', (status) => {
      s.events
        .record(status)
        .catch((e: unknown) => log.warn({ error: (e as Error).message }, 'device event not recorded'));
    });
    registry.on('status', announcements.deviceStatus);

    // The kiosk page's own origins, once the main listener knows its port.
    let mainNames: ListenerNames | null = null;
    const ws = createWebSocketApi({
      handlers: s.commands,
      log,
      clock,
      // No Origin is refused too: only the kiosk's own page uses this API (tools use the Unix socket).
      isAllowedOrigin: (origin) =>
        mainNames !== null && originAllowed({ headers: { origin } }, mainNames, { allowMissing: false }),
    });
    announcements.listen((name, payload) => ws.broadcast(name, payload));

    const routerDeps: RouterDeps = {
      health: () => {
        const devices = registry.statuses();
        return {
          status: devices.every((d) => d.state === 'online') ? 'ok' : 'degraded',
          version: VERSION,
          uptimeSeconds: Math.round((clock.now() - started) / 1000),
          devices,
        };
      },
      metrics: () => s.tech.metrics(),
      staffApi: s.staffApi,
      techApi: s.techApi,
      emulatorControl: options.emulation?.control ?? null,
      uiDir: options.uiDir === undefined ? DEFAULT_UI_DIR : options.uiDir,
      // The kiosk page is served with what its first screen needs (docs/performance.md).
      kioskBoot: async () => {
        const none = { emit: () => undefined };
        const [info, status] = await Promise.all([
          s.commands['Kiosk.Info']({}, none),
          s.commands['Common.Status']({}, none),
        ]);
        return { info, devices: status.devices };
      },
      log,
    };
    // Always loopback (config validation refuses anything else): the kiosk page and its command API,
    // maintenance, the emulators, metrics — and the counter pages for this machine itself.
    const http = await listenHttp(
      { host: config.server.host, port: config.server.port },
      createRequestListener(routerDeps, 'main'),
      createUpgradeListener((req, socket, head) => ws.handleUpgrade(req, socket, head)),
      log,
    );
    mainNames = http.names;
    const port = http.port;
    const url = http.url;
    // For other machines: the counter pages and the hall display only (TLS off loopback).
    const lanConfig = config.server.lan;
    let lan: ListeningServer | null = null;
    if (lanConfig) {
      try {
        lan = await listenHttp(
          {
            host: lanConfig.host,
            port: lanConfig.port,
            names: lanConfig.names,
            ...(lanConfig.tls ? { tls: lanConfig.tls } : {}),
          },
          createRequestListener(routerDeps, 'lan'),
          createUpgradeListener(null),
          log,
        );
      } catch (e) {
        await http.close();
        throw e;
      }
      log.info({ url: lan.url }, 'counter pages and hall display served to the LAN');
    }

    const housekeeping = new Housekeeping(clock, log, daemonChores(s, clock, log));
    housekeeping.start();
    registry.start();
    s.outbox?.start();
    offlineSync?.start();
    const systemd = systemdIntegration({ env: options.env ?? process.env, clock, log, storage, registry });
    const socketPath = join(config.dataDir, 'kiosk.sock');
    const adminSocket =
      socketPath.length < 100
        ? await startAdminSocket(socketPath, s.tech, log).catch((e: unknown) => {
            log.warn(
              { error: (e as Error).message },
              'no admin socket: kiosk diag will open the devices itself',
            );
            return null;
          })
        : null;

    // Reasoned in docs/architecture.md ("Stopping the daemon"): no new work arrives, nothing starts
    // on its own, no one is left waiting; the devices stop (a print in flight ends and is journalled)
    // before the statistics are written, so every count is final; storage closes last, after every
    // writer.
    const shutdown = new ShutdownSequence(log)
      .add('stop accepting connections', async () => {
        systemd.stopping();
        adminSocket?.close();
        ws.close();
        await Promise.all([http.close(), lan?.close()]);
      })
      .add('stop timers', async () => {
        housekeeping.stop();
        s.hallHelp?.stop();
        s.outbox?.stop();
        hallLink?.stop();
        // Waits for a round in flight, so storage is not closed under it.
        await offlineSync?.stop();
      })
      .add('end sessions', () => {
        s.scan.cancelAll();
        s.identify.endSession();
      })
      .add('stop devices', () => registry.stop())
      .add('flush statistics', () => s.statistics.flush())
      .add('close storage', async () => {
        await storage.close();
        await systemd.close();
      });

    log.info({ matters: s.catalogue.size, source: config.catalogue.file }, 'service catalogue loaded');
    log.info(
      { url, devices: registry.statuses().map((d) => d.device), config: config.source },
      'daemon started',
    );
    systemd.ready(url);
    return {
      url,
      port,
      lanUrl: lan?.url ?? null,
      registry,
      storage,
      journal: s.journal,
      log,
      vault: s.vault,
      emulatorPage: options.emulation !== undefined,
      shutdownSteps: shutdown.names,
      async close() {
        await shutdown.run();
        log.info('daemon stopped');
      },
    };
  } catch (e) {
    await local.close();
    throw e;
  }
}
