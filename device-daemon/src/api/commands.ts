import type {
  CommandName,
  CommandPayload,
  CompletionPayload,
  EventName,
  EventPayload,
  ServiceArea,
} from '@hall-kiosk/shared';
import type { IdentifyService } from '../identity/identify-service.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { TicketService } from '../tickets/ticket-service.ts';

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
  areas: ServiceArea[];
  info: CompletionPayload<'Kiosk.Info'>;
  identify: IdentifyService;
}): CommandHandlers {
  return {
    'Kiosk.Info': async () => deps.info,
    'Common.Status': async () => ({ devices: deps.registry.statuses() }),
    'Queue.ListAreas': async () => ({ areas: deps.areas }),
    'Queue.IssueTicket': async ({ areaId, useIdentity }) => deps.tickets.issue(areaId, useIdentity ?? false),
    'IdCard.Read': async (_payload, ctx) => deps.identify.read(() => ctx.emit('IdCard.CardDetected', {})),
    'IdCard.Cancel': async () => {
      deps.identify.cancelAll();
      return {};
    },
    'Session.End': async () => {
      deps.identify.endSession();
      return {};
    },
  };
}
