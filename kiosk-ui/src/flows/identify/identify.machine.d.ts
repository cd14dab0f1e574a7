import type { IdReadFailure, MaskedIdentity } from '@hall-kiosk/shared';
import { type DaemonApi } from '../../daemon/client.ts';
export type IdentifyInput = {
  api: DaemonApi;
  allowWithoutCard: boolean;
};
export type IdentifyOutput = {
  identity: MaskedIdentity | null;
};
export type IdentifyFailure = IdReadFailure | 'noReader';
export type IdentifyEvent =
  | {
      type: 'card.detected';
    }
  | {
      type: 'card.identified';
      identity: MaskedIdentity;
    }
  | {
      type: 'card.failed';
      reason: IdReadFailure;
    }
  | {
      type: 'reader.unavailable';
    }
  | {
      type: 'user.retry';
    }
  | {
      type: 'user.continue';
    }
  | {
      type: 'user.noCard';
    };
/** How long the greeting stays before the flow moves on by itself. */
export declare const GREETING_MS = 2500;
/**
 * Waits for the daemon to read one card (IdCard.Read); while it waits, the screen shows where to
 * place the card, then "reading…" once the daemon says a card is there. Leaving this actor (done,
 * going home, session end) cancels the read on the daemon. Only the masked identity ever arrives here.
 */
export declare const readCardActor: import('xstate').CallbackActorLogic<
  IdentifyEvent,
  {
    api: DaemonApi;
  },
  import('xstate').EventObject
>;
export declare const identifyMachine: import('xstate').StateMachine<
  IdentifyInput & {
    identity: MaskedIdentity | null;
    failure: IdentifyFailure | null;
  },
  | {
      type: 'card.detected';
    }
  | {
      type: 'card.identified';
      identity: MaskedIdentity;
    }
  | {
      type: 'card.failed';
      reason: IdReadFailure;
    }
  | {
      type: 'reader.unavailable';
    }
  | {
      type: 'user.retry';
    }
  | {
      type: 'user.continue';
    }
  | {
      type: 'user.noCard';
    },
  {
    [x: string]:
      | import('xstate').ActorRefFromLogic<
          import('xstate').CallbackActorLogic<
            IdentifyEvent,
            {
              api: DaemonApi;
            },
            import('xstate').EventObject
          >
        >
      | undefined;
  },
  {
    src: 'readCard';
    logic: import('xstate').CallbackActorLogic<
      IdentifyEvent,
      {
        api: DaemonApi;
      },
      import('xstate').EventObject
    >;
    id: string | undefined;
  },
  never,
  {
    type: 'mayGoWithoutCard';
    params: unknown;
  },
  'greeting',
  | 'identified'
  | 'failed'
  | 'greeting'
  | 'withoutCard'
  | {
      waiting: 'placeCard' | 'reading';
    },
  string,
  IdentifyInput,
  IdentifyOutput,
  import('xstate').EventObject,
  import('xstate').MetaObject,
  {
    id: 'identify';
    states: {
      readonly waiting: {
        states: {
          readonly placeCard: {};
          readonly reading: {};
        };
      };
      readonly greeting: {};
      readonly failed: {};
      readonly identified: {};
      readonly withoutCard: {};
    };
  },
  import('xstate').MetaObject
>;
