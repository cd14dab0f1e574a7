import type { CompletionPayload, DeviceName, DeviceStatus, Locale } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { VolumeStep } from '../../voice/voice.ts';
import type { FlowOutput, ServiceEvent } from '../service-event.ts';
/** Inactivity limits (ms). 关怀模式 gets more time; the warning always gives at least 20 s (WCAG 2.2.1). */
export type SessionTiming = {
  idleMs: number;
  idleCareMs: number;
  warnMs: number;
  warnCareMs: number;
};
export declare const DEFAULT_TIMING: SessionTiming;
export type SessionInput = {
  api: DaemonApi;
  timing?: Partial<SessionTiming>;
};
export type SessionContext = {
  api: DaemonApi;
  timing: SessionTiming;
  /** Not personal: what the attract screen shows. Survives sessions. */
  info: CompletionPayload<'Kiosk.Info'> | null;
  /** Not personal: the state of each device, kept current by the daemon's StatusChanged messages. */
  devices: Partial<Record<DeviceName, DeviceStatus>>;
  /** Per person: reset when the session ends. */
  locale: Locale;
  care: boolean;
  /** Spoken prompts; on by default in 关怀模式. */
  voice: boolean;
  volume: VolumeStep;
  /** Per person: what the last flow did, to be rated. */
  serviceEvent: ServiceEvent | null;
};
export type SessionEvent =
  | {
      type: 'user.start';
    }
  | {
      type: 'user.home';
    }
  | {
      type: 'user.chooseTakeTicket';
    }
  | {
      type: 'user.chooseCheckIn';
    }
  | {
      type: 'user.chooseGuide';
    }
  | {
      type: 'user.setLocale';
      locale: Locale;
    }
  | {
      type: 'user.toggleCare';
    }
  | {
      type: 'user.toggleVoice';
    }
  | {
      type: 'user.nextVolume';
    }
  | {
      type: 'user.goodbyeDone';
    }
  | {
      type: 'user.activity';
    }
  | {
      type: 'user.moreTime';
    }
  | {
      type: 'session.timeout';
    }
  /** The person ends their session themselves ("home" on the home screen). */
  | {
      type: 'user.leave';
    }
  | {
      type: 'device.status';
      status: DeviceStatus;
    };
/**
 * One citizen's session. The attract screen waits for a touch; `active` runs a flow (each flow is its
 * own machine, invoked here) beside an inactivity watch that warns before it ends the session. Ending
 * a session — finished, timed out or abandoned — returns to `attract`, whose entry wipes everything
 * that belonged to the person (language, mode, and the flow actor with all it held).
 */
