import { assign, fromPromise, setup } from 'xstate';
import type { CompletionPayload, PrintOutcome, ServiceArea, Ticket } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';

export type TakeTicketInput = { api: DaemonApi };

export type TakeTicketContext = {
  api: DaemonApi;
  areas: ServiceArea[];
  areaId: string | null;
  ticket: Ticket | null;
  print: PrintOutcome | null;
  /** Seconds left before the ticket screen goes back to the start by itself. */
  secondsLeft: number;
};

export type TakeTicketEvent =
  | { type: 'user.chooseArea'; areaId: string }
  | { type: 'user.finish' }
  | { type: 'user.retry' }
  | { type: 'tick' };

/** How long the "take your ticket" screen stays before returning to the start. */
export const TICKET_SCREEN_SECONDS = 15;

/**
 * Take a queue ticket: choose an area → the daemon issues a number and prints it → show the number.
 * If printing fails the number is still shown, large, with what to do (the number is already kept
 * by the daemon). If the daemon cannot issue a number, say so and offer to try again.
 */
export const takeTicketMachine = setup({
  types: {
    input: {} as TakeTicketInput,
    context: {} as TakeTicketContext,
    events: {} as TakeTicketEvent,
  },
  actors: {
    loadAreas: fromPromise<CompletionPayload<'Queue.ListAreas'>, { api: DaemonApi }>(({ input }) =>
      input.api.request('Queue.ListAreas', {}),
    ),
    issueTicket: fromPromise<CompletionPayload<'Queue.IssueTicket'>, { api: DaemonApi; areaId: string }>(
      ({ input }) => input.api.request('Queue.IssueTicket', { areaId: input.areaId }, { timeoutMs: 20_000 }),
    ),
  },
  guards: {
    wasPrinted: ({ event }) => (event as unknown as { output: { print: PrintOutcome } }).output.print.printed,
    timeIsUp: ({ context }) => context.secondsLeft <= 1,
  },
  delays: { second: 1000 },
}).createMachine({
  id: 'takeTicket',
  context: ({ input }) => ({
    api: input.api,
    areas: [],
    areaId: null,
    ticket: null,
    print: null,
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
        'user.chooseArea': {
          guard: ({ context, event }) => context.areas.some((a) => a.id === event.areaId),
          target: 'issuing',
          actions: assign({ areaId: ({ event }) => event.areaId }),
        },
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({ api: context.api, areaId: context.areaId! }),
        onDone: [
          {
            guard: 'wasPrinted',
            target: 'printed',
            actions: assign({
              ticket: ({ event }) => event.output.ticket,
              print: ({ event }) => event.output.print,
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
      initial: 'counting',
      states: {
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
