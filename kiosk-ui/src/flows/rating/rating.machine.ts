import { assign, fromPromise } from 'xstate';
import { setup } from '../setup.ts';
import type { RatingReason } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { ServiceEvent } from '../service-event.ts';

export type RatingInput = { api: DaemonApi; serviceEvent: ServiceEvent };

export type RatingContext = RatingInput & { level: number | null; reasons: RatingReason[]; comment: string };

/** Longest comment typed on the kiosk (the daemon accepts 200). */
export const MAX_COMMENT = 120;

export type RatingEvent =
  | { type: 'user.rate'; level: number }
  | { type: 'user.toggleReason'; reason: RatingReason }
  | { type: 'user.commentKey'; key: string }
  | { type: 'user.commentBackspace' }
  | { type: 'user.submit' }
  | { type: 'user.skip' };

/** Unanswered this long, the rating step gives way to the next person (it never blocks). */
export const RATING_IDLE_MS = 30_000;

/**
 * 好差评 after a service: five levels (非常满意 … 非常不满意); for the two 差评 levels, reasons from a
 * list. Skipping is always possible and the step goes away by itself. Submitting is fire-and-forget
 * for the person: a failure to record is not their problem (the thanks screen shows either way).
 */
export const ratingMachine = setup({
  types: {
    input: {} as RatingInput,
    context: {} as RatingContext,
    events: {} as RatingEvent,
  },
  actors: {
    submit: fromPromise<void, RatingContext>(async ({ input }) => {
      await input.api.request('Rating.Submit', {
        event: input.serviceEvent,
        level: input.level!,
        ...(input.level! <= 2 && input.reasons.length > 0 ? { reasons: input.reasons } : {}),
        ...(input.level! <= 2 && input.comment.trim() ? { comment: input.comment.trim() } : {}),
      });
    }),
  },
  delays: { idle: RATING_IDLE_MS, thanks: 2500 },
}).createMachine({
  id: 'rating',
  context: ({ input }) => ({ ...input, level: null, reasons: [], comment: '' }),
  initial: 'asking',
  on: { 'user.skip': '.done' },
  states: {
    asking: {
      after: { idle: 'done' },
      on: {
        'user.rate': [
          {
            guard: ({ event }) => event.level <= 2,
            target: 'reasons',
            actions: assign({ level: ({ event }) => event.level }),
          },
          { target: 'submitting', actions: assign({ level: ({ event }) => event.level }) },
        ],
      },
    },
    reasons: {
      after: { idle: 'submitting' },
      on: {
        'user.toggleReason': {
          target: 'reasons',
          reenter: true,
          actions: assign({
            reasons: ({ context, event }) =>
              context.reasons.includes(event.reason)
                ? context.reasons.filter((r) => r !== event.reason)
                : [...context.reasons, event.reason],
          }),
        },
        'user.commentKey': {
          target: 'reasons',
          reenter: true,
          actions: assign({
            comment: ({ context, event }) => (context.comment + event.key).slice(0, MAX_COMMENT),
          }),
        },
        'user.commentBackspace': {
          target: 'reasons',
          reenter: true,
          actions: assign({ comment: ({ context }) => context.comment.slice(0, -1) }),
        },
        'user.submit': 'submitting',
      },
    },
    submitting: {
      invoke: { src: 'submit', input: ({ context }) => context, onDone: 'thanks', onError: 'thanks' },
    },
    thanks: { after: { thanks: 'done' } },
    done: { type: 'final' },
  },
});
