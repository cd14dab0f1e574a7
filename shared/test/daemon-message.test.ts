import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  COMMANDS,
  COMPLETION_CHECKS,
  ENVELOPE_CHECK,
  EVENTS,
  EVENT_CHECKS,
  Envelope,
  UNSOLICITED,
  UNSOLICITED_CHECKS,
  parseDaemonMessage,
  type CommandName,
  type EventName,
  type UnsolicitedName,
} from '../src/index.ts';
import type { Check } from '../src/protocol/guard.ts';

const text = { zh: '办税', en: 'Tax' };
const ticket = {
  id: 7,
  number: 'A001',
  areaId: 'tax',
  businessDate: '2026-03-02',
  issuedAt: '2026-03-02T01:00:00Z',
  peopleAhead: 0,
  priority: true,
  priorityReason: 'age',
  appointment: false,
  estimatedWaitMinutes: 12,
};
const booking = { areaId: 'tax', areaName: text, date: '2026-03-02', time: '09:00', matter: null };
const summary = { code: 'SB-001', name: text, areaId: 'tax', department: text, visits: 1 };
const status = {
  device: 'ticketPrinter',
  state: 'userError',
  connection: 'serial /dev/x',
  paper: 'out',
  detail: 'paper out',
  since: '2026-01-01T00:00:00Z',
};

/** One or more well-formed payloads of every message; each variant of a union appears. */
const COMPLETION_SAMPLES: { [N in CommandName]: unknown[] } = {
  'Kiosk.Info': [
    {
      hallName: text,
      timeZone: 'Asia/Shanghai',
      zoneOffsetMinutes: 480,
      version: '1.0.0',
      priorityAge: 60,
      idCardReader: true,
      hours: { mon: ['08:30-12:00', '13:00-24:00'], sat: [] },
      callOrder: text,
      disabilityPriority: false,
      ticketIdentify: 'priority',
      ticketPolicy: null,
      appointments: true,
      scanner: false,
      whenTicketPrinterDown: 'pause',
      selfTestMinMs: 0,
    },
  ],
  'Common.Status': [{ devices: [status] }],
  'Queue.ListAreas': [
    {
      areas: [
        {
          area: { id: 'tax', prefix: 'A', name: text },
          availability: { open: true, closesAt: '12:00' },
          waiting: 3,
          estimatedWaitMinutes: null,
        },
        {
          area: { id: 'social-1', prefix: 'B', name: text },
          availability: { open: false, reason: 'holiday', opensAt: null },
          waiting: 0,
          estimatedWaitMinutes: 5,
        },
      ],
    },
  ],
  'Queue.IssueTicket': [
    { result: 'issued', ticket, print: { printed: true }, presented: false },
    { result: 'issued', ticket, print: { printed: false, reason: 'paperOut' }, presented: false },
    // Issued offline by a kiosk that could not reach the hall (its own series, marked).
    {
      result: 'issued',
      ticket: { ...ticket, number: 'AK3-007', offline: true },
      print: { printed: true },
      presented: false,
    },
    { result: 'refused', reason: 'capReached', opensAt: '2026-03-03 08:30' },
    { result: 'refused', reason: 'hallUnreachable', opensAt: null },
  ],
  'Appointments.CheckIn': [
    { result: 'ticket', ticket, print: { printed: true }, presented: true, reprint: false, booking },
    { result: 'tooEarly', booking, opensAt: '08:30' },
    { result: 'tooLate', booking },
    { result: 'notFound' },
    { result: 'sourceUnavailable' },
  ],
  'Scanner.Read': [{ code: 'BK-1', symbology: 'qr' }],
  'Scanner.Cancel': [{}],
  'Catalogue.Browse': [
    {
      matters: [summary],
      lifeEvents: [{ id: 'business', name: text }],
      departments: [text],
      areas: [{ id: 'tax', name: text }],
    },
  ],
  'Catalogue.Search': [{ matters: [summary], total: 1 }],
  'Catalogue.Guide': [
    {
      guideViewId: 3,
      matter: {
        code: 'SB-001',
        name: text,
        areaId: 'tax',
        department: text,
        conditions: [text],
        materials: [{ name: text, form: 'copy', count: 2, note: text }],
        steps: [text],
        legalDays: 20,
        promisedDays: 5,
        fees: text,
        legalBasis: [text],
        visits: 0,
        online: { url: 'https://zwfw.example.cn/x', note: text },
        faq: [{ q: text, a: text }],
        contact: { phone: '0791-1234', place: text },
        keywords: ['社保'],
      },
    },
  ],
  'Catalogue.PrintChecklist': [{ print: { printed: true }, printJobId: 4 }],
  'Rating.Submit': [{ result: 'recorded', reference: 'R-1' }, { result: 'alreadyRated' }],
  'IdCard.Read': [
    {
      result: 'identified',
      identity: {
        documentType: 'resident',
        maskedName: '李**',
        maskedNumber: '3601**********1238',
        age: 64,
        expired: false,
      },
    },
    { result: 'failed', reason: 'cardMoved' },
  ],
  'IdCard.Cancel': [{}],
  'Kiosk.CallStaff': [{ at: '2026-03-02T01:00:00Z' }],
  'Kiosk.Clock': [
    { offsetMs: -600000, measured: true, zoneOffsetMinutes: 480 },
    { offsetMs: 0, measured: false, zoneOffsetMinutes: -300 },
  ],
  'Session.End': [{}],
};

