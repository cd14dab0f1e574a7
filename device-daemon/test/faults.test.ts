import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EmulatorBinding,
  PrinterEmulator,
  SamReaderEmulator,
  ScannerEmulator,
  type Emulator,
} from '@hall-kiosk/hardware-mocks';
import { sleep, systemClock, type DeviceStatus } from '@hall-kiosk/shared';
import { EscPosPrinterDriver } from '../src/devices/printer/printer-driver.ts';
import { SamIdCardReaderDriver } from '../src/devices/id-card/id-card-driver.ts';
import { CodeScannerDriver } from '../src/devices/scanner/scanner-driver.ts';
import { ticketSlip } from '../src/printing/ticket-slip.ts';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { SerialTransport } from '../src/transport/serial.ts';
import { silentLogger } from '../src/log.ts';

// The fault matrix: every device × every fault, on the real drivers and the device emulators. Each
// scenario records what the driver reports and what became of the operation in progress; the table
// in docs/faults.md is generated from these records (UPDATE_FAULTS=1 rewrites it; otherwise a
// difference fails the test), so the document cannot say what the code does not do.

const FAULTS = [
  'absent at start',
  'unplugged mid-operation',
  'plugged back',
  'garbage bytes',
  'slow replies',
  'no reply',
] as const;
type Fault = (typeof FAULTS)[number];
type Row = { device: string; fault: Fault; state: string; outcome: string; citizen: string; record: string };
const rows: Row[] = [];

const until = async (f: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!f() && Date.now() - t0 < ms) await sleep(systemClock, 10);
};
const state = (s: DeviceStatus) => `${s.state}${s.detail ? ` (${s.detail})` : ''}`;

const ticket = ticketSlip({
  hallName: { zh: '测试', en: 'Test' },
  area: DEFAULT_AREAS[0]!,
  ticket: {
    id: 1,
    number: 'A001',
    areaId: 'tax',
    businessDate: '2026-03-02',
    issuedAt: '2026-03-02T01:00:00Z',
    peopleAhead: 0,
    priority: false,
    priorityReason: null,
    appointment: false,
    estimatedWaitMinutes: null,
  },
  issuedAtLocal: '2026-03-02 09:00',
  paperWidth: 80,
});

function rig<E extends Emulator>(emulator: E, attach: boolean) {
  const binding = new EmulatorBinding();
  if (attach) binding.attach('/dev/ttyFAULT', emulator);
  return { binding, transport: new SerialTransport('/dev/ttyFAULT', 115200, binding), emulator };
}

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
});

const DOC = fileURLToPath(new URL('../../docs/faults.md', import.meta.url));

/** The table's cells, whatever the column padding (prettier aligns the columns). */
const cells = (markdown: string) =>
  markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );

/** What the ticket screen does with a print outcome (flows/take-ticket). */
const ticketScreen = (ok: boolean, reason?: string) =>
  ok
    ? 'ticket printed, number on screen'
    : reason === 'paperOut'
      ? 'number and QR on screen; "printer out of paper, tell staff"'
      : 'number and QR on screen; "printer not working, tell staff"';

describe('fault matrix: ticket printer', () => {
  for (const fault of FAULTS) {
    it(fault, async () => {
      const { transport, emulator, binding } = rig(
        new PrinterEmulator({ baudRate: 115200 }),
        fault !== 'absent at start',
      );
      const driver = new EscPosPrinterDriver({
        name: 'ticketPrinter',
        transport,
        clock: systemClock,
        log: silentLogger,
        statusPollMs: 200,
        reconnectMs: 100,
        replyTimeoutMs: 300,
        linkBaud: 115200,
        printMarginMs: 500,
      });
      stops.push(() => driver.stop());
      driver.start();
      await until(() => driver.status.detail !== 'starting');
      if (fault !== 'absent at start') await until(() => driver.status.state === 'online');
      let result;
      if (fault === 'unplugged mid-operation') {
        const job = driver.print(new Uint8Array(40_000).fill(0x41));
        await sleep(systemClock, 100);
        emulator.setPlugged(false);
        result = await job;
        await until(() => driver.status.state !== 'online');
      } else if (fault === 'plugged back') {
        emulator.setPlugged(false);
        await until(() => driver.status.state !== 'online');
        emulator.setPlugged(true);
        binding.attach('/dev/ttyFAULT', emulator);
        await until(() => driver.status.state === 'online');
        result = await driver.print(ticket);
      } else {
        if (fault === 'garbage bytes') emulator.control({ action: 'garbage', bytes: 32 });
        if (fault === 'slow replies') emulator.control({ action: 'slowReplies', ms: 1000 });
        if (fault === 'no reply') emulator.control({ action: 'noReply' });
        result = await driver.print(ticket);
        await sleep(systemClock, 300);
      }
      expect(result).toBeDefined();
      rows.push({
        device: 'ticket printer',
        fault,
        state: state(driver.status),
        outcome: result.ok ? 'printed' : `not printed: ${result.reason}`,
        citizen: ticketScreen(result.ok, result.ok ? undefined : result.reason),
        record: result.ok ? 'journal: printed' : `journal: failed (${result.reason})`,
      });
    });
  }
});

