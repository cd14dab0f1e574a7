import { HallQueueStore } from '../hall-link/hall-queue-store.ts';
import type { Clock } from '@hall-kiosk/shared';
import type { ResolvedConfig } from '../config/load.ts';
import type { Logger } from '../log.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { Storage } from '../storage/ports.ts';
import type { Announcements } from '../api/announcements.ts';
import { createCommandHandlers, type CommandHandlers } from '../api/commands.ts';
import { HelpRequests } from '../help/help-requests.ts';
import { createStaffApi } from '../api/staff-http.ts';
import { createTechnicianApi } from '../api/technician-http.ts';
import { describeCallOrder } from '../queue/call-order.ts';
import { describeTicketPolicy } from '../queue/ticket-policy.ts';
import { TicketService } from '../tickets/ticket-service.ts';
import { IdentityVault } from '../identity/identity-vault.ts';
import { IdentifyService } from '../identity/identify-service.ts';
import { readOneCard } from '../identity/read-one-card.ts';
import { CheckInService } from '../appointments/check-in-service.ts';
import { FileAppointmentSource, HttpAppointmentSource } from '../appointments/appointment-source.ts';
import { ScanService } from '../scanning/scan-service.ts';
import { CounterService } from '../counters/counter-service.ts';
import { CredentialGuard, type GuardAuditEvent } from '../auth/credential-guard.ts';
import { DisplaySessions } from '../auth/display-sessions.ts';
import type { AuditLog } from '../diagnostics/event-log.ts';
import { loadCatalogueFile } from '../catalogue/catalogue-file.ts';
import { CatalogueService } from '../catalogue/catalogue-service.ts';
import { RatingOutbox, httpRatingSender } from '../ratings/rating-outbox.ts';
import { RatingService } from '../ratings/rating-service.ts';
import { DeviceStatistics } from '../diagnostics/statistics.ts';
import { TECHNICIAN_CARD_KEY, TechnicianService, technicianCardMatcher } from '../diagnostics/technician.ts';
import { readOutboundAuth } from '../net/outbound-auth.ts';
import { VERSION } from './version.ts';
import type { HallClient } from '../hall-link/hall-client.ts';
import { hallModeStaffApi } from '../hall-link/hall-mode-staff-api.ts';
import { HallHelp } from '../hall-link/hall-help.ts';

export type ServiceContext = {
  config: ResolvedConfig;
  storage: Storage;
  registry: DeviceRegistry;
  announcements: Announcements;
  clock: Clock;
  log: Logger;
  /** When the daemon started (for uptime). */
  started: number;
  /** Hall mode: the connection to the hall server (the queue is already the hall's in `storage`). */
  hall?: HallClient | null;
};

/** Staff and technicians sign in with a PIN: five wrong ones from one address lock it there for five minutes. */
export const PIN_LOCKOUT = { maxFailures: 5, lockMs: 5 * 60_000 };

/**
 * Writes a credential guard's events to the audit log (and locks to the log): the guard emits at most
 * `maxFailures` failures and one lock row per source and lock period, so a flood of refused requests
 * writes nothing until the lock ends (then one row with how many were refused).
 */
function guardAudit(actor: 'staff' | 'technician', audit: AuditLog, clock: Clock, log: Logger) {
  return (e: GuardAuditEvent): void => {
    const from = `from ${e.source}`;
    const [action, detail] =
      e.kind === 'loggedIn'
        ? ['enter', `PIN, ${from}`]
        : e.kind === 'loginFailed'
          ? ['wrongPin', `${e.attemptsLeft} attempts left, ${from}`]
          : e.kind === 'lockedOut'
            ? [
                'locked',
                `${e.scope === 'global' ? 'every source' : from} locked until ${new Date(e.untilMs).toISOString()} after repeated wrong PINs`,
              ]
            : ['lockEnded', `${e.refusedWhileLocked} attempts refused while locked, ${from}`];
    if (e.kind === 'lockedOut')
      log.warn(
        { credential: actor, source: e.source, scope: e.scope },
        `${actor} login locked after repeated wrong PINs`,
      );
    audit
      .write(clock.now(), actor, action, detail)
      .catch((err: unknown) => log.error({ err: String(err) }, 'could not write the audit log'));
  };
}

