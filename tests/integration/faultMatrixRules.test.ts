import { describe, expect, it } from 'vitest';
import {
  differences,
  faultsTable,
  tableCells,
  type FaultRow,
  type Observed,
} from '../support/fault-matrix.ts';
import { waitUntil } from '../support/pty-emulators.ts';

// The fault matrix's comparison and waits (tests/e2e/faultMatrix.spec.ts runs the matrix itself):
// every column that differs is reported, and a wait that gives up says what it waited for.

const row: FaultRow = {
  device: 'ticketPrinter',
  fault: 'no reply',
  how: 'the printer reads but never answers | then a ticket',
  state: 'offline',
  screen: 'ticketNotPrinted',
  message: '打印机暂时无法使用，请告知工作人员。',
  journal: ['ticket: failed (timeOut)'],
  statistics: { CommunicationErrorCount: 1, PrinterFaultCount: 'some', FailedPaperCutCount: 'any' },
  events: ['offline'],
};
const agreeing: Observed = {
  state: 'offline',
  detail: 'printer does not answer',
  screen: 'ticketNotPrinted',
  lines: ['号票未能打印', '打印机暂时无法使用，请告知工作人员。'],
  journal: ['ticket: failed (timeOut)'],
  statistics: { CommunicationErrorCount: 1, PrinterFaultCount: 3, FailedPaperCutCount: 7 },
  events: ['offline'],
};

describe('the fault matrix compares what it observed with its specification', () => {
  it('finds no difference when every column agrees (an `any` counter is not compared)', () => {
    expect(differences(row, agreeing)).toEqual([]);
    expect(
      differences(row, { ...agreeing, statistics: { CommunicationErrorCount: 1, PrinterFaultCount: 1 } }),
    ).toEqual([]);
  });

  it('reports each column that differs', () => {
    const seen: Observed = {
      state: 'online',
      detail: '',
      screen: 'ticketPrinted',
      lines: ['↓ 请从下方出票口取走号票'],
      journal: ['ticket: printed'],
      statistics: { CommunicationErrorCount: 2, PaperCutCount: 1 },
      events: ['hardwareError', 'online'],
    };
    expect(differences(row, seen)).toEqual([
      'device state: expected offline, observed online',
      'screen: expected ticketNotPrinted, observed ticketPrinted',
      'message: expected "打印机暂时无法使用，请告知工作人员。" on the page, observed ["↓ 请从下方出票口取走号票"]',
      'journal: expected ["ticket: failed (timeOut)"], observed ["ticket: printed"]',
      'statistics CommunicationErrorCount: expected +1, observed +2',
      'statistics PrinterFaultCount: expected > 0, observed +0',
      'statistics PaperCutCount: expected +0, observed +1',
      'event log: expected ["offline"], observed ["hardwareError","online"]',
    ]);
  });

  it('writes the document table so that its cells read back, a | in a cell included', () => {
    const table = faultsTable([row], new Map([['ticketPrinter/no reply', agreeing]]));
    expect(tableCells(table)[1]).toEqual([
      'ticket printer',
      'no reply',
      'the printer reads but never answers \\| then a ticket',
      'offline (printer does not answer)',
      '`ticketNotPrinted`',
      '打印机暂时无法使用，请告知工作人员。',
      'ticket: failed (timeOut)',
      'CommunicationErrorCount +1, PrinterFaultCount > 0, FailedPaperCutCount any',
      'offline',
    ]);
  });
});

describe('waitUntil', () => {
  it('returns the first defined value', async () => {
    let n = 0;
    await expect(waitUntil('n to reach 3', () => (++n >= 3 ? n : undefined), { everyMs: 1 })).resolves.toBe(
      3,
    );
  });

  it('throws naming what it waited for and the last value seen, instead of carrying on', async () => {
    await expect(
      waitUntil('the printer to be online', () => undefined, {
        timeoutMs: 30,
        everyMs: 5,
        last: () => ({ state: 'noDevice' }),
      }),
    ).rejects.toThrow(
      /gave up after 30 ms waiting for the printer to be online; last seen: \{"state":"noDevice"\}/,
    );
  });
});
