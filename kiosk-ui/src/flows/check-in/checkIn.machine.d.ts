import type { CommandPayload, CompletionPayload } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
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
  | {
      type: 'scan.read';
      code: string;
    }
  | {
      type: 'user.finish';
    }
  | {
      type: 'user.retry';
    };
/**
 * Listens to the scanner while the check-in screen waits (the daemon passes codes on only while a
 * Scanner.Read waits); cancels the read when the screen is left. Does nothing without a scanner.
 */
export declare const scanActor: import('xstate').CallbackActorLogic<
  CheckInEvent,
  {
    api: DaemonApi;
    scanner: boolean;
  },
  import('xstate').EventObject
>;
/**
 * Appointment check-in (预约签到): place the ID card or show the booking's QR code → the daemon finds
 * the booking and checks its window → the appointment ticket (printed, or shown if the printer
 * failed), or why not and what to do instead.
 */
export declare const checkInMachine: import('xstate').StateMachine<
  CheckInContext,
  | {
      type: 'scan.read';
      code: string;
    }
  | {
      type: 'user.finish';
    }
  | {
      type: 'user.retry';
    },
  {
    [x: string]:
      | import('xstate').ActorRefFromLogic<
          | import('xstate').CallbackActorLogic<
              CheckInEvent,
              {
                api: DaemonApi;
                scanner: boolean;
              },
              import('xstate').EventObject
            >
          | import('xstate').PromiseActorLogic<
              | {
                  ticket: {
                    id: number;
                    number: string;
                    areaId: string;
                    businessDate: string;
                    issuedAt: string;
                    peopleAhead: number;
                    priority: boolean;
                    priorityReason: 'age' | 'disability' | 'appointment' | null;
                    appointment: boolean;
                    estimatedWaitMinutes: number | null;
                  };
                  print:
                    | {
                        printed: true;
                      }
                    | {
                        printed: false;
                        reason:
                          | 'hardwareError'
                          | 'timeOut'
                          | 'deviceNotReady'
                          | 'noDevice'
                          | 'paperOut'
                          | 'coverOpen';
                      };
                  presented: boolean;
                  result: 'ticket';
                  reprint: boolean;
                  booking: {
                    areaId: string;
                    areaName: {
                      zh: string;
                      en: string;
                    } | null;
                    date: string;
                    time: string;
                    matter: {
                      zh: string;
                      en: string;
                    } | null;
                  };
                }
              | {
                  result: 'tooEarly';
                  booking: {
                    areaId: string;
                    areaName: {
                      zh: string;
                      en: string;
                    } | null;
                    date: string;
                    time: string;
                    matter: {
                      zh: string;
                      en: string;
                    } | null;
                  };
                  opensAt: string;
                }
              | {
                  result: 'tooLate';
                  booking: {
                    areaId: string;
                    areaName: {
                      zh: string;
                      en: string;
                    } | null;
                    date: string;
                    time: string;
                    matter: {
                      zh: string;
                      en: string;
                    } | null;
                  };
                }
              | {
                  result: 'notFound';
                }
              | {
                  result: 'sourceUnavailable';
                },
              {
                api: DaemonApi;
                request: CommandPayload<'Appointments.CheckIn'>;
              },
              import('xstate').EventObject
            >
        >
      | undefined;
    identify?:
      | import('xstate').ActorRefFromLogic<
          import('xstate').StateMachine<
            import('../identify/identify.machine.ts').IdentifyInput & {
              identity: import('@hall-kiosk/shared').MaskedIdentity | null;
              failure: import('../identify/identify.machine.ts').IdentifyFailure | null;
            },
            | {
                type: 'card.detected';
              }
            | {
                type: 'card.identified';
                identity: import('@hall-kiosk/shared').MaskedIdentity;
              }
            | {
                type: 'card.failed';
                reason: import('@hall-kiosk/shared').IdReadFailure;
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
                      import('../identify/identify.machine.ts').IdentifyEvent,
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
                import('../identify/identify.machine.ts').IdentifyEvent,
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
            import('../identify/identify.machine.ts').IdentifyInput,
            import('../identify/identify.machine.ts').IdentifyOutput,
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
          >
        >
      | undefined;
  },
  | {
      src: 'scan';
      logic: import('xstate').CallbackActorLogic<
        CheckInEvent,
        {
          api: DaemonApi;
          scanner: boolean;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    }
  | {
      src: 'identify';
      logic: import('xstate').StateMachine<
        import('../identify/identify.machine.ts').IdentifyInput & {
          identity: import('@hall-kiosk/shared').MaskedIdentity | null;
          failure: import('../identify/identify.machine.ts').IdentifyFailure | null;
        },
        | {
            type: 'card.detected';
          }
        | {
            type: 'card.identified';
            identity: import('@hall-kiosk/shared').MaskedIdentity;
          }
        | {
            type: 'card.failed';
            reason: import('@hall-kiosk/shared').IdReadFailure;
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
                  import('../identify/identify.machine.ts').IdentifyEvent,
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
            import('../identify/identify.machine.ts').IdentifyEvent,
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
        import('../identify/identify.machine.ts').IdentifyInput,
        import('../identify/identify.machine.ts').IdentifyOutput,
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
      id: 'identify';
    }
  | {
      src: 'checkIn';
      logic: import('xstate').PromiseActorLogic<
        | {
            ticket: {
              id: number;
              number: string;
              areaId: string;
              businessDate: string;
              issuedAt: string;
              peopleAhead: number;
              priority: boolean;
              priorityReason: 'age' | 'disability' | 'appointment' | null;
              appointment: boolean;
              estimatedWaitMinutes: number | null;
            };
            print:
              | {
                  printed: true;
                }
              | {
                  printed: false;
                  reason:
                    'hardwareError' | 'timeOut' | 'deviceNotReady' | 'noDevice' | 'paperOut' | 'coverOpen';
                };
            presented: boolean;
            result: 'ticket';
            reprint: boolean;
            booking: {
              areaId: string;
              areaName: {
                zh: string;
                en: string;
              } | null;
              date: string;
              time: string;
              matter: {
                zh: string;
                en: string;
              } | null;
            };
          }
        | {
            result: 'tooEarly';
            booking: {
              areaId: string;
              areaName: {
                zh: string;
                en: string;
              } | null;
              date: string;
              time: string;
              matter: {
                zh: string;
                en: string;
              } | null;
            };
            opensAt: string;
          }
        | {
            result: 'tooLate';
            booking: {
              areaId: string;
              areaName: {
                zh: string;
                en: string;
              } | null;
              date: string;
              time: string;
              matter: {
                zh: string;
                en: string;
              } | null;
            };
          }
        | {
            result: 'notFound';
          }
        | {
            result: 'sourceUnavailable';
          },
        {
          api: DaemonApi;
          request: CommandPayload<'Appointments.CheckIn'>;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    },
  never,
  never,
  'thanks',
  | 'done'
  | 'result'
  | 'unavailable'
  | 'checking'
  | {
      waiting: 'card' | 'noCard';
    },
  string,
  CheckInInput,
  FlowOutput,
  import('xstate').EventObject,
  import('xstate').MetaObject,
  {
    id: 'checkIn';
    states: {
      readonly waiting: {
        states: {
          readonly card: {};
          readonly noCard: {};
        };
      };
      readonly checking: {};
      readonly result: {};
      readonly unavailable: {};
      readonly done: {};
    };
  },
  import('xstate').MetaObject
>;
export {};
