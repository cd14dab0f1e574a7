import { and, assign, fromCallback, fromPromise } from 'xstate';
import { setup } from '../setup.ts';
import type {
  AreaView,
  CompletionPayload,
  LocalizedText,
  PrintOutcome,
  Ticket,
  TicketRefusal,
} from '@hall-kiosk/shared';
import { ISSUE_TICKET_TIMEOUT_MS } from '@hall-kiosk/shared/browser';
import type { DaemonApi } from '../../daemon/client.ts';
import { identifyMachine } from '../identify/identify.machine.ts';
import type { FlowOutput } from '../service-event.ts';

export type TakeTicketInput = {
  api: DaemonApi;
  /** 绿色通道 age; null when there is no ID-card reader (the priority question is then not asked). */
  priorityAge: number | null;
  /** Self-declared disability gives priority (the question offers it). */
  disabilityPriority: boolean;
  /** How priority and waiting are balanced, in one sentence (shown with the priority question). */
  callOrder: LocalizedText | null;
  /** The hall's anti-hoarding limits in one sentence (shown above the areas). */
  ticketPolicy?: LocalizedText | null;
};

/** A random key for one attempt at a ticket (Queue.IssueTicket requestKey). */
function newRequestKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export type TakeTicketContext = {
  api: DaemonApi;
  priorityAge: number | null;
  disabilityPriority: boolean;
  callOrder: LocalizedText | null;
  ticketPolicy: LocalizedText | null;
  /** The daemon asked for the card (identityRequired): identifying may not be skipped. */
  cardRequired: boolean;
  /** Issue the ticket with the identity read in this session (the daemon decides priority from it). */
  useIdentity: boolean;
  declaredDisability: boolean;
  areas: AreaView[];
  /** Why the daemon issued no ticket, and when the area opens next. */
  refusal: { reason: TicketRefusal; opensAt: string | null } | null;
  areaId: string | null;
  ticket: Ticket | null;
  print: PrintOutcome | null;
  /** The ticket waits in a presenter; the daemon will say whether it was taken or retracted. */
  presented: boolean;
  /** Seconds left before the ticket screen goes back to the start by itself. */
  secondsLeft: number;
  /** This attempt's key (Queue.IssueTicket requestKey): kept when the citizen retries after no answer. */
  requestKey: string | null;
  /** The next issuing is a retry of the same attempt. */
  retrying: boolean;
};

export type TakeTicketEvent =
  | { type: 'user.chooseArea'; areaId: string }
  | { type: 'user.priority' }
  | { type: 'user.noPriority' }
  | { type: 'user.disability' }
  | { type: 'user.back' }
  | { type: 'user.finish' }
  | { type: 'user.retry' }
  | { type: 'media.taken' }
  | { type: 'media.retracted' };

/** How long the "take your ticket" screen stays before returning to the start. */
export const TICKET_SCREEN_SECONDS = 15;

/**
 * Take a queue ticket: choose an area → (if there is an ID-card reader) priority or not; priority
 * means identifying with the card, and the daemon decides from the age on it → the daemon issues a
 * number and prints it → show the number. If printing fails the number is still shown, large, with
 * what to do (the daemon has kept it). If the daemon cannot issue a number, say so; offer to retry.
 */
