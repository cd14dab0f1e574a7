import { assign, fromPromise } from 'xstate';
import { setup } from '../setup.ts';
import type { CompletionPayload, Matter, MatterSummary } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { FlowOutput } from '../service-event.ts';

export type GuideInput = { api: DaemonApi };

export type GuideContext = {
  api: DaemonApi;
  query: string;
  /** Browsing filter when the query is empty. */
  areaId: string | null;
  lifeEventId: string | null;
  department: string | null;
  results: MatterSummary[];
  departments: CompletionPayload<'Catalogue.Browse'>['departments'];
  areas: CompletionPayload<'Catalogue.Browse'>['areas'];
  total: number;
  lifeEvents: CompletionPayload<'Catalogue.Browse'>['lifeEvents'];
  matter: Matter | null;
  guideViewId: number | null;
  print: CompletionPayload<'Catalogue.PrintChecklist'> | null;
};

export type GuideEvent =
  | { type: 'user.key'; key: string }
  | { type: 'user.backspace' }
  | { type: 'user.clear' }
  | { type: 'user.filterArea'; areaId: string | null }
  | { type: 'user.filterLifeEvent'; lifeEventId: string | null }
  | { type: 'user.filterDepartment'; department: string | null }
  | { type: 'user.open'; code: string }
  | { type: 'user.print' }
  | { type: 'user.back' }
  | { type: 'user.finish' };

/** Longest query the keyboard takes (the daemon accepts 64). */
export const MAX_QUERY = 24;
/** Typing pause before searching. */
export const SEARCH_DEBOUNCE_MS = 150;

/**
 * Look up a service guide: browse by area or life event, or type on the on-screen keyboard (pinyin,
 * initials, digits — the daemon searches); open a matter's guide; print its checklist. Ends with the
 * guide (or the printed checklist) as the service event to rate.
 */
export const guideMachine = setup({
  types: {
    input: {} as GuideInput,
    context: {} as GuideContext,
    events: {} as GuideEvent,
    output: {} as FlowOutput,
  },
  actors: {
    browse: fromPromise<
      CompletionPayload<'Catalogue.Browse'>,
      { api: DaemonApi; areaId: string | null; lifeEventId: string | null; department: string | null }
    >(({ input }) =>
      input.api.request('Catalogue.Browse', {
        ...(input.areaId ? { areaId: input.areaId } : {}),
        ...(input.department ? { department: input.department } : {}),
        ...(input.lifeEventId ? { lifeEventId: input.lifeEventId } : {}),
      }),
    ),
    search: fromPromise<CompletionPayload<'Catalogue.Search'>, { api: DaemonApi; query: string }>(
      ({ input }) => input.api.request('Catalogue.Search', { query: input.query }),
    ),
    guide: fromPromise<CompletionPayload<'Catalogue.Guide'>, { api: DaemonApi; code: string }>(({ input }) =>
      input.api.request('Catalogue.Guide', { code: input.code }),
    ),
    printChecklist: fromPromise<
      CompletionPayload<'Catalogue.PrintChecklist'>,
      { api: DaemonApi; code: string }
    >(({ input }) =>
      input.api.request('Catalogue.PrintChecklist', { code: input.code }, { timeoutMs: 30_000 }),
    ),
  },
  delays: { debounce: SEARCH_DEBOUNCE_MS },
  guards: {
    hasQuery: ({ context }) => context.query.trim().length > 0,
  },
}).createMachine({
  id: 'guide',
  context: ({ input }) => ({
    api: input.api,
    query: '',
    areaId: null,
    lifeEventId: null,
    department: null,
    results: [],
    departments: [],
    areas: [],
    total: 0,
    lifeEvents: [],
    matter: null,
    guideViewId: null,
    print: null,
  }),
  initial: 'finding',
  output: ({ context }) => ({
    serviceEvent:
      context.print?.printJobId != null && context.print.print.printed
        ? { kind: 'print', ref: String(context.print.printJobId) }
        : context.guideViewId !== null
          ? { kind: 'guide', ref: String(context.guideViewId) }
          : null,
  }),
  states: {
    finding: {
      initial: 'browsing',
      on: {
        'user.key': {
          target: '.typing',
          actions: assign({ query: ({ context, event }) => (context.query + event.key).slice(0, MAX_QUERY) }),
        },
        'user.backspace': {
          target: '.typing',
          actions: assign({ query: ({ context }) => context.query.slice(0, -1) }),
        },
        'user.clear': { target: '.browsing', actions: assign({ query: '' }) },
        'user.filterArea': {
          target: '.browsing',
          actions: assign({
            areaId: ({ event }) => event.areaId,
            lifeEventId: null,
            department: null,
            query: '',
          }),
        },
        'user.filterLifeEvent': {
          target: '.browsing',
          actions: assign({
            lifeEventId: ({ event }) => event.lifeEventId,
            areaId: null,
            department: null,
            query: '',
          }),
        },
        'user.filterDepartment': {
          target: '.browsing',
          actions: assign({ department: ({ event }) => event.department, lifeEventId: null, query: '' }),
        },
        'user.open': { target: 'opening', actions: assign({ print: null }) },
        'user.finish': 'done',
      },
      states: {
        browsing: {
          invoke: {
            src: 'browse',
            input: ({ context }) => ({
              api: context.api,
              areaId: context.areaId,
              lifeEventId: context.lifeEventId,
              department: context.department,
            }),
            onDone: {
              target: 'ready',
              actions: assign({
                results: ({ event }) => event.output.matters,
                total: ({ event }) => event.output.matters.length,
                lifeEvents: ({ event }) => event.output.lifeEvents,
                departments: ({ event }) => event.output.departments,
                areas: ({ event }) => event.output.areas,
              }),
            },
            onError: 'failed',
          },
        },
        // Each key restarts the pause; the search runs once typing stops for a moment.
        typing: {
          after: { debounce: [{ guard: 'hasQuery', target: 'searching' }, { target: 'browsing' }] },
        },
        searching: {
          invoke: {
            src: 'search',
            input: ({ context }) => ({ api: context.api, query: context.query }),
            onDone: {
              target: 'ready',
              actions: assign({
                results: ({ event }) => event.output.matters,
                total: ({ event }) => event.output.total,
              }),
            },
            onError: 'failed',
          },
        },
        ready: {},
        failed: {},
      },
    },
    opening: {
      invoke: {
        src: 'guide',
        input: ({ context, event }) => ({
          api: context.api,
          code: event.type === 'user.open' ? event.code : (context.matter?.code ?? ''),
        }),
        onDone: {
          target: 'viewing',
          actions: assign({
            matter: ({ event }) => event.output.matter,
            guideViewId: ({ event }) => event.output.guideViewId,
          }),
        },
        onError: 'finding.failed',
      },
    },
    viewing: {
      on: {
        'user.print': 'printing',
        'user.back': 'finding.ready',
        'user.finish': 'done',
      },
    },
    printing: {
      invoke: {
        src: 'printChecklist',
        input: ({ context }) => ({ api: context.api, code: context.matter!.code }),
        onDone: { target: 'viewing', actions: assign({ print: ({ event }) => event.output }) },
        onError: {
          target: 'viewing',
          actions: assign({
            print: { print: { printed: false, reason: 'deviceNotReady' }, printJobId: null },
          }),
        },
      },
    },
    done: { type: 'final' },
  },
});
