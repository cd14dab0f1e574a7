import { assign, fromCallback, fromPromise } from 'xstate';
import { setup } from '../setup.ts';
import type { CommandPayload, CompletionPayload } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import { identifyMachine } from '../identify/identify.machine.ts';
import type { FlowOutput } from '../service-event.ts';

export type CheckInInput = {
  api: DaemonApi;
  /** A code scanner is configured: the booking's QR code works as well as the card. */
  scanner: boolean;
};

type CheckInResult = CompletionPayload<'Appointments.CheckIn'>;

export type CheckInContext = CheckInInput & {
  request: CommandPayload<'Appointments.CheckIn'> | null;
  result: CheckInResult | null;
};

export type CheckInEvent =
  { type: 'scan.read'; code: string } | { type: 'user.finish' } | { type: 'user.retry' };

/**
 * Listens to the scanner while the check-in screen waits (the daemon passes codes on only while a
 * Scanner.Read waits); cancels the read when the screen is left. Does nothing without a scanner.
 */
export const scanActor = fromCallback<CheckInEvent, { api: DaemonApi; scanner: boolean }>(
  ({ input, sendBack }) => {
    if (!input.scanner) return () => undefined;
    let settled = false;
    input.api
      .request('Scanner.Read', {}, { timeoutMs: 3_600_000 })
      .then(({ code }) => {
        settled = true;
        sendBack({ type: 'scan.read', code });
      })
      .catch(() => {
        // Scanner unplugged or read cancelled: the card still works; nothing to tell the person here.
        settled = true;
      });
    return () => {
      if (!settled) void input.api.request('Scanner.Cancel', {}).catch(() => undefined);
    };
  },
);

/**
 * Appointment check-in (预约签到): place the ID card or show the booking's QR code → the daemon finds
 * the booking and checks its window → the appointment ticket (printed, or shown if the printer
 * failed), or why not and what to do instead.
 */
export const checkInMachine = setup({
  types: {
    input: {} as CheckInInput,
    context: {} as CheckInContext,
    events: {} as CheckInEvent,
    children: {} as { identify: 'identify' },
    output: {} as FlowOutput,
  },
  actors: {
    identify: identifyMachine,
    scan: scanActor,
    checkIn: fromPromise<CheckInResult, { api: DaemonApi; request: CommandPayload<'Appointments.CheckIn'> }>(
      ({ input }) => input.api.request('Appointments.CheckIn', input.request, { timeoutMs: 20_000 }),
    ),
  },
  delays: { thanks: 15_000 },
}).createMachine({
  id: 'checkIn',
  output: ({ context }) => ({
    serviceEvent:
      context.result?.result === 'ticket' ? { kind: 'checkIn', ref: String(context.result.ticket.id) } : null,
  }),
  context: ({ input }) => ({ ...input, request: null, result: null }),
  initial: 'waiting',
  states: {
    waiting: {
      invoke: {
        src: 'scan',
        input: ({ context }) => ({ api: context.api, scanner: context.scanner }),
      },
      on: {
        'scan.read': {
          target: 'checking',
          actions: assign({ request: ({ event }) => ({ by: 'code' as const, code: event.code }) }),
        },
      },
      initial: 'card',
      states: {
        card: {
          invoke: {
            id: 'identify',
            src: 'identify',
            input: ({ context }) => ({ api: context.api, allowWithoutCard: true }),
            onDone: [
              {
                guard: ({ event }) => event.output.identity !== null,
                target: '#checkIn.checking',
                actions: assign({ request: { by: 'idCard' as const } }),
              },
              { target: 'noCard' },
            ],
          },
        },
        // Without a card: the QR code still works (the scanner keeps listening); or ask at the desk.
        noCard: {
          on: { 'user.retry': 'card', 'user.finish': '#checkIn.done' },
        },
      },
    },
    checking: {
      invoke: {
        src: 'checkIn',
        input: ({ context }) => ({ api: context.api, request: context.request! }),
        onDone: { target: 'result', actions: assign({ result: ({ event }) => event.output }) },
        onError: 'unavailable',
      },
    },
    result: {
      // A printed ticket: back to the start by itself. Anything else stays until the person is done.
      after: {
        thanks: {
          guard: ({ context }) => context.result?.result === 'ticket' && context.result.print.printed,
          target: 'done',
        },
      },
      on: { 'user.finish': 'done', 'user.retry': { target: 'waiting', actions: assign({ result: null }) } },
    },
    unavailable: {
      on: { 'user.retry': 'checking', 'user.finish': 'done' },
    },
    done: { type: 'final' },
  },
});
