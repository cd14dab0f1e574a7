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
import { openStorage } from './storage.ts';
import { createServices } from './services.ts';
import { createRequestListener, createUpgradeListener, type MountedHandler } from './router.ts';
import { Housekeeping, daemonChores } from './housekeeping.ts';
import { listenHttp } from './http-server.ts';
import { ShutdownSequence } from './shutdown.ts';
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
};

export type RunningDaemon = {
  url: string;
  port: number;
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
  const storage = openStorage(config, { now: () => clock.now() });
  try {
    const announcements = new Announcements();
    const s = createServices({ config, storage, registry, announcements, clock, log, started });
    const interrupted = await s.journal.recoverInterrupted();
    if (interrupted > 0)
      log.warn({ jobs: interrupted }, 'print jobs left unfinished by the previous run marked interrupted');
    registry.on('status', (status) => {
      s.events
        .record(status)
        .catch((e: unknown) => log.warn({ error: (e as Error).message }, 'device event not recorded'));
    });
    registry.on('status', announcements.deviceStatus);

    let port = config.server.port;
    const ws = createWebSocketApi({
      handlers: s.commands,
      log,
      clock,
      isAllowedOrigin: (origin) =>
        origin === undefined ||
        [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin),
    });
    announcements.listen((name, payload) => ws.broadcast(name, payload));

    const http = await listenHttp(
      config.server,
      createRequestListener({
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
        log,
      }),
      createUpgradeListener((req, socket, head) => ws.handleUpgrade(req, socket, head)),
      log,
    );
    port = http.port;
    const url = http.url;

    const housekeeping = new Housekeeping(clock, log, daemonChores(s, clock, log));
    housekeeping.start();
    registry.start();
    s.outbox?.start();
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
        adminSocket?.close();
        ws.close();
        await http.close();
      })
      .add('stop timers', () => {
        housekeeping.stop();
        s.outbox?.stop();
      })
      .add('end sessions', () => {
        s.scan.cancelAll();
        s.identify.endSession();
      })
      .add('stop devices', () => registry.stop())
      .add('flush statistics', () => s.statistics.flush())
      .add('close storage', () => storage.close());

    log.info({ matters: s.catalogue.size, source: config.catalogue.file }, 'service catalogue loaded');
    log.info(
      { url, devices: registry.statuses().map((d) => d.device), config: config.source },
      'daemon started',
    );
    return {
      url,
      port,
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
    await storage.close();
    throw e;
  }
}
