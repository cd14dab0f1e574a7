import type { AreaView, LocalizedText, PrintOutcome, Ticket, TicketRefusal } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { FlowOutput } from '../service-event.ts';
export type TakeTicketInput = {
  api: DaemonApi;
  /** 绿色通道 age; null when there is no ID-card reader (the priority question is then not asked). */
  priorityAge: number | null;
  /** Self-declared disability gives priority (the question offers it). */
  disabilityPriority: boolean;
  /** How priority and waiting are balanced, in one sentence (shown with the priority question). */
  callOrder: LocalizedText | null;
};
export type TakeTicketContext = {
  api: DaemonApi;
  priorityAge: number | null;
  disabilityPriority: boolean;
  callOrder: LocalizedText | null;
  /** Issue the ticket with the identity read in this session (the daemon decides priority from it). */
  useIdentity: boolean;
  declaredDisability: boolean;
  areas: AreaView[];
  /** Why the daemon issued no ticket, and when the area opens next. */
  refusal: {
    reason: TicketRefusal;
    opensAt: string | null;
  } | null;
  areaId: string | null;
  ticket: Ticket | null;
  print: PrintOutcome | null;
  /** The ticket waits in a presenter; the daemon will say whether it was taken or retracted. */
  presented: boolean;
  /** Seconds left before the ticket screen goes back to the start by itself. */
  secondsLeft: number;
};
export type TakeTicketEvent =
  | {
      type: 'user.chooseArea';
      areaId: string;
    }
  | {
      type: 'user.priority';
    }
  | {
      type: 'user.noPriority';
    }
  | {
      type: 'user.disability';
    }
  | {
      type: 'user.back';
    }
  | {
      type: 'user.finish';
    }
  | {
      type: 'user.retry';
    }
  | {
      type: 'ticket.taken';
    }
  | {
      type: 'ticket.retracted';
    };
/** How long the "take your ticket" screen stays before returning to the start. */
export declare const TICKET_SCREEN_SECONDS = 15;
/**
 * Take a queue ticket: choose an area → (if there is an ID-card reader) priority or not; priority
 * means identifying with the card, and the daemon decides from the age on it → the daemon issues a
 * number and prints it → show the number. If printing fails the number is still shown, large, with
 * what to do (the daemon has kept it). If the daemon cannot issue a number, say so; offer to retry.
 */
export declare const takeTicketMachine: import('xstate').StateMachine<
  TakeTicketContext,
  | {
      type: 'user.chooseArea';
      areaId: string;
    }
  | {
      type: 'user.priority';
    }
  | {
      type: 'user.noPriority';
    }
  | {
      type: 'user.disability';
    }
  | {
      type: 'user.back';
    }
  | {
      type: 'user.finish';
    }
  | {
      type: 'user.retry';
    }
  | {
      type: 'ticket.taken';
    }
  | {
      type: 'ticket.retracted';
    },
  {
    [x: string]:
      | import('xstate').ActorRefFromLogic<
          | import('xstate').PromiseActorLogic<
              {
                areas: {
                  area: {
                    id: string;
                    prefix: string;
                    name: {
                      zh: string;
                      en: string;
                    };
                  };
                  availability:
                    | {
                        open: true;
                        closesAt: string | null;
                      }
                    | {
                        open: false;
                        reason: 'outsideHours' | 'holiday' | 'capReached';
                        opensAt: string | null;
                      };
                  waiting: number;
                  estimatedWaitMinutes: number | null;
                }[];
              },
              {
                api: DaemonApi;
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
                  result: 'issued';
                }
              | {
                  result: 'refused';
                  reason: 'outsideHours' | 'holiday' | 'capReached' | 'identityLimit';
                  opensAt: string | null;
                },
              {
                api: DaemonApi;
                areaId: string;
                useIdentity: boolean;
                declaredDisability: boolean;
              },
              import('xstate').EventObject
            >
          | import('xstate').CallbackActorLogic<
              TakeTicketEvent,
              {
                api: DaemonApi;
                ticketId: number;
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
      src: 'loadAreas';
      logic: import('xstate').PromiseActorLogic<
        {
          areas: {
            area: {
              id: string;
              prefix: string;
              name: {
                zh: string;
                en: string;
              };
            };
            availability:
              | {
                  open: true;
                  closesAt: string | null;
                }
              | {
                  open: false;
                  reason: 'outsideHours' | 'holiday' | 'capReached';
                  opensAt: string | null;
                };
            waiting: number;
            estimatedWaitMinutes: number | null;
          }[];
        },
        {
          api: DaemonApi;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    }
  | {
      src: 'issueTicket';
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
            result: 'issued';
          }
        | {
            result: 'refused';
            reason: 'outsideHours' | 'holiday' | 'capReached' | 'identityLimit';
            opensAt: string | null;
          },
        {
          api: DaemonApi;
          areaId: string;
          useIdentity: boolean;
          declaredDisability: boolean;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    }
  | {
      src: 'watchPresenter';
      logic: import('xstate').CallbackActorLogic<
        TakeTicketEvent,
        {
          api: DaemonApi;
          ticketId: number;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    },
  {
    type: 'rememberArea';
    params: import('xstate').NonReducibleUnknown;
  },
  | {
      type: 'wasRefused';
      params: unknown;
    }
  | {
      type: 'wasPrinted';
      params: unknown;
    }
  | {
      type: 'timeIsUp';
      params: unknown;
    }
  | {
      type: 'isKnownArea';
      params: unknown;
    }
  | {
      type: 'isClosedArea';
      params: unknown;
    }
  | {
      type: 'asksPriority';
      params: unknown;
    }
  | {
      type: 'canIdentify';
      params: unknown;
    }
  | {
      type: 'isPresented';
      params: unknown;
    },
  'second' | 'thanks',
  | 'done'
  | 'retracted'
  | 'refused'
  | 'unavailable'
  | 'loadingAreas'
  | 'choosingArea'
  | 'areaClosed'
  | 'askingPriority'
  | 'issuing'
  | 'identifying'
  | 'notPrinted'
  | {
      printed: 'taken' | 'route' | 'inPresenter' | 'counting';
    },
  string,
  TakeTicketInput,
  FlowOutput,
  import('xstate').EventObject,
  import('xstate').MetaObject,
  {
    id: 'takeTicket';
    states: {
      readonly loadingAreas: {};
      readonly choosingArea: {};
      readonly areaClosed: {};
      readonly askingPriority: {};
      readonly identifying: {};
      readonly issuing: {};
      readonly printed: {
        states: {
          readonly route: {};
          readonly inPresenter: {};
          readonly taken: {};
          readonly counting: {};
        };
      };
      readonly notPrinted: {};
      readonly retracted: {};
      readonly refused: {};
      readonly unavailable: {};
      readonly done: {};
    };
  },
  import('xstate').MetaObject
>;