export declare const sessionMachine: import('xstate').StateMachine<
  SessionContext,
  | {
      type: 'user.start';
    }
  | {
      type: 'user.home';
    }
  | {
      type: 'user.chooseTakeTicket';
    }
  | {
      type: 'user.chooseCheckIn';
    }
  | {
      type: 'user.chooseGuide';
    }
  | {
      type: 'user.setLocale';
      locale: Locale;
    }
  | {
      type: 'user.toggleCare';
    }
  | {
      type: 'user.toggleVoice';
    }
  | {
      type: 'user.nextVolume';
    }
  | {
      type: 'user.goodbyeDone';
    }
  | {
      type: 'user.activity';
    }
  | {
      type: 'user.moreTime';
    }
  | {
      type: 'session.timeout';
    }
  | {
      type: 'user.leave';
    }
  | {
      type: 'device.status';
      status: DeviceStatus;
    },
  {
    [x: string]:
      | import('xstate').ActorRefFromLogic<
          | import('xstate').PromiseActorLogic<
              {
                hallName: {
                  zh: string;
                  en: string;
                };
                timeZone: string;
                version: string;
                priorityAge: number;
                idCardReader: boolean;
                hours: Partial<
                  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>
                > | null;
                callOrder: {
                  zh: string;
                  en: string;
                };
                disabilityPriority: boolean;
                appointments: boolean;
                scanner: boolean;
              },
              {
                api: DaemonApi;
              },
              import('xstate').EventObject
            >
          | import('xstate').CallbackActorLogic<
              SessionEvent,
              {
                api: DaemonApi;
              },
              import('xstate').EventObject
            >
          | import('xstate').PromiseActorLogic<
              void,
              {
                api: DaemonApi;
              },
              import('xstate').EventObject
            >
        >
      | undefined;
    rating?:
      | import('xstate').ActorRefFromLogic<
          import('xstate').StateMachine<
            import('../rating/rating.machine.ts').RatingContext,
            | {
                type: 'user.rate';
                level: number;
              }
            | {
                type: 'user.toggleReason';
                reason: import('@hall-kiosk/shared').RatingReason;
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
                    import('xstate').PromiseActorLogic<
                      void,
                      import('../rating/rating.machine.ts').RatingContext,
                      import('xstate').EventObject
                    >
                  >
                | undefined;
            },
            {
              src: 'submit';
              logic: import('xstate').PromiseActorLogic<
                void,
                import('../rating/rating.machine.ts').RatingContext,
                import('xstate').EventObject
              >;
              id: string | undefined;
            },
            never,
            never,
            'thanks' | 'idle',
            'done' | 'reasons' | 'thanks' | 'asking' | 'submitting',
            string,
            import('../rating/rating.machine.ts').RatingInput,
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
          >
        >
      | undefined;
    checkIn?:
      | import('xstate').ActorRefFromLogic<
          import('xstate').StateMachine<
            import('../check-in/checkIn.machine.ts').CheckInContext,
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
                        import('../check-in/checkIn.machine.ts').CheckInEvent,
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
                          request: import('@hall-kiosk/shared').CommandPayload<'Appointments.CheckIn'>;
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
                  import('../check-in/checkIn.machine.ts').CheckInEvent,
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
                    request: import('@hall-kiosk/shared').CommandPayload<'Appointments.CheckIn'>;
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
            import('../check-in/checkIn.machine.ts').CheckInInput,
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
          >
        >
      | undefined;
    guide?:
      | import('xstate').ActorRefFromLogic<
          import('xstate').StateMachine<
            import('../guide/guide.machine.ts').GuideContext,
            | {
                type: 'user.key';
                key: string;
              }
            | {
                type: 'user.backspace';
              }
            | {
                type: 'user.clear';
              }
            | {
                type: 'user.filterArea';
                areaId: string | null;
              }
            | {
                type: 'user.filterLifeEvent';
                lifeEventId: string | null;
              }
            | {
                type: 'user.open';
                code: string;
              }
            | {
                type: 'user.print';
              }
            | {
                type: 'user.back';
              }
            | {
                type: 'user.finish';
              },
            {
              [x: string]:
                | import('xstate').ActorRefFromLogic<
                    | import('xstate').PromiseActorLogic<
                        {
                          matters: {
                            code: string;
                            name: {
                              zh: string;
                              en: string;
                            };
                            areaId: string;
                            department: {
                              zh: string;
                              en: string;
                            };
                            visits: number;
                          }[];
                          lifeEvents: {
                            id: string;
                            name: {
                              zh: string;
                              en: string;
                            };
                          }[];
                        },
                        {
                          api: DaemonApi;
                          areaId: string | null;
                          lifeEventId: string | null;
                        },
                        import('xstate').EventObject
                      >
                    | import('xstate').PromiseActorLogic<
                        {
                          matters: {
                            code: string;
                            name: {
                              zh: string;
                              en: string;
                            };
                            areaId: string;
                            department: {
                              zh: string;
                              en: string;
                            };
                            visits: number;
                          }[];
                          total: number;
                        },
                        {
                          api: DaemonApi;
                          query: string;
                        },
                        import('xstate').EventObject
                      >
                    | import('xstate').PromiseActorLogic<
                        {
                          matter: {
                            code: string;
                            name: {
                              zh: string;
                              en: string;
                            };
                            areaId: string;
                            department: {
                              zh: string;
                              en: string;
                            };
                            conditions: {
                              zh: string;
                              en: string;
                            }[];
                            materials: {
                              name: {
                                zh: string;
                                en: string;
                              };
                              form: 'original' | 'copy' | 'originalAndCopy';
                              count: number;
                              note?:
                                | {
                                    zh: string;
                                    en: string;
                                  }
                                | undefined;
                            }[];
                            steps: {
                              zh: string;
                              en: string;
                            }[];
                            legalDays: number;
                            promisedDays: number;
                            fees: {
                              zh: string;
                              en: string;
                            };
                            legalBasis: {
                              zh: string;
                              en: string;
                            }[];
                            visits: number;
                            online: {
                              url: string;
                              note?:
                                | {
                                    zh: string;
                                    en: string;
                                  }
                                | undefined;
                            } | null;
                            faq: {
                              q: {
                                zh: string;
                                en: string;
                              };
                              a: {
                                zh: string;
                                en: string;
                              };
                            }[];
                            contact: {
                              phone?: string | undefined;
                              place?:
                                | {
                                    zh: string;
                                    en: string;
                                  }
                                | undefined;
                            };
                            keywords?: string[] | undefined;
                          };
                          guideViewId: number;
                        },
                        {
                          api: DaemonApi;
                          code: string;
                        },
                        import('xstate').EventObject
                      >
                    | import('xstate').PromiseActorLogic<
                        {
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
                          printJobId: number | null;
                        },
                        {
                          api: DaemonApi;
                          code: string;
                        },
                        import('xstate').EventObject
                      >
                  >
                | undefined;
            },
            | {
                src: 'search';
                logic: import('xstate').PromiseActorLogic<
                  {
                    matters: {
                      code: string;
                      name: {
                        zh: string;
                        en: string;
                      };
                      areaId: string;
                      department: {
                        zh: string;
                        en: string;
                      };
                      visits: number;
                    }[];
                    total: number;
                  },
                  {
                    api: DaemonApi;
                    query: string;
                  },
                  import('xstate').EventObject
                >;
                id: string | undefined;
              }
            | {
                src: 'guide';
                logic: import('xstate').PromiseActorLogic<
                  {
                    matter: {
                      code: string;
                      name: {
                        zh: string;
                        en: string;
                      };
                      areaId: string;
                      department: {
                        zh: string;
                        en: string;
                      };
                      conditions: {
                        zh: string;
                        en: string;
                      }[];
                      materials: {
                        name: {
                          zh: string;
                          en: string;
                        };
                        form: 'original' | 'copy' | 'originalAndCopy';
                        count: number;
                        note?:
                          | {
                              zh: string;
                              en: string;
                            }
                          | undefined;
                      }[];
                      steps: {
                        zh: string;
                        en: string;
                      }[];
                      legalDays: number;
                      promisedDays: number;
                      fees: {
                        zh: string;
                        en: string;
                      };
                      legalBasis: {
                        zh: string;
                        en: string;
                      }[];
                      visits: number;
                      online: {
                        url: string;
                        note?:
                          | {
                              zh: string;
                              en: string;
                            }
                          | undefined;
                      } | null;
                      faq: {
                        q: {
                          zh: string;
                          en: string;
                        };
                        a: {
                          zh: string;
                          en: string;
                        };
                      }[];
                      contact: {
                        phone?: string | undefined;
                        place?:
                          | {
                              zh: string;
                              en: string;
                            }
                          | undefined;
                      };
                      keywords?: string[] | undefined;
                    };
                    guideViewId: number;
                  },
                  {
                    api: DaemonApi;
                    code: string;
                  },
                  import('xstate').EventObject
                >;
                id: string | undefined;
              }
            | {
                src: 'browse';
                logic: import('xstate').PromiseActorLogic<
                  {
                    matters: {
                      code: string;
                      name: {
                        zh: string;
                        en: string;
                      };
                      areaId: string;
                      department: {
                        zh: string;
                        en: string;
                      };
                      visits: number;
                    }[];
                    lifeEvents: {
                      id: string;
                      name: {
                        zh: string;
                        en: string;
                      };
                    }[];
                  },
                  {
                    api: DaemonApi;
                    areaId: string | null;
                    lifeEventId: string | null;
                  },
                  import('xstate').EventObject
                >;
                id: string | undefined;
              }
            | {
                src: 'printChecklist';
                logic: import('xstate').PromiseActorLogic<
                  {
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
                    printJobId: number | null;
                  },
                  {
                    api: DaemonApi;
                    code: string;
                  },
                  import('xstate').EventObject
                >;
                id: string | undefined;
              },
            never,
            {
              type: 'hasQuery';
              params: unknown;
            },
            'debounce',
            | 'done'
            | 'opening'
            | 'viewing'
            | 'printing'
            | {
                finding: 'ready' | 'failed' | 'browsing' | 'typing' | 'searching';
              },
            string,
            import('../guide/guide.machine.ts').GuideInput,
            FlowOutput,
            import('xstate').EventObject,
            import('xstate').MetaObject,
            {
              id: 'guide';
              states: {
                readonly finding: {
                  states: {
                    readonly browsing: {};
                    readonly typing: {};
                    readonly searching: {};
                    readonly ready: {};
                    readonly failed: {};
                  };
                };
                readonly opening: {};
                readonly viewing: {};
                readonly printing: {};
                readonly done: {};
              };
            },
            import('xstate').MetaObject
          >
        >
      | undefined;
    takeTicket?:
      | import('xstate').ActorRefFromLogic<
          import('xstate').StateMachine<
            import('../take-ticket/takeTicket.machine.ts').TakeTicketContext,
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
                        import('../take-ticket/takeTicket.machine.ts').TakeTicketEvent,
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
                >;
                id: string | undefined;
              }
            | {
                src: 'watchPresenter';
                logic: import('xstate').CallbackActorLogic<
                  import('../take-ticket/takeTicket.machine.ts').TakeTicketEvent,
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
            import('../take-ticket/takeTicket.machine.ts').TakeTicketInput,
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
          >
        >
      | undefined;
  },
  | {
      src: 'rating';
      logic: import('xstate').StateMachine<
        import('../rating/rating.machine.ts').RatingContext,
        | {
            type: 'user.rate';
            level: number;
          }
        | {
            type: 'user.toggleReason';
            reason: import('@hall-kiosk/shared').RatingReason;
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
                import('xstate').PromiseActorLogic<
                  void,
                  import('../rating/rating.machine.ts').RatingContext,
                  import('xstate').EventObject
                >
              >
            | undefined;
        },
        {
          src: 'submit';
          logic: import('xstate').PromiseActorLogic<
            void,
            import('../rating/rating.machine.ts').RatingContext,
            import('xstate').EventObject
          >;
          id: string | undefined;
        },
        never,
        never,
        'thanks' | 'idle',
        'done' | 'reasons' | 'thanks' | 'asking' | 'submitting',
        string,
        import('../rating/rating.machine.ts').RatingInput,
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
      id: 'rating';
    }
  | {
      src: 'checkIn';
      logic: import('xstate').StateMachine<
        import('../check-in/checkIn.machine.ts').CheckInContext,
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
                    import('../check-in/checkIn.machine.ts').CheckInEvent,
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
                      request: import('@hall-kiosk/shared').CommandPayload<'Appointments.CheckIn'>;
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
              import('../check-in/checkIn.machine.ts').CheckInEvent,
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
                request: import('@hall-kiosk/shared').CommandPayload<'Appointments.CheckIn'>;
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
        import('../check-in/checkIn.machine.ts').CheckInInput,
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
      id: 'checkIn';
    }
  | {
      src: 'guide';
      logic: import('xstate').StateMachine<
        import('../guide/guide.machine.ts').GuideContext,
        | {
            type: 'user.key';
            key: string;
          }
        | {
            type: 'user.backspace';
          }
        | {
            type: 'user.clear';
          }
        | {
            type: 'user.filterArea';
            areaId: string | null;
          }
        | {
            type: 'user.filterLifeEvent';
            lifeEventId: string | null;
          }
        | {
            type: 'user.open';
            code: string;
          }
        | {
            type: 'user.print';
          }
        | {
            type: 'user.back';
          }
        | {
            type: 'user.finish';
          },
        {
          [x: string]:
            | import('xstate').ActorRefFromLogic<
                | import('xstate').PromiseActorLogic<
                    {
                      matters: {
                        code: string;
                        name: {
                          zh: string;
                          en: string;
                        };
                        areaId: string;
                        department: {
                          zh: string;
                          en: string;
                        };
                        visits: number;
                      }[];
                      lifeEvents: {
                        id: string;
                        name: {
                          zh: string;
                          en: string;
                        };
                      }[];
                    },
                    {
                      api: DaemonApi;
                      areaId: string | null;
                      lifeEventId: string | null;
                    },
                    import('xstate').EventObject
                  >
                | import('xstate').PromiseActorLogic<
                    {
                      matters: {
                        code: string;
                        name: {
                          zh: string;
                          en: string;
                        };
                        areaId: string;
                        department: {
                          zh: string;
                          en: string;
                        };
                        visits: number;
                      }[];
                      total: number;
                    },
                    {
                      api: DaemonApi;
                      query: string;
                    },
                    import('xstate').EventObject
                  >
                | import('xstate').PromiseActorLogic<
                    {
                      matter: {
                        code: string;
                        name: {
                          zh: string;
                          en: string;
                        };
                        areaId: string;
                        department: {
                          zh: string;
                          en: string;
                        };
                        conditions: {
                          zh: string;
                          en: string;
                        }[];
                        materials: {
                          name: {
                            zh: string;
                            en: string;
                          };
                          form: 'original' | 'copy' | 'originalAndCopy';
                          count: number;
                          note?:
                            | {
                                zh: string;
                                en: string;
                              }
                            | undefined;
                        }[];
                        steps: {
                          zh: string;
                          en: string;
                        }[];
                        legalDays: number;
                        promisedDays: number;
                        fees: {
                          zh: string;
                          en: string;
                        };
                        legalBasis: {
                          zh: string;
                          en: string;
                        }[];
                        visits: number;
                        online: {
                          url: string;
                          note?:
                            | {
                                zh: string;
                                en: string;
                              }
                            | undefined;
                        } | null;
                        faq: {
                          q: {
                            zh: string;
                            en: string;
                          };
                          a: {
                            zh: string;
                            en: string;
                          };
                        }[];
                        contact: {
                          phone?: string | undefined;
                          place?:
                            | {
                                zh: string;
                                en: string;
                              }
                            | undefined;
                        };
                        keywords?: string[] | undefined;
                      };
                      guideViewId: number;
                    },
                    {
                      api: DaemonApi;
                      code: string;
                    },
                    import('xstate').EventObject
                  >
                | import('xstate').PromiseActorLogic<
                    {
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
                      printJobId: number | null;
                    },
                    {
                      api: DaemonApi;
                      code: string;
                    },
                    import('xstate').EventObject
                  >
              >
            | undefined;
        },
        | {
            src: 'search';
            logic: import('xstate').PromiseActorLogic<
              {
                matters: {
                  code: string;
                  name: {
                    zh: string;
                    en: string;
                  };
                  areaId: string;
                  department: {
                    zh: string;
                    en: string;
                  };
                  visits: number;
                }[];
                total: number;
              },
              {
                api: DaemonApi;
                query: string;
              },
              import('xstate').EventObject
            >;
            id: string | undefined;
          }
        | {
            src: 'guide';
            logic: import('xstate').PromiseActorLogic<
              {
                matter: {
                  code: string;
                  name: {
                    zh: string;
                    en: string;
                  };
                  areaId: string;
                  department: {
                    zh: string;
                    en: string;
                  };
                  conditions: {
                    zh: string;
                    en: string;
                  }[];
                  materials: {
                    name: {
                      zh: string;
                      en: string;
                    };
                    form: 'original' | 'copy' | 'originalAndCopy';
                    count: number;
                    note?:
                      | {
                          zh: string;
                          en: string;
                        }
                      | undefined;
                  }[];
                  steps: {
                    zh: string;
                    en: string;
                  }[];
                  legalDays: number;
                  promisedDays: number;
                  fees: {
                    zh: string;
                    en: string;
                  };
                  legalBasis: {
                    zh: string;
                    en: string;
                  }[];
                  visits: number;
                  online: {
                    url: string;
                    note?:
                      | {
                          zh: string;
                          en: string;
                        }
                      | undefined;
                  } | null;
                  faq: {
                    q: {
                      zh: string;
                      en: string;
                    };
                    a: {
                      zh: string;
                      en: string;
                    };
                  }[];
                  contact: {
                    phone?: string | undefined;
                    place?:
                      | {
                          zh: string;
                          en: string;
                        }
                      | undefined;
                  };
                  keywords?: string[] | undefined;
                };
                guideViewId: number;
              },
              {
                api: DaemonApi;
                code: string;
              },
              import('xstate').EventObject
            >;
            id: string | undefined;
          }
        | {
            src: 'browse';
            logic: import('xstate').PromiseActorLogic<
              {
                matters: {
                  code: string;
                  name: {
                    zh: string;
                    en: string;
                  };
                  areaId: string;
                  department: {
                    zh: string;
                    en: string;
                  };
                  visits: number;
                }[];
                lifeEvents: {
                  id: string;
                  name: {
                    zh: string;
                    en: string;
                  };
                }[];
              },
              {
                api: DaemonApi;
                areaId: string | null;
                lifeEventId: string | null;
              },
              import('xstate').EventObject
            >;
            id: string | undefined;
          }
        | {
            src: 'printChecklist';
            logic: import('xstate').PromiseActorLogic<
              {
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
                printJobId: number | null;
              },
              {
                api: DaemonApi;
                code: string;
              },
              import('xstate').EventObject
            >;
            id: string | undefined;
          },
        never,
        {
          type: 'hasQuery';
          params: unknown;
        },
        'debounce',
        | 'done'
        | 'opening'
        | 'viewing'
        | 'printing'
        | {
            finding: 'ready' | 'failed' | 'browsing' | 'typing' | 'searching';
          },
        string,
        import('../guide/guide.machine.ts').GuideInput,
        FlowOutput,
        import('xstate').EventObject,
        import('xstate').MetaObject,
        {
          id: 'guide';
          states: {
            readonly finding: {
              states: {
                readonly browsing: {};
                readonly typing: {};
                readonly searching: {};
                readonly ready: {};
                readonly failed: {};
              };
            };
            readonly opening: {};
            readonly viewing: {};
            readonly printing: {};
            readonly done: {};
          };
        },
        import('xstate').MetaObject
      >;
      id: 'guide';
    }
  | {
      src: 'takeTicket';
      logic: import('xstate').StateMachine<
        import('../take-ticket/takeTicket.machine.ts').TakeTicketContext,
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
                    import('../take-ticket/takeTicket.machine.ts').TakeTicketEvent,
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
            >;
            id: string | undefined;
          }
        | {
            src: 'watchPresenter';
            logic: import('xstate').CallbackActorLogic<
              import('../take-ticket/takeTicket.machine.ts').TakeTicketEvent,
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
        import('../take-ticket/takeTicket.machine.ts').TakeTicketInput,
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
      id: 'takeTicket';
    }
  | {
      src: 'loadInfo';
      logic: import('xstate').PromiseActorLogic<
        {
          hallName: {
            zh: string;
            en: string;
          };
          timeZone: string;
          version: string;
          priorityAge: number;
          idCardReader: boolean;
          hours: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>> | null;
          callOrder: {
            zh: string;
            en: string;
          };
          disabilityPriority: boolean;
          appointments: boolean;
          scanner: boolean;
        },
        {
          api: DaemonApi;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    }
  | {
      src: 'watchDevices';
      logic: import('xstate').CallbackActorLogic<
        SessionEvent,
        {
          api: DaemonApi;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    }
  | {
      src: 'endSession';
      logic: import('xstate').PromiseActorLogic<
        void,
        {
          api: DaemonApi;
        },
        import('xstate').EventObject
      >;
      id: string | undefined;
    },
  | {
      type: 'wipeSession';
      params: import('xstate').NonReducibleUnknown;
    }
  | {
      type: 'rememberServiceEvent';
      params: import('xstate').NonReducibleUnknown;
    }
  | {
      type: 'toggleCare';
      params: import('xstate').NonReducibleUnknown;
    },
  never,
  'goodbye' | 'idle' | 'retryInfo' | 'warn',
  | 'goodbye'
  | {
      attract: 'ready' | 'loading' | 'waitingForDaemon';
    }
  | {
      active: {
        idle: 'watching' | 'warning';
        flow: 'home' | 'rating' | 'checkIn' | 'guide' | 'takeTicket' | 'afterFlow';
      };
    },
  string,
  SessionInput,
  import('xstate').NonReducibleUnknown,
  import('xstate').EventObject,
  import('xstate').MetaObject,
  {
    id: 'session';
    states: {
      readonly goodbye: {};
      readonly attract: {
        states: {
          readonly loading: {};
          readonly waitingForDaemon: {};
          readonly ready: {};
        };
      };
      readonly active: {
        states: {
          readonly flow: {
            states: {
              readonly home: {};
              readonly takeTicket: {};
              readonly guide: {};
              readonly afterFlow: {};
              readonly rating: {};
              readonly checkIn: {};
            };
          };
          readonly idle: {
            states: {
              readonly watching: {};
              readonly warning: {};
            };
          };
        };
      };
    };
  },
  import('xstate').MetaObject
>;