const UNSOLICITED_SAMPLES: { [N in UnsolicitedName]: unknown[] } = {
  'Common.StatusChanged': [{ status }],
  'Printer.MediaTaken': [{ ticketId: 7 }],
  'Printer.MediaRetracted': [{ ticketId: 7 }],
  'Kiosk.HelpAcknowledged': [{}],
};

const ENVELOPE_SAMPLES = [
  { header: { type: 'command', name: 'Kiosk.Info', requestId: 1, version: '1.0', timeout: 0 }, payload: {} },
  { header: { type: 'acknowledge', name: 'Kiosk.Info', requestId: 1, status: null }, payload: {} },
  {
    header: {
      type: 'acknowledge',
      name: '',
      requestId: null,
      status: 'invalidMessage',
      errorDescription: 'x',
    },
    payload: {},
  },
  { header: { type: 'event', name: 'IdCard.CardDetected', requestId: 2 }, payload: {} },
  {
    header: {
      type: 'completion',
      name: 'Queue.IssueTicket',
      requestId: 2 ** 31 - 1,
      completionCode: 'timeOut',
      errorDescription: 'x',
    },
    payload: { anything: [1] },
  },
  { header: { type: 'unsolicited', name: 'Printer.MediaTaken' }, payload: { ticketId: 1 } },
];

/** Values put in place of each field in turn: wrong types, bounds, formats near the real ones. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53,
  366,
  100,
  10,
  '',
  'x',
  'tax',
  'Tax',
  'A',
  'AA',
  'A001',
  'A01',
  'SB-001',
  '-SB',
  'Kiosk.Info',
  'kiosk.info',
  '2026-03-02',
  '2026-3-2',
  '08:30-12:00',
  '12:00-08:30',
  '23:00-24:00',
  '24:00-24:30',
  'https://example.cn',
  'http://example.cn/a?b',
  'ftp://example.cn',
  'not a url',
  'x'.repeat(41),
  true,
  false,
  [],
  [null],
  {},
  { zh: '', en: 'x' },
  { zh: '中', en: 'x' },
  'online',
  'sleepy',
  'issued',
  'refused',
  'success',
  'invalidMessage',
  'command',
  'unsolicited',
];

/** Every variation of a value: each field (at any depth) replaced, removed, or joined by a stranger. */
function* variations(value: unknown): Generator<unknown> {
  yield value;
  yield* REPLACEMENTS;
  if (Array.isArray(value)) {
    yield [...value, value[0]];
    for (let i = 0; i < value.length; i++)
      for (const v of variationsOfField(value[i])) yield value.map((x, j) => (j === i ? v : x));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    yield { ...record, stranger: 1 };
    for (const key of Object.keys(record)) {
      const { [key]: _gone, ...rest } = record;
      yield rest;
      for (const v of variationsOfField(record[key])) yield { ...record, [key]: v };
    }
    for (const key of ['sun', 'mon', 'holiday']) yield { ...record, [key]: ['08:30-12:00'] };
  }
}

function* variationsOfField(field: unknown): Generator<unknown> {
  if (typeof field === 'object' && field !== null) yield* [...variations(field)].slice(1);
  else yield* REPLACEMENTS;
}

function agree(schema: z.ZodMiniType, check: Check<unknown>, samples: unknown[]): number {
  let compared = 0;
  for (const sample of samples) {
    expect(schema.safeParse(sample).success, JSON.stringify(sample)).toBe(true);
    for (const v of variations(sample)) {
      const zodSays = schema.safeParse(v).success;
      const checkSays = check(v, '') === null;
      if (zodSays !== checkSays) expect.fail(`zod ${zodSays}, check ${checkSays}: ${JSON.stringify(v)}`);
      compared++;
    }
  }
  return compared;
}

describe("the page's checks of daemon messages agree with the daemon's zod schemas", () => {
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    it(`completion of ${name}`, () => {
      const n = agree(
        COMMANDS[name].completion as z.ZodMiniType,
        COMPLETION_CHECKS[name] as Check<unknown>,
        COMPLETION_SAMPLES[name],
      );
      expect(n).toBeGreaterThan(REPLACEMENTS.length);
    });
  }
  for (const name of Object.keys(UNSOLICITED) as UnsolicitedName[]) {
    it(`unsolicited ${name}`, () => {
      agree(
        UNSOLICITED[name] as z.ZodMiniType,
        UNSOLICITED_CHECKS[name] as Check<unknown>,
        UNSOLICITED_SAMPLES[name],
      );
    });
  }
  it('events', () => {
    for (const name of Object.keys(EVENTS) as EventName[])
      agree(EVENTS[name] as z.ZodMiniType, EVENT_CHECKS[name] as Check<unknown>, [{}]);
  });
  it('the envelope', () => {
    agree(Envelope as z.ZodMiniType, ENVELOPE_CHECK as Check<unknown>, ENVELOPE_SAMPLES);
  });
  it('the same messages refused by name and size', () => {
    const unknownName = { header: { type: 'unsolicited', name: 'Printer.Exploded' }, payload: {} };
    expect(parseDaemonMessage(JSON.stringify(unknownName))).toEqual({
      ok: false,
      error: 'unknown unsolicited Printer.Exploded',
    });
    const huge = JSON.stringify({ ...unknownName, payload: { x: '中'.repeat(400_000) } });
    expect(parseDaemonMessage(huge)).toEqual({ ok: false, error: 'message too large' });
    expect(parseDaemonMessage('{"header":')).toEqual({ ok: false, error: 'message is not JSON' });
  });
});
