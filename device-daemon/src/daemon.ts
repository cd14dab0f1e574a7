import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BindingInterface } from '@serialport/bindings-interface';
import { EmulatorRegistry, createControlHandler } from '@hall-kiosk/hardware-mocks';
import { systemClock, type Clock } from '@hall-kiosk/shared';
import type { ResolvedConfig } from './config/load.ts';
import { createLogger, type Logger } from './log.ts';
import { DeviceRegistry } from './devices/registry.ts';
import { openDatabase, type Db } from './storage/database.ts';
import { SqliteQueueStore } from './queue/queue-store.ts';
import { PrintJournal } from './tickets/print-journal.ts';
import { TicketService } from './tickets/ticket-service.ts';
import { createCommandHandlers } from './api/commands.ts';
import { HelpRequests } from './help/help-requests.ts';
import { qrSvg } from './api/qr.ts';
import { IdentityVault } from './identity/identity-vault.ts';
import { IdentifyService } from './identity/identify-service.ts';
import { createWebSocketApi } from './api/websocket.ts';
import { EMULATOR_CSP, SECURITY_HEADERS, sendJson, serveStatic } from './api/http.ts';
import { describeCallOrder } from './queue/call-order.ts';
import { CheckInService } from './appointments/check-in-service.ts';
import { FileAppointmentSource, HttpAppointmentSource } from './appointments/appointment-source.ts';
import { ScanService } from './scanning/scan-service.ts';
import { CounterService } from './counters/counter-service.ts';
import { CredentialGuard } from './auth/credential-guard.ts';
import { createStaffApi } from './api/staff-http.ts';
import type { ClockTimer } from '@hall-kiosk/shared';
import { loadCatalogueFile } from './catalogue/catalogue-file.ts';
import { CatalogueService } from './catalogue/catalogue-service.ts';
import { RatingStore } from './ratings/rating-store.ts';
import { RatingOutbox, httpRatingSender } from './ratings/rating-outbox.ts';
import { RatingService } from './ratings/rating-service.ts';
import { DeviceStatistics } from './diagnostics/statistics.ts';
import { AuditLog, DeviceEventLog } from './diagnostics/event-log.ts';
import { TechnicianService, isTechnicianCard } from './diagnostics/technician.ts';
import { readOneCard } from './identity/read-one-card.ts';
import { createTechnicianApi } from './api/technician-http.ts';
import { startAdminSocket } from './api/admin-socket.ts';

export const VERSION = '0.1.0';

/** The built kiosk UI, next to this package in the repository. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../kiosk-ui/dist', import.meta.url));

export type DaemonOptions = {
  clock?: Clock;
  log?: Logger;
  /** Serial binding for `serial` connections; the native one when absent. */
  serialBinding?: BindingInterface;
  /** Where the built UI is; null serves a "not built" notice. */
  uiDir?: string | null;
};

export type RunningDaemon = {
  url: string;
  port: number;
  registry: DeviceRegistry;
  emulators: EmulatorRegistry;
  db: Db;
  journal: PrintJournal;
  log: Logger;
  vault: IdentityVault;
  close(): Promise<void>;
};

/**
 * Assembles and starts the daemon: database, devices, services, then the HTTP/WebSocket server on
 * the configured address (loopback by default). Devices connect in the background; a missing
 * device never stops the kiosk from starting.
 */
