import type { RatingReason } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { ServiceEvent } from '../service-event.ts';
export type RatingInput = {
  api: DaemonApi;
  serviceEvent: ServiceEvent;
};
export type RatingContext = RatingInput & {
  level: number | null;
  reasons: RatingReason[];
};
export type RatingEvent =
  | {
      type: 'user.rate';
      level: number;
    }
  | {
      type: 'user.toggleReason';
      reason: RatingReason;
    }
  | {
      type: 'user.submit';
    }
  | {
      type: 'user.skip';
    };
/** Unanswered this long, the rating step gives way to the next person (it never blocks). */
export declare const RATING_IDLE_MS = 30000;
/**
 * 好差评 after a service: five levels (非常满意 … 非常不满意); for the two 差评 levels, reasons from a
 * list. Skipping is always possible and the step goes away by itself. Submitting is fire-and-forget
 * for the person: a failure to record is not their problem (the thanks screen shows either way).
 */
export declare const ratingMachine: import('xstate').StateMachine<
  RatingContext,
  | {
      type: 'user.rate';
      level: number;
    }
  | {
      type: 'user.toggleReason';
      reason: RatingReason;
    }
  | {
      type: 'user.submit';
    }
  | {
      type: 'user.skip';
    },
  {
    [x: string]:
      | import('xstate').ActorRefFromLogic<
          import('xstate').PromiseActorLogic<void, RatingContext, import('xstate').EventObject>
        >
      | undefined;
  },
  {
    src: 'submit';
    logic: import('xstate').PromiseActorLogic<void, RatingContext, import('xstate').EventObject>;
    id: string | undefined;
  },
  never,
  never,
  'thanks' | 'idle',
  'done' | 'reasons' | 'thanks' | 'asking' | 'submitting',
  string,
  RatingInput,
  import('xstate').NonReducibleUnknown,
  import('xstate').EventObject,
  import('xstate').MetaObject,
  {
    id: 'rating';
    states: {
      readonly asking: {};
      readonly reasons: {};
      readonly submitting: {};
      readonly thanks: {};
      readonly done: {};
    };
  },
  import('xstate').MetaObject
>;
