import { assign, fromCallback } from 'xstate';
import { setup } from '../setup.ts';
import type { IdReadFailure, MaskedIdentity } from '@hall-kiosk/shared';
import { DaemonError, type DaemonApi } from '../../daemon/client.ts';

export type IdentifyInput = { api: DaemonApi; allowWithoutCard: boolean };
export type IdentifyOutput = { identity: MaskedIdentity | null };

export type IdentifyFailure = IdReadFailure | 'noReader';

export type IdentifyEvent =
  | { type: 'card.detected' }
  | { type: 'card.identified'; identity: MaskedIdentity }
  | { type: 'card.failed'; reason: IdReadFailure }
  | { type: 'reader.unavailable' }
  | { type: 'user.retry' }
  | { type: 'user.continue' }
  | { type: 'user.noCard' };

/** How long the greeting stays before the flow moves on by itself. */
export const GREETING_MS = 2500;

/**
 * Waits for the daemon to read one card (IdCard.Read); while it waits, the screen shows where to
 * place the card, then "reading…" once the daemon says a card is there. Leaving this actor (done,
 * going home, session end) cancels the read on the daemon. Only the masked identity ever arrives here.
 */
export const readCardActor = fromCallback<IdentifyEvent, { api: DaemonApi }>(({ input, sendBack }) => {
  let settled = false;
  input.api
    .request(
      'IdCard.Read',
      {},
      { timeoutMs: 10 * 60_000, onEvent: () => sendBack({ type: 'card.detected' }) },
    )
    .then((r) => {
      settled = true;
      sendBack(
        r.result === 'identified'
          ? { type: 'card.identified', identity: r.identity }
          : { type: 'card.failed', reason: r.reason },
      );
    })
    .catch((e: unknown) => {
      settled = true;
      if (e instanceof DaemonError && e.code === 'canceled') return;
      sendBack({ type: 'reader.unavailable' });
    });
  return () => {
    if (!settled) void input.api.request('IdCard.Cancel', {}).catch(() => undefined);
  };
});

export const identifyMachine = setup({
  types: {
    input: {} as IdentifyInput,
    context: {} as IdentifyInput & { identity: MaskedIdentity | null; failure: IdentifyFailure | null },
    events: {} as IdentifyEvent,
    output: {} as IdentifyOutput,
  },
  actors: { readCard: readCardActor },
  guards: {
    mayGoWithoutCard: ({ context }) => context.allowWithoutCard,
  },
  delays: { greeting: GREETING_MS },
}).createMachine({
  id: 'identify',
  context: ({ input }) => ({ ...input, identity: null, failure: null }),
  initial: 'waiting',
  states: {
    waiting: {
      invoke: { src: 'readCard', input: ({ context }) => ({ api: context.api }) },
      initial: 'placeCard',
      states: {
        placeCard: { on: { 'card.detected': 'reading' } },
        reading: {},
      },
      on: {
        'card.identified': {
          target: 'greeting',
          actions: assign({ identity: ({ event }) => event.identity }),
        },
        'card.failed': { target: 'failed', actions: assign({ failure: ({ event }) => event.reason }) },
        'reader.unavailable': { target: 'failed', actions: assign({ failure: 'noReader' as const }) },
        'user.noCard': { guard: 'mayGoWithoutCard', target: 'withoutCard' },
      },
    },
    greeting: {
      after: { greeting: 'identified' },
      on: { 'user.continue': 'identified' },
    },
    failed: {
      on: {
        'user.retry': { target: 'waiting', actions: assign({ failure: null }) },
        'user.noCard': { guard: 'mayGoWithoutCard', target: 'withoutCard' },
      },
    },
    identified: { type: 'final' },
    withoutCard: { type: 'final' },
  },
  output: ({ context }) => ({ identity: context.identity }),
});