export const takeTicketMachine = setup({
  types: {
    input: {} as TakeTicketInput,
    context: {} as TakeTicketContext,
    events: {} as TakeTicketEvent,
    children: {} as { identify: 'identify' },
    output: {} as FlowOutput,
  },
  actors: {
    loadAreas: fromPromise<CompletionPayload<'Queue.ListAreas'>, { api: DaemonApi }>(({ input }) =>
      input.api.request('Queue.ListAreas', {}),
    ),
    issueTicket: fromPromise<
      CompletionPayload<'Queue.IssueTicket'>,
      {
        api: DaemonApi;
        areaId: string;
        useIdentity: boolean;
        declaredDisability: boolean;
        requestKey: string;
      }
    >(({ input }) =>
      input.api.request(
        'Queue.IssueTicket',
        {
          areaId: input.areaId,
          ...(input.useIdentity ? { useIdentity: true } : {}),
          ...(input.declaredDisability ? { declaredDisability: true } : {}),
          requestKey: input.requestKey,
        },
        { timeoutMs: ISSUE_TICKET_TIMEOUT_MS },
      ),
    ),
    identify: identifyMachine,
    /** Listens for the daemon's word on this ticket's presenter. */
    watchPresenter: fromCallback<TakeTicketEvent, { api: DaemonApi; ticketId: number }>(
      ({ input, sendBack }) => {
        const offTaken = input.api.onUnsolicited('Printer.MediaTaken', (p) => {
          if (p.ticketId === input.ticketId) sendBack({ type: 'media.taken' });
        });
        const offRetracted = input.api.onUnsolicited('Printer.MediaRetracted', (p) => {
          if (p.ticketId === input.ticketId) sendBack({ type: 'media.retracted' });
        });
        return () => {
          offTaken();
          offRetracted();
        };
      },
    ),
  },
  guards: {
    wasRefused: ({ event }) =>
      (event as unknown as { output: { result: string } }).output.result === 'refused',
    wasPrinted: ({ event }) => {
      const output = (event as unknown as { output: { print?: PrintOutcome } }).output;
      return output.print?.printed === true;
    },
    timeIsUp: ({ context }) => context.secondsLeft <= 1,
    isKnownArea: ({ context, event }) =>
      event.type === 'user.chooseArea' && context.areas.some((a) => a.area.id === event.areaId),
    isClosedArea: ({ context, event }) =>
      event.type === 'user.chooseArea' &&
      context.areas.some((a) => a.area.id === event.areaId && !a.availability.open),
    asksPriority: ({ context }) => context.priorityAge !== null || context.disabilityPriority,
    canIdentify: ({ context }) => context.priorityAge !== null,
    needsCard: ({ context, event }) => {
      const output = (event as unknown as { output: { result: string; reason?: string } }).output;
      return (
        output.result === 'refused' &&
        output.reason === 'identityRequired' &&
        !context.cardRequired &&
        !context.useIdentity &&
        context.priorityAge !== null
      );
    },
    isPresented: ({ context }) => context.presented,
  },
  actions: {
    rememberArea: assign({ areaId: ({ event }) => (event.type === 'user.chooseArea' ? event.areaId : null) }),
  },
  delays: { second: 1000, thanks: 3000 },
}).createMachine({
  id: 'takeTicket',
  output: ({ context }) => ({
    serviceEvent: context.ticket ? { kind: 'ticket', ref: String(context.ticket.id) } : null,
  }),
  context: ({ input }) => ({
    api: input.api,
    priorityAge: input.priorityAge,
    disabilityPriority: input.disabilityPriority,
    callOrder: input.callOrder,
    ticketPolicy: input.ticketPolicy ?? null,
    cardRequired: false,
    useIdentity: false,
    declaredDisability: false,
    areas: [],
    refusal: null,
    areaId: null,
    ticket: null,
    print: null,
    presented: false,
    secondsLeft: TICKET_SCREEN_SECONDS,
    requestKey: null,
    retrying: false,
  }),
  initial: 'loadingAreas',
  states: {
    loadingAreas: {
      invoke: {
        src: 'loadAreas',
        input: ({ context }) => ({ api: context.api }),
        onDone: { target: 'choosingArea', actions: assign({ areas: ({ event }) => event.output.areas }) },
        onError: 'unavailable',
      },
    },
    choosingArea: {
      on: {
        'user.chooseArea': [
          { guard: 'isClosedArea', target: 'areaClosed', actions: 'rememberArea' },
          { guard: and(['isKnownArea', 'asksPriority']), target: 'askingPriority', actions: 'rememberArea' },
          { guard: 'isKnownArea', target: 'issuing', actions: 'rememberArea' },
        ],
      },
    },
    // Closed now (hours, holiday, daily cap): say so, say when it opens, offer what is open instead.
    areaClosed: {
      on: { 'user.back': 'loadingAreas', 'user.finish': 'done' },
    },
    askingPriority: {
      on: {
        'user.priority': { guard: 'canIdentify', target: 'identifying' },
        'user.disability': {
          guard: ({ context }) => context.disabilityPriority,
          target: 'issuing',
          actions: assign({ declaredDisability: true }),
        },
        'user.noPriority': 'issuing',
      },
    },
    identifying: {
      invoke: {
        id: 'identify',
        src: 'identify',
        input: ({ context }) => ({ api: context.api, allowWithoutCard: !context.cardRequired }),
        onDone: {
          target: 'issuing',
          actions: assign({ useIdentity: ({ event }) => event.output.identity !== null }),
        },
      },
    },
    issuing: {
      // A new attempt gets a new key; a retry after no answer sends the same one again, so a ticket
      // issued while the answer was lost comes back instead of a second number.
      entry: assign({
        requestKey: ({ context }) =>
          context.retrying && context.requestKey ? context.requestKey : newRequestKey(),
        retrying: false,
      }),
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({
          api: context.api,
          areaId: context.areaId!,
          useIdentity: context.useIdentity,
          declaredDisability: context.declaredDisability,
          requestKey: context.requestKey!,
        }),
        onDone: [
          {
            // The hall wants the card for this ticket (queue.identify, or its limit without a card):
            // ask for it once, then issue again with it.
            guard: 'needsCard',
            target: 'identifying',
            actions: assign({ cardRequired: true }),
          },
          {
            guard: 'wasRefused',
            target: 'refused',
            actions: assign({
              refusal: ({ event }) =>
                event.output.result === 'refused'
                  ? { reason: event.output.reason, opensAt: event.output.opensAt }
                  : null,
            }),
          },
          {
            guard: 'wasPrinted',
            target: 'printed',
            actions: assign(({ event }) =>
              event.output.result === 'issued'
                ? {
                    ticket: event.output.ticket,
                    print: event.output.print,
                    presented: event.output.presented,
                  }
                : {},
            ),
          },
          {
            target: 'notPrinted',
            actions: assign(({ event }) =>
              event.output.result === 'issued'
                ? { ticket: event.output.ticket, print: event.output.print }
                : {},
            ),
          },
        ],
        onError: 'unavailable',
      },
    },
    printed: {
      entry: assign({ secondsLeft: TICKET_SCREEN_SECONDS }),
      initial: 'route',
      states: {
        route: { always: [{ guard: 'isPresented', target: 'inPresenter' }, { target: 'counting' }] },
        inPresenter: {
          invoke: {
            src: 'watchPresenter',
            input: ({ context }) => ({ api: context.api, ticketId: context.ticket!.id }),
          },
          on: { 'media.taken': 'taken', 'media.retracted': '#takeTicket.retracted' },
        },
        taken: { after: { thanks: '#takeTicket.done' } },
        counting: {
          after: {
            second: [
              { guard: 'timeIsUp', target: '#takeTicket.done' },
              {
                target: 'counting',
                reenter: true,
                actions: assign({ secondsLeft: ({ context }) => context.secondsLeft - 1 }),
              },
            ],
          },
        },
      },
      on: { 'user.finish': 'done' },
    },
    // No automatic return here: the person must have time to note the number. The session's
    // inactivity warning still applies.
    notPrinted: {
      on: { 'user.finish': 'done' },
    },
    // Printed, but nobody took it and the presenter pulled it back: the number still counts.
    retracted: {
      on: { 'user.finish': 'done' },
    },
    // The daemon issued no ticket: closed meanwhile, full, or this person's limit for the area reached.
    refused: {
      on: { 'user.back': 'loadingAreas', 'user.finish': 'done' },
    },
    unavailable: {
      on: {
        'user.retry': [
          {
            guard: ({ context }) => context.areaId !== null,
            target: 'issuing',
            actions: assign({ retrying: true }),
          },
          { target: 'loadingAreas' },
        ],
        'user.finish': 'done',
      },
    },
    done: { type: 'final' },
  },
});