describe('fault matrix: ID-card reader', () => {
  for (const fault of FAULTS) {
    it(fault, async () => {
      const { transport, emulator, binding } = rig(
        new SamReaderEmulator({ baudRate: 115200 }),
        fault !== 'absent at start',
      );
      const driver = new SamIdCardReaderDriver({
        transport,
        clock: systemClock,
        log: silentLogger,
        pollMs: 20,
        reconnectMs: 50,
        timeouts: { find: 200, select: 200, read: 2500, sam: 300 },
      });
      stops.push(() => driver.stop());
      let outcome = 'no card read';
      driver.on('identityRead', () => (outcome = 'card read'));
      driver.on('readFailed', (f) => (outcome = `read failed: ${f.reason}`));
      driver.start();
      await until(() => driver.status.detail !== 'starting');
      if (fault !== 'absent at start') await until(() => driver.status.state === 'online');
      driver.arm();
      if (fault === 'unplugged mid-operation') {
        // Pulled the moment the read begins (select sent), so the read is always cut short.
        driver.once('readStarted', () => emulator.setPlugged(false));
        emulator.placeCard('resident');
        await until(() => driver.status.state !== 'online');
      } else if (fault === 'plugged back') {
        emulator.setPlugged(false);
        await until(() => driver.status.state !== 'online');
        emulator.setPlugged(true);
        binding.attach('/dev/ttyFAULT', emulator);
        await until(() => driver.status.state === 'online');
        emulator.placeCard('resident');
      } else if (fault !== 'absent at start') {
        if (fault === 'garbage bytes') emulator.control({ action: 'garbage' });
        if (fault === 'slow replies') emulator.control({ action: 'slowReplies', ms: 100 });
        if (fault === 'no reply') emulator.control({ action: 'noReply' });
        // A mute reader never sees the card; placing one would only race its last answers.
        else emulator.placeCard('resident');
      }
      await until(() => outcome !== 'no card read' || driver.status.state !== 'online', 4000);
      // A reader that answers late or not at all is declared offline after three missed polls.
      if (fault === 'no reply') await until(() => driver.status.state !== 'online', 4000);
      await sleep(systemClock, 200);
      const citizen =
        outcome === 'card read'
          ? 'masked greeting, then the ticket'
          : driver.status.state !== 'online'
            ? '"card reader not working, ask at the desk"; a ticket without the card still works'
            : '"place the card again" with what to do';
      rows.push({
        device: 'ID-card reader',
        fault,
        state: state(driver.status),
        outcome,
        citizen,
        record: 'event log: state change; nothing of the card kept',
      });
    });
  }
});

describe('fault matrix: QR scanner', () => {
  for (const fault of FAULTS) {
    it(fault, async () => {
      const { transport, emulator, binding } = rig(
        new ScannerEmulator({ baudRate: 115200 }),
        fault !== 'absent at start',
      );
      const driver = new CodeScannerDriver({
        transport,
        clock: systemClock,
        log: silentLogger,
        protocol: 'hidPos',
        reconnectMs: 50,
      });
      stops.push(() => driver.stop());
      let outcome = 'no code';
      driver.on('scan', (s) => (outcome = `code read (${s.symbology})`));
      driver.start();
      await until(() => driver.status.detail !== 'starting');
      if (fault !== 'absent at start') await until(() => driver.status.state === 'online');
      driver.arm();
      if (fault === 'unplugged mid-operation') {
        emulator.setPlugged(false);
        emulator.control({ action: 'scan', code: 'QR-FAULT-1' });
      } else if (fault === 'plugged back') {
        emulator.setPlugged(false);
        await until(() => driver.status.state !== 'online');
        emulator.setPlugged(true);
        binding.attach('/dev/ttyFAULT', emulator);
        await until(() => driver.status.state === 'online');
        emulator.control({ action: 'scan', code: 'QR-FAULT-1' });
      } else if (fault !== 'absent at start') {
        if (fault === 'garbage bytes') emulator.control({ action: 'garbage', bytes: 7 });
        if (fault === 'slow replies') emulator.control({ action: 'slowReplies', ms: 300 });
        if (fault === 'no reply') emulator.control({ action: 'noReply' });
        emulator.control({ action: 'scan', code: 'QR-FAULT-1' });
      }
      await until(() => outcome !== 'no code', 1500);
      await until(() => fault !== 'unplugged mid-operation' || driver.status.state !== 'online');
      rows.push({
        device: 'QR scanner',
        fault,
        state: state(driver.status),
        outcome,
        citizen: outcome.startsWith('code read')
          ? 'booking found by its QR code'
          : 'check-in by ID card still offered; "or ask at the desk"',
        record: fault === 'garbage bytes' ? 'statistics: FailedScanCount + 1' : 'event log: state change',
      });
    });
  }
});

describe('docs/faults.md', () => {
  it('is the table these scenarios produce (UPDATE_FAULTS=1 rewrites it)', () => {
    expect(rows).toHaveLength(FAULTS.length * 3);
    const table = [
      '| device | fault | device state reported | operation in progress | what the citizen sees | what is recorded |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (r) => `| ${r.device} | ${r.fault} | ${r.state} | ${r.outcome} | ${r.citizen} | ${r.record} |`,
      ),
    ].join('\n');
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf('<!-- faults:begin -->');
    const end = doc.indexOf('<!-- faults:end -->');
    if (process.env.UPDATE_FAULTS === '1') {
      writeFileSync(DOC, `${doc.slice(0, start)}<!-- faults:begin -->\n\n${table}\n\n${doc.slice(end)}`);
      return;
    }
    expect(
      cells(doc.slice(start, end)),
      'docs/faults.md is stale: UPDATE_FAULTS=1 npx vitest run faults',
    ).toEqual(cells(table));
  });
});
