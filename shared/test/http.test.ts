import { describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  Bundle,
  CounterActionRequest,
  eventsSearch,
  keptAsSent,
  Overview,
  parseEventsSearch,
  PinLoginRequest,
  StatisticsResetRequest,
} from '../src/index.ts';

describe('HTTP wire types', () => {
  it('request bodies are strict: unknown fields and wrong values are refused', () => {
    expect(PinLoginRequest.safeParse({ pin: '246810' }).success).toBe(true);
    expect(PinLoginRequest.safeParse({ pin: '' }).success).toBe(false);
    expect(PinLoginRequest.safeParse({ pin: '1'.repeat(65) }).success).toBe(false);
    expect(PinLoginRequest.safeParse({ pin: '246810', admin: true }).success).toBe(false);
    expect(CounterActionRequest.safeParse({ action: 'transfer', toAreaId: 'tax' }).success).toBe(true);
    expect(CounterActionRequest.safeParse({ action: 'dance' }).success).toBe(false);
    expect(StatisticsResetRequest.safeParse({ device: 'ticketPrinter' }).success).toBe(false);
    expect(StatisticsResetRequest.safeParse({ device: 'ticketPrinter', confirm: true }).success).toBe(true);
  });

  it('a refusal carries its sentence, and for sign-in the tries left or the wait', () => {
    expect(ApiErrorBody.parse({ error: 'wrong PIN', attemptsLeft: 3 })).toEqual({
      error: 'wrong PIN',
      attemptsLeft: 3,
    });
    expect(ApiErrorBody.safeParse({ message: 'no' }).success).toBe(false);
  });

  it('the events filter goes into a query string and back; an unreadable limit is 100', () => {
    const q = { device: 'ticketPrinter', problemsOnly: true, limit: 50 };
    expect(eventsSearch(q)).toBe('limit=50&device=ticketPrinter&problems=1');
    expect(parseEventsSearch(new URLSearchParams(eventsSearch(q)))).toEqual(q);
    expect(parseEventsSearch(new URLSearchParams('limit=many&device='))).toEqual({
      problemsOnly: false,
      limit: 100,
    });
    expect(eventsSearch({ limit: 50, device: '' })).toBe('limit=50');
  });

  it('keptAsSent checks against the schema but strips nothing', () => {
    const overview = {
      version: '0.1.0',
      uptimeSeconds: 1,
      hall: { zh: '中心', en: 'Centre' },
      devices: [],
      queue: [],
      ratings: {
        byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
        outbox: { pending: 0, delivered: 0, rejected: 0, oldestPendingAt: null },
      },
      printProblems: 0,
      statistics: {},
      printProblemList: [],
      config: {},
      node: 'v20',
    };
    const bundle = {
      ...overview,
      printProblems: [],
      generatedAt: 'x',
      platform: 'linux',
      events: [],
      audit: [],
    };
    expect(Overview.parse({ ...overview, extra: 1 })).not.toHaveProperty('extra');
    expect(keptAsSent(Bundle).parse({ ...bundle, extra: 1 })).toHaveProperty('extra', 1);
    const refused = keptAsSent(Bundle).safeParse({ ...bundle, audit: [{ at: 1 }] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['audit', 0, 'at']);
  });
});
