import type { CommandName, CommandPayload, CompletionPayload, ServiceArea } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { TicketService } from '../tickets/ticket-service.ts';

export type CommandHandlers = {
  [N in CommandName]: (payload: CommandPayload<N>) => Promise<CompletionPayload<N>>;
};

/** One handler per command of the catalogue (shared/src/protocol/catalogue.ts). */
export function createCommandHandlers(deps: {
  registry: DeviceRegistry;
  tickets: TicketService;
  areas: ServiceArea[];
  info: CompletionPayload<'Kiosk.Info'>;
}): CommandHandlers {
  return {
    'Kiosk.Info': async () => deps.info,
    'Common.Status': async () => ({ devices: deps.registry.statuses() }),
    'Queue.ListAreas': async () => ({ areas: deps.areas }),
    'Queue.IssueTicket': async ({ areaId }) => deps.tickets.issue(areaId),
  };
}