/**
 * Builds every service behind the API from the configuration, the database and the devices. Nothing
 * here starts a timer, opens a port or talks to a device: that is for `startDaemon`.
 */
export function createServices(ctx: ServiceContext) {
  const { config, storage, registry, announcements, clock, log } = ctx;
  const q = config.queue;

  const journal = storage.journal;
  const vault = new IdentityVault(clock, log, config.identity.maxHoldMs);
  const identify = new IdentifyService(
    () => registry.idCardReader(),
    vault,
    clock,
    config.hall.timeZone,
    log,
  );
  const callOrderRule = { priorityPerRegular: q.priorityPerRegular };
  const hallSkew = ctx.hall?.clockSkew ?? null;
  const callOrder = describeCallOrder(callOrderRule);
  const store = storage.queue;
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
    secrets: storage.secrets,
    printer: () => registry.printer('ticketPrinter'),
    paperWidth: config.devices.ticketPrinter?.paperWidth ?? 80,
    priority: { age: q.priorityAge, disability: q.disabilityPriority, appointment: q.appointmentPriority },
    maxTicketsPerIdentity: q.maxTicketsPerIdentity,
    identify: q.identify,
    offlineIdentity: q.mode === 'hall',
    pathLimits: { declaredDisability: q.maxDeclaredDisabilityPerDay, withoutCard: q.maxWithoutCardPerDay },
    callOrder,
    identity: () => vault.identity,
    clock,
    // Hall mode: opening hours by the hall's time (the kiosk's clock corrected by the measured offset).
    ...(hallSkew ? { hallTime: () => hallSkew.hallNow() } : {}),
    log,
    onPresenter: announcements.presenterOutcome,
  });

  const appointments = config.appointments;
  const checkIn = appointments
    ? new CheckInService({
        source:
          'file' in appointments.source
            ? new FileAppointmentSource(appointments.source.file)
            : new HttpAppointmentSource({
                url: appointments.source.url,
                timeoutMs: appointments.source.timeoutMs,
                maxBytes: appointments.source.maxBytes,
                auth: readOutboundAuth(appointments.source.auth),
              }),
        digestKey: appointments.digestKey,
        window: appointments.window,
        tickets,
        visits: storage.visits,
        identity: () => vault.identity,
        clock,
        log,
      })
    : null;

  const catalogue = new CatalogueService(loadCatalogueFile(config.catalogue.file), {
    guideViews: storage.guideViews,
    journal,
    printer: () => registry.printer('receiptPrinter'),
    paperWidth: config.devices.receiptPrinter?.paperWidth ?? 80,
    hallName: config.hall.name,
    timeZone: config.hall.timeZone,
    areas: config.areas,
    clock,
    log,
  });
  const ratingStore = storage.ratings;
  // In hall mode ratings go to the hall server (its one outbox sends them on to the province),
  // with the kiosk's token and the hall's CA; otherwise to the configured endpoint, if any.
  const hall = ctx.hall ?? null;
  const sender = hall
    ? httpRatingSender({
        url: new URL('/api/kiosk/ratings', hall.url).href,
        timeoutMs: config.hall.server?.timeoutMs ?? 5000,
        hallName: config.hall.name.zh,
        auth: hall.outboundAuth,
      })
    : config.ratings
      ? httpRatingSender({
          url: config.ratings.endpoint.url,
          timeoutMs: config.ratings.endpoint.timeoutMs,
          hallName: config.hall.name.zh,
          auth: readOutboundAuth(config.ratings.endpoint.auth),
        })
      : null;
  const outbox = sender
    ? new RatingOutbox(
        ratingStore,
        sender,
        clock,
        log,
        config.ratings?.retry ?? { initialMs: 2000, maxMs: 600_000 },
      )
    : null;
  const ratings = new RatingService({
    queue: store,
    journal,
    store: ratingStore,
    outbox,
    guideViewArea: (id) => catalogue.guideViewArea(id),
    clock,
    log,
  });
  const scan = new ScanService(() => registry.scanner());
  const counters = new CounterService(store, config.areas, config.staff?.counters, clock, log);

  const statistics = new DeviceStatistics(storage.statistics, registry, clock);
  const events = storage.deviceEvents;
  const audit = storage.audit;
  const tech = new TechnicianService({
    ...(store instanceof HallQueueStore
      ? {
          offline: {
            link: () => store.link.report(),
            pending: () => storage.offline.pendingCount(),
            clock: () => hall?.clockSkew?.report() ?? null,
          },
        }
      : {}),
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
    started: ctx.started,
  });

  const help = new HelpRequests({ now: () => new Date(clock.now()), log });
  const hallHelp = hall
    ? new HallHelp({
        client: hall,
        clock,
        log,
        onAcknowledged: () => announcements.announce('Kiosk.HelpAcknowledged', {}),
      })
    : null;
  const commands: CommandHandlers = createCommandHandlers({
    now: () => clock.now(),
    help,
    hallHelp,
    hallClockOffset: () => hall?.clockSkew?.report()?.offsetMs ?? null,
    registry,
    tickets,
    info: {
      hallName: config.hall.name,
      timeZone: config.hall.timeZone,
      version: VERSION,
      priorityAge: q.priorityAge,
      idCardReader: config.devices.idCardReader !== undefined,
      hours: config.hall.hours ?? null,
      callOrder,
      disabilityPriority: q.disabilityPriority,
      ticketIdentify: q.identify,
      ticketPolicy: describeTicketPolicy(q),
      appointments: checkIn !== null,
      scanner: config.devices.scanner !== undefined,
      whenTicketPrinterDown: q.whenTicketPrinterDown,
      selfTestMinMs: config.ui.selfTestMinSeconds * 1000,
    },
    identify,
    checkIn,
    scan,
    catalogue,
    ratings,
  });

  // In hall mode the counters and displays are the hall server's: the kiosk serves no staff API.
  const staffApi = hall
    ? hallModeStaffApi
    : createStaffApi({
        guard: config.staff
          ? new CredentialGuard(config.staff.pinHash, clock, {
              ...PIN_LOCKOUT,
              sessionMs: config.staff.sessionMinutes * 60_000,
              onAudit: guardAudit('staff', audit, clock, log),
            })
          : null,
        displays: new DisplaySessions(clock, {
          sessionMs: (config.staff?.displaySessionHours ?? 24) * 3_600_000,
          ticketMs: 30_000,
        }),
        counters,
        areas: config.areas,
        clock,
      });

  const maintenance = config.maintenance;
  const techGuard = maintenance
    ? new CredentialGuard(maintenance.pinHash, clock, {
        ...PIN_LOCKOUT,
        sessionMs: maintenance.idleMinutes * 60_000,
        onAudit: guardAudit('technician', audit, clock, log),
      })
    : null;
  const technicianCard = technicianCardMatcher(
    () => storage.secrets.secret(TECHNICIAN_CARD_KEY),
    maintenance?.technicianCards ?? [],
    log,
  );
  const techApi = createTechnicianApi({
    guard: techGuard,
    // A technician's own ID card signs in too, when the configuration lists it.
    readTechnicianCard:
      techGuard && maintenance && maintenance.technicianCards.length > 0
        ? async () => {
            const reader = registry.idCardReader();
            if (!reader || reader.status.state !== 'online') return false;
            const card = await readOneCard(reader, clock, 20_000);
            return card.kind === 'read' && (await technicianCard(card.identity.idNumber));
          }
        : null,
    tech,
    statistics,
    events,
    audit,
    clock,
    log,
  });

  return {
    /** The queue is the hall server's (queue.mode "hall"). */
    hallMode: hall !== null,
    journal,
    vault,
    identify,
    help,
    hallHelp,
    store,
    tickets,
    checkIn,
    catalogue,
    ratingStore,
    outbox,
    ratings,
    scan,
    counters,
    statistics,
    events,
    audit,
    tech,
    commands,
    staffApi,
    techApi,
  };
}

export type Services = ReturnType<typeof createServices>;
