import type {
  CommandName,
  CommandPayload,
  CompletionPayload,
  UnsolicitedName,
  UnsolicitedPayload,
} from '@hall-kiosk/shared';
import { DaemonError, type DaemonApi } from '../src/daemon/client.ts';
import type { AreaView, Matter, MatterSummary, ServiceArea } from '@hall-kiosk/shared';

export const AREAS: ServiceArea[] = [
  { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax Services' } },
  { id: 'realEstate', prefix: 'B', name: { zh: '不动产登记服务', en: 'Real Estate Registration' } },
];

/** An area as the ticket screen gets it: open, nobody waiting, no estimate yet unless given. */
export function areaView(area: ServiceArea, overrides: Partial<Omit<AreaView, 'area'>> = {}): AreaView {
  return {
    area,
    availability: { open: true, closesAt: null },
    waiting: 0,
    estimatedWaitMinutes: null,
    ...overrides,
  };
}

export const MATTERS: MatterSummary[] = [
  {
    code: 'BDC-001',
    name: { zh: '不动产首次登记', en: 'First registration' },
    areaId: 'realEstate',
    department: { zh: '不动产登记中心', en: 'Registry' },
    visits: 1,
  },
  {
    code: 'SW-001',
    name: { zh: '个税汇算', en: 'Income tax' },
    areaId: 'tax',
    department: { zh: '税务局', en: 'Tax Bureau' },
    visits: 0,
  },
];

/** A full guide for a fake matter. */
export function guide(code: string): Matter {
  const m = MATTERS.find((x) => x.code === code);
  if (!m) throw new DaemonError('invalidData', 'no such matter');
  return {
    ...m,
    conditions: [{ zh: '本人申请', en: 'In person' }],
    materials: [{ name: { zh: '居民身份证', en: 'ID card' }, form: 'original', count: 1 }],
    steps: [{ zh: '提交申请', en: 'Apply' }],
    legalDays: 30,
    promisedDays: 5,
    fees: { zh: '不收费', en: 'Free' },
    legalBasis: [],
    online: m.visits === 0 ? { url: 'https://zwfw.example.gov.cn/guide/SW-001' } : null,
    faq: [],
    contact: { phone: '12345' },
  };
}

/** The fields a ticket has beyond its number, for fakes. */
export const TICKET_EXTRAS = {
  priorityReason: null,
  appointment: false,
  estimatedWaitMinutes: null,
} as const;

type Handler<N extends CommandName> = (payload: CommandPayload<N>) => Promise<CompletionPayload<N>>;

/** What the fake daemon answers to Kiosk.Info unless a test overrides it. */
export const KIOSK_INFO: CompletionPayload<'Kiosk.Info'> = {
  hallName: { zh: '测试中心', en: 'Test Centre' },
  timeZone: 'Asia/Shanghai',
  zoneOffsetMinutes: 480,
  version: 'test',
  priorityAge: 60,
  idCardReader: true,
  hours: null,
  callOrder: { zh: '按规则叫号。', en: 'Called by the rule.' },
  disabilityPriority: false,
  ticketIdentify: 'priority',
  ticketPolicy: {
    zh: '刷身份证取号每人每个服务区每天限 1 个。',
    en: 'With an ID card, 1 per person per area a day.',
  },
  appointments: true,
  scanner: false,
  whenTicketPrinterDown: 'numberOnScreen',
  selfTestMinMs: 0,
};

/** An in-memory daemon for UI unit tests; override any command. */
export function fakeDaemon(overrides: { [N in CommandName]?: Handler<N> } = {}): DaemonApi & {
  calls: string[];
  emit<N extends UnsolicitedName>(name: N, payload: UnsolicitedPayload<N>): void;
  /** As the connection coming back after a daemon restart. */
  reconnect(): void;
} {
  const listeners = new Map<string, Set<(p: never) => void>>();
  const reconnectListeners = new Set<() => void>();
  let seq = 0;
  const defaults: { [N in CommandName]: Handler<N> } = {
    'Kiosk.Info': async () => KIOSK_INFO,
    'Common.Status': async () => ({ devices: [] }),
    'Kiosk.CallStaff': async () => ({ at: '2026-11-30T02:00:00.000Z' }),
    'Kiosk.Clock': async () => ({ offsetMs: 0, measured: false, zoneOffsetMinutes: 480 }),
    'Queue.ListAreas': async () => ({ areas: AREAS.map((a) => areaView(a)) }),
    'Appointments.CheckIn': async () => ({ result: 'notFound' }),
    'Scanner.Read': () => new Promise(() => undefined),
    'Scanner.Cancel': async () => ({}),
    'Catalogue.Browse': async ({ areaId }) => ({
      matters: MATTERS.filter((m) => !areaId || m.areaId === areaId),
      lifeEvents: [{ id: 'buyHome', name: { zh: '我要买房', en: 'Buying a home' } }],
      departments: MATTERS.filter((m) => !areaId || m.areaId === areaId).map((m) => m.department),
      areas: AREAS.map((a) => ({ id: a.id, name: a.name })),
    }),
    'Catalogue.Search': async ({ query }) => {
      const found = MATTERS.filter(
        (m) => query.length > 0 && (m.name.zh.includes(query) || m.code.toLowerCase().startsWith(query)),
      );
      return { matters: found, total: found.length };
    },
    'Catalogue.Guide': async ({ code }) => ({ matter: guide(code), guideViewId: 11 }),
    'Catalogue.PrintChecklist': async () => ({ print: { printed: true }, printJobId: 21 }),
    'Rating.Submit': async () => ({ result: 'recorded', reference: 'R000001' }),
    'IdCard.Read': async () => ({
      result: 'identified',
      identity: {
        documentType: 'resident',
        maskedName: '李**',
        maskedNumber: '3601**********1238',
        age: 76,
        expired: false,
      },
    }),
    'IdCard.Cancel': async () => ({}),
    'Session.End': async () => ({}),
    'Queue.IssueTicket': async ({ areaId }) => {
      const area = AREAS.find((a) => a.id === areaId);
      if (!area) throw new DaemonError('invalidData', 'no such area');
      seq++;
      return {
        result: 'issued',
        ticket: {
          ...TICKET_EXTRAS,
          id: seq,
          number: `${area.prefix}${String(seq).padStart(3, '0')}`,
          areaId,
          businessDate: '2026-03-02',
          issuedAt: '2026-03-02T01:03:00.000Z',
          peopleAhead: seq - 1,
          priority: false,
        },
        print: { printed: true },
        presented: false,
      };
    },
  };
  const calls: string[] = [];
  return {
    calls,
    request(name, payload) {
      calls.push(name);
      const h = (overrides[name] ?? defaults[name]) as (p: unknown) => Promise<never>;
      return h(payload);
    },
    onUnsolicited(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: never) => void);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) (l as (p: unknown) => void)(payload);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    reconnect() {
      for (const l of [...reconnectListeners]) l();
    },
  };
}
