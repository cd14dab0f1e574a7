import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, parseCommand, parseDaemonMessage } from '../src/index.ts';

const cmd = (name: string, requestId: unknown, payload: unknown) =>
  JSON.stringify({ header: { type: 'command', name, requestId }, payload });

describe('parseCommand (daemon side)', () => {
  it('accepts a well-formed command and types its payload', () => {
    const r = parseCommand(cmd('Queue.IssueTicket', 7, { areaId: 'tax' }));
    expect(r).toEqual({
      ok: true,
      value: { name: 'Queue.IssueTicket', requestId: 7, timeout: undefined, payload: { areaId: 'tax' } },
    });
  });

  it('refuses text that is not JSON with invalidMessage and no request id', () => {
    const r = parseCommand('{"header": nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'ack', status: 'invalidMessage', requestId: null });
  });

  it('refuses an oversized message before parsing it', () => {
    const r = parseCommand(cmd('Common.Status', 1, { pad: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('larger than');
  });

  it('keeps the request id of a broken envelope so the reply can be matched', () => {
    const r = parseCommand(
      JSON.stringify({ header: { type: 'command', name: 'Queue.IssueTicket', requestId: 9 } }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'ack', status: 'invalidMessage', requestId: 9 });
      expect(r.error.message).toContain('payload');
    }
  });

  it.each([
    ['a negative request id', cmd('Common.Status', -1, {})],
    ['a fractional request id', cmd('Common.Status', 1.5, {})],
    ['a string request id', cmd('Common.Status', '1', {})],
    ['a lower-case name', cmd('common.status', 1, {})],
    ['an array payload', cmd('Common.Status', 1, [])],
    [
      'an unknown header field',
      JSON.stringify({ header: { type: 'command', name: 'Common.Status', requestId: 1, x: 1 }, payload: {} }),
    ],
    [
      'a completion sent to the daemon',
      JSON.stringify({
        header: { type: 'completion', name: 'Common.Status', requestId: 1, completionCode: 'success' },
        payload: {},
      }),
    ],
    ['null', 'null'],
    ['a number', '42'],
  ])('refuses %s with invalidMessage', (_label, raw) => {
    const r = parseCommand(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'ack', status: 'invalidMessage' });
  });

  it('refuses a time-out longer than an hour instead of letting timers overflow', () => {
    const raw = (timeout: number) =>
      JSON.stringify({
        header: { type: 'command', name: 'Common.Status', requestId: 1, timeout },
        payload: {},
      });
    expect(parseCommand(raw(3_600_000)).ok).toBe(true);
    const r = parseCommand(raw(2 ** 40));
    expect(r).toMatchObject({ ok: false, error: { kind: 'ack', status: 'invalidMessage', requestId: 1 } });
    if (!r.ok) expect(r.error.message).toContain('header.timeout');
  });

  it('answers an unknown command with unsupportedCommand', () => {
    const r = parseCommand(cmd('Printer.Launch', 3, {}));
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'completion', code: 'unsupportedCommand', requestId: 3 },
    });
  });

  it('answers a bad payload with invalidData naming the field', () => {
    const r = parseCommand(cmd('Queue.IssueTicket', 4, { areaId: 12 }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'completion', code: 'invalidData', requestId: 4 });
      expect(r.error.message).toContain('payload.areaId');
    }
  });
});

describe('parseDaemonMessage (UI side)', () => {
  it('accepts a successful completion whose payload matches the catalogue', () => {
    const raw = JSON.stringify({
      header: { type: 'completion', name: 'Queue.ListAreas', requestId: 1, completionCode: 'success' },
      payload: {
        areas: [
          {
            area: { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } },
            availability: { open: false, reason: 'outsideHours', opensAt: '2026-03-03 08:30' },
            waiting: 0,
            estimatedWaitMinutes: null,
          },
        ],
      },
    });
    expect(parseDaemonMessage(raw).ok).toBe(true);
  });

  it('refuses a successful completion with a malformed payload', () => {
    const raw = JSON.stringify({
      header: { type: 'completion', name: 'Queue.ListAreas', requestId: 1, completionCode: 'success' },
      payload: {
        areas: [
          {
            area: { id: 'tax', prefix: 'AA', name: { zh: '办税服务', en: 'Tax' } },
            availability: { open: true, closesAt: null },
            waiting: 0,
            estimatedWaitMinutes: null,
          },
        ],
      },
    });
    const r = parseDaemonMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('payload.areas.0.area.prefix');
  });

  it('accepts a failed completion with an empty payload', () => {
    const raw = JSON.stringify({
      header: {
        type: 'completion',
        name: 'Queue.IssueTicket',
        requestId: 2,
        completionCode: 'deviceNotReady',
        errorDescription: 'x',
      },
      payload: {},
    });
    expect(parseDaemonMessage(raw).ok).toBe(true);
  });

  it('validates unsolicited payloads', () => {
    const good = {
      header: { type: 'unsolicited', name: 'Common.StatusChanged' },
      payload: {
        status: {
          device: 'ticketPrinter',
          state: 'offline',
          connection: 'serial /dev/x',
          since: '2026-01-01T00:00:00Z',
        },
      },
    };
    expect(parseDaemonMessage(JSON.stringify(good)).ok).toBe(true);
    const bad = { ...good, payload: { status: { ...good.payload.status, state: 'sleepy' } } };
    expect(parseDaemonMessage(JSON.stringify(bad)).ok).toBe(false);
  });
});
