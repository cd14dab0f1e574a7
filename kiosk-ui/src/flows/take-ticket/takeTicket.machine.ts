import { and, assign, fromCallback, fromPromise, setup } from 'xstate';
import type { CompletionPayload, PrintOutcome, ServiceArea, Ticket } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import { identifyMachine } from '../identify/identify.machine.ts';

export type TakeTicketInput = {
  api: DaemonApi;
  /** 绿色通道 age; null when there is no ID-card reader (the priority question is then not asked). */
  priorityAge: number | null;
};

export type TakeTicketContext = {
  api: DaemonApi;
  priorityAge: number | null;
  /** Issue the ticket with the identity read in this session (the daemon decides priority from it). */
  useIdentity: boolean;
  areas: ServiceArea[];
  areaId: string | null;
  ticket: Ticket | null;
  print: PrintOutcome | null;
  /** The ticket waits in a presenter; the daemon will say whether it was taken or retracted. */
  presented: boolean;
  /** Seconds left before the ticket screen goes back to the start by itself. */
  secondsLeft: number;
};

export type TakeTicketEvent =
  | { type: 'user.chooseArea'; areaId: string }
  | { type: 'user.priority' }
  | { type: 'user.noPriority' }
  | { type: 'user.finish' }
  | { type: 'user.retry' }
  | { type: 'ticket.taken' }
  | { type: 'ticket.retracted' };

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
  },
  actors: {
    loadAreas: fromPromise<CompletionPayload<'Queue.ListAreas'>, { api: DaemonApi }>(({ input }) =>
      input.api.request('Queue.ListAreas', {}),
    ),
    issueTicket: fromPromise<
      CompletionPayload<'Queue.IssueTicket'>,
      { api: DaemonApi; areaId: string; useIdentity: boolean }
    >(({ input }) =>
      input.api.request(
        'Queue.IssueTicket',
        { areaId: input.areaId, ...(input.useIdentity ? { useIdentity: true } : {}) },
        { timeoutMs: 20_000 },
      ),
    ),
    identify: identifyMachine,
    /** Listens for the daemon's word on this ticket's presenter. */
    watchPresenter: fromCallback<TakeTicketEvent, { api: DaemonApi; ticketId: number }>(
      ({ input, sendBack }) => {
        const offTaken = input.api.onUnsolicited('Printer.MediaTaken', (p) => {
          if (p.ticketId === input.ticketId) sendBack({ type: 'ticket.taken' });
        });
        const offRetracted = input.api.onUnsolicited('Printer.MediaRetracted', (p) => {
          if (p.ticketId === input.ticketId) sendBack({ type: 'ticket.retracted' });
        });
        return () => {
          offTaken();
          offRetracted();
        };
      },
    ),
  },
  guards: {
    wasPrinted: ({ event }) => (event as unknown as { output: { print: PrintOutcome } }).output.print.printed,
    timeIsUp: ({ context }) => context.secondsLeft <= 1,
    isKnownArea: ({ context, event }) =>
      event.type === 'user.chooseArea' && context.areas.some((a) => a.id === event.areaId),
    asksPriority: ({ context }) => context.priorityAge !== null,
    isPresented: ({ context }) => context.presented,
  },
  actions: {
    rememberArea: assign({ areaId: ({ event }) => (event.type === 'user.chooseArea' ? event.areaId : null) }),
  },
  delays: { second: 1000, thanks: 3000 },
}).createMachine({
  id: 'takeTicket',
  context: ({ input }) => ({
    api: input.api,
    priorityAge: input.priorityAge,
    useIdentity: false,
    areas: [],
    areaId: null,
    ticket: null,
    print: null,
    presented: false,
    secondsLeft: TICKET_SCREEN_SECONDS,
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
          { guard: and(['isKnownArea', 'asksPriority']), target: 'askingPriority', actions: 'rememberArea' },
          { guard: 'isKnownArea', target: 'issuing', actions: 'rememberArea' },
        ],
      },
    },
    askingPriority: {
      on: {
        'user.priority': 'identifying',
        'user.noPriority': 'issuing',
      },
    },
    identifying: {
      invoke: {
        id: 'identify',
        src: 'identify',
        input: ({ context }) => ({ api: context.api, allowWithoutCard: true }),
        onDone: {
          target: 'issuing',
          actions: assign({ useIdentity: ({ event }) => event.output.identity !== null }),
        },
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({
          api: context.api,
          areaId: context.areaId!,
          useIdentity: context.useIdentity,
        }),
        onDone: [
          {
            guard: 'wasPrinted',
            target: 'printed',
            actions: assign({
              ticket: ({ event }) => event.output.ticket,
              print: ({ event }) => event.output.print,
              presented: ({ event }) => event.output.presented,
            }),
          },
          {
            target: 'notPrinted',
            actions: assign({
              ticket: ({ event }) => event.output.ticket,
              print: ({ event }) => event.output.print,
            }),
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
          on: { 'ticket.taken': 'taken', 'ticket.retracted': '#takeTicket.retracted' },
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
    unavailable: {
      on: {
        'user.retry': [
          { guard: ({ context }) => context.areaId !== null, target: 'issuing' },
          { target: 'loadingAreas' },
        ],
        'user.finish': 'done',
      },
    },
    done: { type: 'final' },
  },
});
