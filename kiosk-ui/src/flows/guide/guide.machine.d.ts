import type { CompletionPayload, Matter, MatterSummary } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { FlowOutput } from '../service-event.ts';
export type GuideInput = {
  api: DaemonApi;
};
export type GuideContext = {
  api: DaemonApi;
  query: string;
  /** Browsing filter when the query is empty. */
  areaId: string | null;
  lifeEventId: string | null;
  results: MatterSummary[];
  total: number;
  lifeEvents: CompletionPayload<'Catalogue.Browse'>['lifeEvents'];
  matter: Matter | null;
  guideViewId: number | null;
  print: CompletionPayload<'Catalogue.PrintChecklist'> | null;
};
export type GuideEvent =
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
    };
/** Longest query the keyboard takes (the daemon accepts 64). */
export declare const MAX_QUERY = 24;
/** Typing pause before searching. */
export declare const SEARCH_DEBOUNCE_MS = 150;
/**
 * Look up a service guide: browse by area or life event, or type on the on-screen keyboard (pinyin,
 * initials, digits — the daemon searches); open a matter's guide; print its checklist. Ends with the
 * guide (or the printed checklist) as the service event to rate.
 */
export declare const guideMachine: import('xstate').StateMachine<
  GuideContext,
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
                  'hardwareError' | 'timeOut' | 'deviceNotReady' | 'noDevice' | 'paperOut' | 'coverOpen';
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
  GuideInput,
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