export async function startDaemon(
  config: ResolvedConfig,
  options: DaemonOptions = {},
): Promise<RunningDaemon> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger();
  const started = clock.now();

  const db = openDatabase(join(config.dataDir, 'kiosk.db'));
  const journal = new PrintJournal(db, () => clock.now());
  const interrupted = journal.recoverInterrupted();
  if (interrupted > 0)
    log.warn({ jobs: interrupted }, 'print jobs left unfinished by the previous run marked interrupted');

  const emulators = new EmulatorRegistry();
  const registry = new DeviceRegistry(config.devices, {
    clock,
    log,
    ...(options.serialBinding ? { serialBinding: options.serialBinding } : {}),
    onEmulator: (name, emulator) => emulators.add(name, emulator),
  });

  const vault = new IdentityVault(clock, log, config.identity.maxHoldMs);
  const identify = new IdentifyService(
    () => registry.idCardReader(),
    vault,
    clock,
    config.hall.timeZone,
    log,
  );
  const q = config.queue;
  const callOrderRule = { priorityPerRegular: q.priorityPerRegular };
  const callOrder = describeCallOrder(callOrderRule);
  const store = new SqliteQueueStore(db, config.hall.timeZone, {
    callOrder: callOrderRule,
    estimate: q.estimate,
  });
  const tickets = new TicketService({
    areas: config.areas,
    hallName: config.hall.name,
    calendar: {
      timeZone: config.hall.timeZone,
      holidays: new Set(q.holidays),
      makeUpWorkdays: new Set(q.makeUpWorkdays),
    },
    store,
    journal,
    printer: () => registry.printer('ticketPrinter'),
    paperWidth: config.devices.ticketPrinter?.paperWidth ?? 80,
    priority: { age: q.priorityAge, disability: q.disabilityPriority, appointment: q.appointmentPriority },
    maxTicketsPerIdentity: q.maxTicketsPerIdentity,
    callOrder,
    identity: () => vault.identity,
    clock,
    log,
    onPresenter: (ticketId, outcome) =>
      ws.broadcast(outcome === 'taken' ? 'Printer.MediaTaken' : 'Printer.MediaRetracted', { ticketId }),
  });

  const appointments = config.appointments;
  const checkIn = appointments
    ? new CheckInService({
        source:
          'file' in appointments.source
            ? new FileAppointmentSource(appointments.source.file)
            : new HttpAppointmentSource(appointments.source.url, appointments.source.timeoutMs),
        digestKey: appointments.digestKey,
        window: appointments.window,
        tickets,
        store,
        identity: () => vault.identity,
        clock,
        log,
      })
    : null;
  let noShowTimer: ClockTimer | null = null;
  const sweep = () => {
    noShowTimer = clock.setTimeout(sweep, 60_000);
    void checkIn
      ?.sweepNoShows()
      .catch((e: unknown) => log.warn({ error: (e as Error).message }, 'no-show sweep failed'));
  };
  if (checkIn) noShowTimer = clock.setTimeout(sweep, 5_000);

  const catalogue = new CatalogueService(loadCatalogueFile(config.catalogue.file), {
    db,
    journal,
    printer: () => registry.printer('receiptPrinter'),
    paperWidth: config.devices.receiptPrinter?.paperWidth ?? 80,
    hallName: config.hall.name,
    timeZone: config.hall.timeZone,
    areas: config.areas,
    clock,
    log,
  });
  const ratingStore = new RatingStore(db);
  const outbox = config.ratings
    ? new RatingOutbox(
        ratingStore,
        httpRatingSender({
          url: config.ratings.endpoint.url,
          timeoutMs: config.ratings.endpoint.timeoutMs,
          hallName: config.hall.name.zh,
        }),
        clock,
        log,
        config.ratings.retry,
      )
    : null;
  const ratings = new RatingService({
    db,
    store: ratingStore,
    outbox,
    guideViewArea: (id) => catalogue.guideViewArea(id),
    clock,
    log,
  });

  const statistics = new DeviceStatistics(db, registry, clock);
  const events = new DeviceEventLog(db);
  const audit = new AuditLog(db);
  registry.on('status', (s) => events.record(s));
  const tech = new TechnicianService({
    config,
    registry,
    statistics,
    events,
    audit,
    journal,
    ratings: ratingStore,
    store,
    clock,
    log,
    version: VERSION,
    started,
  });
  const maintenance = config.maintenance;
  const techGuard = maintenance
    ? new CredentialGuard(maintenance.pinHash, clock, {
        maxFailures: 5,
        lockMs: 5 * 60_000,
        sessionMs: maintenance.idleMinutes * 60_000,
      })
    : null;
  const techApi = createTechnicianApi({
    guard: techGuard,
    cardLogin:
      techGuard && maintenance!.technicianCards.length > 0
        ? async () => {
            const reader = registry.idCardReader();
            if (!reader || reader.status.state !== 'online') return null;
            const card = await readOneCard(reader, clock, 20_000);
            return card.kind === 'read' &&
              isTechnicianCard(card.identity.idNumber, maintenance!.technicianCards)
              ? techGuard.issue().token
              : null;
          }
        : null,
    tech,
    statistics,
    events,
    audit,
    clock,
    log,
  });
  let statsTimer: ClockTimer | null = null;
  const flushStats = () => {
    statsTimer = clock.setTimeout(flushStats, 30_000);
    try {
      statistics.flush();
    } catch (e) {
      log.warn({ error: (e as Error).message }, 'statistics not saved');
    }
  };
  statsTimer = clock.setTimeout(flushStats, 30_000);

  const scan = new ScanService(() => registry.scanner());
  const counters = new CounterService(store, config.areas, config.staff?.counters, clock, log);
  const staffApi = createStaffApi({
    guard: config.staff
      ? new CredentialGuard(config.staff.pinHash, clock, {
          maxFailures: 5,
          lockMs: 5 * 60_000,
          sessionMs: config.staff.sessionMinutes * 60_000,
        })
      : null,
    counters,
    areas: config.areas,
    log,
  });

  const emulatorControl = emulators.emulators.size > 0 ? createControlHandler(emulators, '/emulator') : null;
  let port = config.server.port;
  const isAllowedOrigin = (origin: string | undefined) =>
    origin === undefined ||
    [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin);

  const ws = createWebSocketApi({
    handlers: createCommandHandlers({
      help: new HelpRequests({ now: () => new Date(clock.now()), log }),
      registry,
      tickets,
      info: {
        hallName: config.hall.name,
        timeZone: config.hall.timeZone,
        version: VERSION,
        priorityAge: config.queue.priorityAge,
        idCardReader: config.devices.idCardReader !== undefined,
        hours: config.hall.hours ?? null,
        callOrder,
        disabilityPriority: q.disabilityPriority,
        appointments: checkIn !== null,
        scanner: config.devices.scanner !== undefined,
      },
      identify,
      checkIn,
      scan,
      catalogue,
      ratings,
    }),
    log,
    clock,
    isAllowedOrigin,
  });
  registry.on('status', (status) => ws.broadcast('Common.StatusChanged', { status }));

  const uiDir = options.uiDir === undefined ? DEFAULT_UI_DIR : options.uiDir;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/api/health' && req.method === 'GET') {
        const devices = registry.statuses();
        sendJson(res, 200, {
          status: devices.every((d) => d.state === 'online') ? 'ok' : 'degraded',
          version: VERSION,
          uptimeSeconds: Math.round((clock.now() - started) / 1000),
          devices,
        });
        return;
      }
      if (path === '/api/qr' && req.method === 'GET') {
        const data = new URL(req.url ?? '/', 'http://x').searchParams.get('data') ?? '';
        const svg = await qrSvg(data);
        if (!svg) {
          sendJson(res, 400, { error: 'data must be a ticket reference (HK-TICKET:…)' });
          return;
        }
        res.writeHead(200, {
          'content-type': 'image/svg+xml',
          'cache-control': 'public, max-age=86400',
          ...SECURITY_HEADERS,
        });
        res.end(svg);
        return;
      }
      if (await staffApi(req, res, path)) return;
      if (await techApi(req, res, path)) return;
      // For the hall's monitoring, from this machine only (a kiosk on the LAN does not publish it).
      if (path === '/metrics' && req.method === 'GET') {
        const from = req.socket.remoteAddress ?? '';
        if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(from)) {
          sendJson(res, 403, { error: 'metrics are served to this machine only' });
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          ...SECURITY_HEADERS,
        });
        res.end(tech.metrics());
        return;
      }
      if (path.startsWith('/api/')) {
        sendJson(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
        return;
      }
      if (emulatorControl && (path === '/emulator' || path.startsWith('/emulator/'))) {
        res.setHeader('content-security-policy', EMULATOR_CSP);
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        if (await emulatorControl(req, res)) return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      serveStatic(uiDir, req, res);
    })().catch((e: unknown) => {
      log.error({ error: (e as Error).message }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    ws.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = `http://${host}:${port}/`;
  if (!['127.0.0.1', '::1', 'localhost'].includes(config.server.host)) {
    log.warn({ host: config.server.host }, 'serving beyond loopback because the configuration says so');
  }
  registry.start();
  outbox?.start();
  const socketPath = join(config.dataDir, 'kiosk.sock');
  const adminSocket =
    socketPath.length < 100
      ? await startAdminSocket(socketPath, tech, log).catch((e: unknown) => {
          log.warn(
            { error: (e as Error).message },
            'no admin socket: kiosk diag will open the devices itself',
          );
          return null;
        })
      : null;
  log.info({ matters: catalogue.size, source: config.catalogue.file }, 'service catalogue loaded');
  log.info(
    { url, devices: registry.statuses().map((d) => d.device), config: config.source },
    'daemon started',
  );

  return {
    url,
    port,
    registry,
    emulators,
    db,
    journal,
    log,
    vault,
    async close() {
      if (noShowTimer) clock.clearTimeout(noShowTimer);
      if (statsTimer) clock.clearTimeout(statsTimer);
      statistics.flush();
      adminSocket?.close();
      outbox?.stop();
      scan.cancelAll();
      identify.endSession();
      ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await registry.stop();
      db.close();
      log.info('daemon stopped');
    },
  };
}
