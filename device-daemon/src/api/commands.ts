import type {
  CommandName,
  CommandPayload,
  CompletionPayload,
  EventName,
  EventPayload,
} from '@hall-kiosk/shared';
import { zoneOffsetMinutes } from '@hall-kiosk/shared';
import type { IdentifyService } from '../identity/identify-service.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import type { CheckInService } from '../appointments/check-in-service.ts';
import type { ScanService } from '../scanning/scan-service.ts';
import { CommandError } from '../core/command-error.ts';
import type { CatalogueService } from '../catalogue/catalogue-service.ts';
import type { RatingService } from '../ratings/rating-service.ts';
import type { HelpRequests } from '../help/help-requests.ts';
import { RepliesByKey } from '../tickets/replies-by-key.ts';

/** What a handler may do besides returning: send progress events for its request. */
export type CommandContext = {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
};

export type CommandHandlers = {
  [N in CommandName]: (payload: CommandPayload<N>, ctx: CommandContext) => Promise<CompletionPayload<N>>;
};

/** One handler per command of the catalogue (shared/src/protocol/catalogue.ts). */
export function createCommandHandlers(deps: {
  registry: DeviceRegistry;
  tickets: TicketService;
  /** What Kiosk.Info answers, less the time zone's offset, which is reckoned at each answer. */
  info: Omit<CompletionPayload<'Kiosk.Info'>, 'zoneOffsetMinutes'>;
  identify: IdentifyService;
  checkIn: CheckInService | null;
  scan: ScanService;
  catalogue: CatalogueService;
  ratings: RatingService;
  help: HelpRequests;
  /** Hall mode: the call also goes to the hall's supervisors (帮办). */
  hallHelp?: { request(): Promise<void> } | null;
  /** Hall mode: the hall's clock minus the kiosk's, once measured (hall-link/hall-clock.ts). */
  hallClockOffset?: () => number | null;
  /** The clock that dates the answers kept for retries of Queue.IssueTicket (ms). */
  now?: () => number;
}): CommandHandlers {
  // A retry of a Queue.IssueTicket with the same key (the page heard no answer) gets the ticket
  // already issued; refusals and failures are not kept, so a retry of those is decided again.
  const issued = new RepliesByKey<CompletionPayload<'Queue.IssueTicket'>>({
    now: deps.now ?? Date.now,
    keep: (r) => r.result === 'issued',
  });
  /**
   * The hall's time zone's offset at the hall's time now, which the page shows (it changes where
   * clocks change; the page asks every 30 s).
   */
  const zoneOffset = () =>
    zoneOffsetMinutes((deps.now ?? Date.now)() + (deps.hallClockOffset?.() ?? 0), deps.info.timeZone);
  return {
    'Kiosk.Info': async () => ({ ...deps.info, zoneOffsetMinutes: zoneOffset() }),
    'Kiosk.Clock': async () => {
      const offsetMs = deps.hallClockOffset?.() ?? null;
      return { offsetMs: offsetMs ?? 0, measured: offsetMs !== null, zoneOffsetMinutes: zoneOffset() };
    },
    'Common.Status': async () => ({ devices: deps.registry.statuses() }),
    'Queue.ListAreas': async () => ({ areas: await deps.tickets.areaViews() }),
    'Queue.IssueTicket': async ({ areaId, useIdentity, declaredDisability, matterCode, requestKey }) =>
      issued.once(requestKey, () =>
        deps.tickets.issue(areaId, {
          useIdentity: useIdentity ?? false,
          declaredDisability: declaredDisability ?? false,
          ...(matterCode !== undefined ? { matterCode } : {}),
          ...(requestKey !== undefined ? { requestKey } : {}),
        }),
      ),
    'Appointments.CheckIn': async (payload) => {
      if (!deps.checkIn)
        throw new CommandError('unsupportedCommand', 'appointments are not configured on this kiosk');
      return deps.checkIn.checkIn(payload);
    },
    'Scanner.Read': async () => deps.scan.read(),
    'Catalogue.Browse': async ({ areaId, lifeEventId, department }) =>
      deps.catalogue.browse(areaId, lifeEventId, department),
    'Catalogue.Search': async ({ query }) => deps.catalogue.search(query),
    'Catalogue.Guide': async ({ code }) => deps.catalogue.guide(code),
    'Catalogue.PrintChecklist': async ({ code }) => deps.catalogue.printChecklist(code),
    'Rating.Submit': async (payload) => deps.ratings.submit(payload),
    'Scanner.Cancel': async () => {
      deps.scan.cancelAll();
      return {};
    },
    'IdCard.Read': async (_payload, ctx) => deps.identify.read(() => ctx.emit('IdCard.CardDetected', {})),
    'IdCard.Cancel': async () => {
      deps.identify.cancelAll();
      return {};
    },
    'Kiosk.CallStaff': async ({ screen }) => {
      const call = deps.help.call(screen);
      await deps.hallHelp?.request();
      return { at: call.at };
    },
    'Session.End': async () => {
      deps.scan.cancelAll();
      deps.identify.endSession();
      return {};
    },
  };
}
