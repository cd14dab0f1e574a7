import { expect, test, type Page } from '@playwright/test';
import { tempDir } from '../support/harness.ts';
import {
  BOOKING_CODES,
  FAULTS,
  FaultKiosk,
  MATRIX_DEVICES,
  differences,
  faultsDoc,
  faultsTable,
  onScreen,
  settledScreen,
  tableCells,
  type Cursor,
  type Fault,
  type FaultRow,
  type MatrixDevice,
  type Observed,
} from '../support/fault-matrix.ts';
import { waitUntil } from '../support/pty-emulators.ts';

// The fault matrix, observed: every device × every fault on the whole kiosk — the daemon as
// `kiosk start`, each device an emulator in its own process on a socat pseudo-terminal opened with
// the native serialport binding, the kiosk page in Chromium. For every row the device state, the
// screen and its text, the print journal, the statistics and the event log are read from the running
// system and compared with SPEC, written by hand from docs/devices/*.md; a difference fails the row.
// docs/faults.md is SPEC with the observed device details (UPDATE_FAULTS=1 rewrites it; otherwise
// the last test fails when it is stale).

const PRINTER_BROKEN = '打印机暂时无法使用，请告知工作人员。';
const TAKE_TICKET = '↓ 请从下方出票口取走号票';
const CHECK_IN_TAKE_TICKET = '请从下方出票口取走号票';
const READER_BROKEN = '读卡器暂时无法使用，请到咨询台请工作人员帮助。';
const OR_SCAN = '也可以将预约二维码对准下方扫码口';

/** The specification. Columns: see FaultRow (tests/support/fault-matrix.ts). */
const SPEC: FaultRow[] = [
  {
    device: 'ticketPrinter',
    fault: 'absent at start',
    how: 'no printer on the line when the daemon starts; a citizen takes a ticket',
    state: 'noDevice',
    screen: 'ticketNotPrinted',
    message: PRINTER_BROKEN,
    journal: ['ticket: failed (noDevice)'],
    statistics: { PrinterFaultCount: 1 },
    events: ['noDevice'],
  },
  {
    device: 'ticketPrinter',
    fault: 'unplugged mid-operation',
    how: 'the cable is pulled while the ticket is being printed (the roll runs out after 3 lines, so the job is still unconfirmed when the pull comes)',
    state: 'noDevice',
    screen: 'ticketNotPrinted',
    message: PRINTER_BROKEN,
    journal: ['ticket: failed (deviceNotReady)'],
    statistics: { PrinterFaultCount: 1 },
    events: ['online, paper low', 'offline', 'noDevice'],
  },
  {
    device: 'ticketPrinter',
    fault: 'plugged back',
    how: 'paper loaded, the cable plugged back in; a citizen takes a ticket',
    state: 'online',
    screen: 'ticketPrinted',
    message: TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { ReceiptLinePrintedCount: 'some', PaperCutCount: 1 },
    events: ['online'],
  },
  {
    device: 'ticketPrinter',
    fault: 'garbage bytes',
    how: '32 bytes of noise from the printer, then a ticket',
    state: 'online',
    screen: 'ticketPrinted',
    message: TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { ReceiptLinePrintedCount: 'some', PaperCutCount: 1 },
    events: [],
  },
  {
    device: 'ticketPrinter',
    fault: 'slow replies',
    how: 'every reply 2 s late (the status reply time-out is 1 s), then a ticket',
    state: 'offline',
    screen: 'ticketNotPrinted',
    message: PRINTER_BROKEN,
    journal: ['ticket: failed (timeOut)'],
    statistics: { CommunicationErrorCount: 1, PrinterFaultCount: 1 },
    events: ['offline'],
  },
  {
    device: 'ticketPrinter',
    fault: 'no reply',
    how: 'the printer reads but never answers, then a ticket',
    state: 'offline',
    screen: 'ticketNotPrinted',
    message: PRINTER_BROKEN,
    journal: ['ticket: failed (timeOut)'],
    statistics: { CommunicationErrorCount: 1, PrinterFaultCount: 1 },
    events: ['offline'],
  },
  {
    device: 'idCardReader',
    fault: 'absent at start',
    how: 'no reader on the line when the daemon starts; a citizen asks for the green channel',
    state: 'noDevice',
    screen: 'identifyFailed',
    message: READER_BROKEN,
    journal: [],
    statistics: {},
    events: ['noDevice'],
  },
  {
    device: 'idCardReader',
    fault: 'unplugged mid-operation',
    how: 'the cable is pulled once the card is being read (the page says "reading"; a read is 1.35 s on the wire at 9600 baud)',
    state: 'noDevice',
    screen: 'identifyFailed',
    message: READER_BROKEN,
    journal: [],
    statistics: { FailedReadCount: 1, CommunicationErrorCount: 'any' },
    events: ['offline', 'noDevice'],
  },
  {
    device: 'idCardReader',
    fault: 'plugged back',
    how: 'the cable plugged back in; an older citizen places the card for the green channel',
    state: 'online',
    screen: 'ticketPrinted',
    message: TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodReadCount: 1, CommunicationErrorCount: 'any' },
    events: ['online'],
  },
  {
    device: 'idCardReader',
    fault: 'garbage bytes',
    how: 'noise before every reply while a card is placed and read',
    state: 'online',
    screen: 'ticketPrinted',
    message: TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodReadCount: 1, CommunicationErrorCount: 'any' },
    events: [],
  },
  {
    device: 'idCardReader',
    fault: 'slow replies',
    how: 'every reply 100 ms late (within the 300 ms find and 3 s read time-outs) while a card is read',
    state: 'online',
    screen: 'ticketPrinted',
    message: TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodReadCount: 1, CommunicationErrorCount: 'any' },
    events: [],
  },
  {
    device: 'idCardReader',
    fault: 'no reply',
    how: 'the reader goes mute while the citizen is asked for the card',
    state: 'offline',
    screen: 'identifyFailed',
    message: READER_BROKEN,
    journal: [],
    statistics: { CommunicationErrorCount: 'some' },
    events: ['offline'],
  },
  {
    device: 'scanner',
    fault: 'absent at start',
    how: 'no scanner on the line when the daemon starts; a citizen opens check-in',
    state: 'noDevice',
    screen: 'checkInWaiting',
    message: OR_SCAN,
    journal: [],
    statistics: {},
    events: ['noDevice'],
  },
  {
    device: 'scanner',
    fault: 'unplugged mid-operation',
    how: 'the cable is pulled while check-in waits for a code, then the booking is shown to it',
    state: 'noDevice',
    screen: 'checkInWaiting',
    message: OR_SCAN,
    journal: [],
    statistics: { CommunicationErrorCount: 1 },
    events: ['offline', 'noDevice'],
  },
  {
    device: 'scanner',
    fault: 'plugged back',
    how: 'the cable plugged back in; the booking’s QR code is scanned at check-in',
    state: 'online',
    screen: 'checkInTicket',
    message: CHECK_IN_TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodScanCount: 1 },
    events: ['online'],
  },
  {
    device: 'scanner',
    fault: 'garbage bytes',
    how: '7 bytes of noise, then the booking’s QR code',
    state: 'online',
    screen: 'checkInTicket',
    message: CHECK_IN_TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodScanCount: 1, FailedScanCount: 'some' },
    events: [],
  },
  {
    device: 'scanner',
    fault: 'slow replies',
    how: 'the code arrives 300 ms after the scan',
    state: 'online',
    screen: 'checkInTicket',
    message: CHECK_IN_TAKE_TICKET,
    journal: ['ticket: printed'],
    statistics: { GoodScanCount: 1 },
    events: [],
  },
  {
    device: 'scanner',
    fault: 'no reply',
    how: 'the scanner sends nothing; the booking is shown to it, and the page is watched for 1 s',
    state: 'online',
    screen: 'checkInWaiting',
    message: OR_SCAN,
    journal: [],
    statistics: {},
    events: [],
  },
];

const observed = new Map<string, Observed>();

function spec(device: MatrixDevice, fault: Fault): FaultRow {
  const row = SPEC.find((r) => r.device === device && r.fault === fault);
  if (!row) throw new Error(`SPEC has no row for ${device} / ${fault}`);
  return row;
}

/** Observes the row's columns, keeps them for the document, and fails on any difference. */
async function check(kiosk: FaultKiosk, page: Page, device: MatrixDevice, fault: Fault, from: Cursor) {
  const seen = await kiosk.observe(page, device, from);
  observed.set(`${device}/${fault}`, seen);
  expect(
    differences(spec(device, fault), seen),
    `${device} / ${fault}: observed ${JSON.stringify(seen)}`,
  ).toEqual([]);
}

/** From the attract screen to the area's ticket; answers the priority question with `priority`. */
async function takeTicket(kiosk: FaultKiosk, page: Page, priority: 'yes' | 'no'): Promise<void> {
  await page.goto(kiosk.daemon.url);
  await page.getByTestId('start').click();
  await page.getByTestId('home-take-ticket').click();
  await page.getByTestId('area-tax').click();
  await onScreen(page, 'priorityQuestion');
  await page.getByTestId(`priority-${priority}`).click();
}

async function openCheckIn(kiosk: FaultKiosk, page: Page): Promise<void> {
  await page.goto(kiosk.daemon.url);
  await page.getByTestId('start').click();
  await page.getByTestId('home-check-in').click();
  await onScreen(page, 'checkInWaiting');
}

test.describe.serial('fault matrix: ticket printer', () => {
  let kiosk: FaultKiosk;
  const device = 'ticketPrinter';
  test.beforeAll(async () => {
    kiosk = await FaultKiosk.start(tempDir('faults-printer'), device);
  });
  test.afterAll(async () => kiosk?.stop());

  test('absent at start', async ({ page }) => {
    const from = { jobId: 0, eventId: 0, statistics: {} };
    await kiosk.waitForState(device, 'noDevice');
    await takeTicket(kiosk, page, 'no');
    await settledScreen(page, ['priorityQuestion']);
    await check(kiosk, page, device, 'absent at start', from);
    await kiosk.plugIn(device);
    await kiosk.waitForState(device, 'online');
  });

  test('unplugged mid-operation', async ({ page }) => {
    const printer = kiosk.emulator(device);
    await printer.control({ action: 'paperOutAfter', lines: 3 });
    const last = (await printer.receipts()).at(-1)?.id ?? 0;
    const from = await kiosk.cursor(device);
    await takeTicket(kiosk, page, 'no');
    await waitUntil('the printer to stop mid-ticket', async () =>
      (await printer.receipts()).some((r) => r.id > last && r.incomplete) ? true : undefined,
    );
    await printer.control({ action: 'unplug' });
    await settledScreen(page, ['priorityQuestion']);
    await kiosk.waitForState(device, 'noDevice');
    await check(kiosk, page, device, 'unplugged mid-operation', from);
  });

  test('plugged back', async ({ page }) => {
    const printer = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await printer.control({ action: 'loadPaper' });
    await printer.control({ action: 'plug' });
    await kiosk.waitForState(device, 'online');
    await takeTicket(kiosk, page, 'no');
    await settledScreen(page, ['priorityQuestion']);
    await check(kiosk, page, device, 'plugged back', from);
  });

  test('garbage bytes', async ({ page }) => {
    const from = await kiosk.cursor(device);
    await kiosk.emulator(device).control({ action: 'garbage', bytes: 32 });
    await takeTicket(kiosk, page, 'no');
    await settledScreen(page, ['priorityQuestion']);
    await check(kiosk, page, device, 'garbage bytes', from);
  });

  for (const fault of ['slow replies', 'no reply'] as const) {
    test(fault, async ({ page }) => {
      const printer = kiosk.emulator(device);
      const from = await kiosk.cursor(device);
      await printer.control(
        fault === 'slow replies' ? { action: 'slowReplies', ms: 2000 } : { action: 'noReply' },
      );
      await takeTicket(kiosk, page, 'no');
      await settledScreen(page, ['priorityQuestion']);
      await check(kiosk, page, device, fault, from);
      // Back to normal: the late replies drain, and a technician's status check brings it online.
      await printer.control(
        fault === 'slow replies' ? { action: 'slowReplies', ms: 0 } : { action: 'noReply', on: false },
      );
      await new Promise((r) => setTimeout(r, 2500));
      await kiosk.tech('check', { device, level: 'external' });
      await kiosk.waitForState(device, 'online');
    });
  }
});

test.describe.serial('fault matrix: ID-card reader', () => {
  let kiosk: FaultKiosk;
  const device = 'idCardReader';
  test.beforeAll(async () => {
    kiosk = await FaultKiosk.start(tempDir('faults-reader'), device);
  });
  test.afterAll(async () => kiosk?.stop());

  test('absent at start', async ({ page }) => {
    const from = { jobId: 0, eventId: 0, statistics: {} };
    await kiosk.waitForState(device, 'noDevice');
    await takeTicket(kiosk, page, 'yes');
    await settledScreen(page, ['priorityQuestion', 'identifyPlaceCard']);
    await check(kiosk, page, device, 'absent at start', from);
    await kiosk.plugIn(device);
    await kiosk.waitForState(device, 'online');
  });

  test('unplugged mid-operation', async ({ page }) => {
    const reader = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await takeTicket(kiosk, page, 'yes');
    await onScreen(page, 'identifyPlaceCard');
    await reader.control({ action: 'placeCard', card: 'elderResident' });
    await onScreen(page, 'identifyReading');
    await reader.control({ action: 'unplug' });
    await settledScreen(page, ['identifyPlaceCard']);
    await kiosk.waitForState(device, 'noDevice');
    await check(kiosk, page, device, 'unplugged mid-operation', from);
    await reader.control({ action: 'removeCard' });
  });

  const readsACard = async (page: Page, fault: Fault, on: () => Promise<void>, off: () => Promise<void>) => {
    const reader = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await on();
    await takeTicket(kiosk, page, 'yes');
    await onScreen(page, 'identifyPlaceCard');
    await reader.control({ action: 'placeCard', card: 'elderResident' });
    await settledScreen(page, ['identifyPlaceCard']);
    await reader.control({ action: 'removeCard' });
    await check(kiosk, page, device, fault, from);
    await off();
  };

  test('plugged back', async ({ page }) => {
    const reader = kiosk.emulator(device);
    await readsACard(
      page,
      'plugged back',
      async () => {
        await reader.control({ action: 'plug' });
        await kiosk.waitForState(device, 'online');
      },
      async () => undefined,
    );
  });

  test('garbage bytes', async ({ page }) => {
    const reader = kiosk.emulator(device);
    await readsACard(
      page,
      'garbage bytes',
      () => reader.control({ action: 'garbage', on: true }),
      () => reader.control({ action: 'garbage', on: false }),
    );
  });

  test('slow replies', async ({ page }) => {
    const reader = kiosk.emulator(device);
    await readsACard(
      page,
      'slow replies',
      () => reader.control({ action: 'slowReplies', ms: 100 }),
      () => reader.control({ action: 'slowReplies', ms: 0 }),
    );
  });

  test('no reply', async ({ page }) => {
    const reader = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await takeTicket(kiosk, page, 'yes');
    await onScreen(page, 'identifyPlaceCard');
    await reader.control({ action: 'noReply' });
    await settledScreen(page, ['identifyPlaceCard']);
    await check(kiosk, page, device, 'no reply', from);
    await reader.control({ action: 'noReply', on: false });
    await kiosk.waitForState(device, 'online');
  });
});

test.describe.serial('fault matrix: QR scanner', () => {
  let kiosk: FaultKiosk;
  const device = 'scanner';
  test.beforeAll(async () => {
    kiosk = await FaultKiosk.start(tempDir('faults-scanner'), device);
  });
  test.afterAll(async () => kiosk?.stop());
  const code = (fault: Fault) => BOOKING_CODES[FAULTS.indexOf(fault)]!;

  test('absent at start', async ({ page }) => {
    const from = { jobId: 0, eventId: 0, statistics: {} };
    await kiosk.waitForState(device, 'noDevice');
    await openCheckIn(kiosk, page);
    await check(kiosk, page, device, 'absent at start', from);
    await kiosk.plugIn(device);
    await kiosk.waitForState(device, 'online');
  });

  test('unplugged mid-operation', async ({ page }) => {
    const scanner = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await openCheckIn(kiosk, page);
    await scanner.control({ action: 'unplug' });
    await scanner.control({ action: 'scan', code: code('unplugged mid-operation') });
    await kiosk.waitForState(device, 'noDevice');
    await check(kiosk, page, device, 'unplugged mid-operation', from);
  });

  const scansABooking = async (
    page: Page,
    fault: Fault,
    on: () => Promise<void>,
    off: () => Promise<void>,
  ) => {
    const scanner = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await on();
    await openCheckIn(kiosk, page);
    await scanner.control({ action: 'scan', code: code(fault) });
    await settledScreen(page, ['checkInWaiting']);
    await check(kiosk, page, device, fault, from);
    await off();
  };

  test('plugged back', async ({ page }) => {
    const scanner = kiosk.emulator(device);
    await scansABooking(
      page,
      'plugged back',
      async () => {
        await scanner.control({ action: 'plug' });
        await kiosk.waitForState(device, 'online');
      },
      async () => undefined,
    );
  });

  test('garbage bytes', async ({ page }) => {
    const scanner = kiosk.emulator(device);
    await scansABooking(
      page,
      'garbage bytes',
      () => scanner.control({ action: 'garbage', bytes: 7 }),
      async () => undefined,
    );
  });

  test('slow replies', async ({ page }) => {
    const scanner = kiosk.emulator(device);
    await scansABooking(
      page,
      'slow replies',
      () => scanner.control({ action: 'slowReplies', ms: 300 }),
      () => scanner.control({ action: 'slowReplies', ms: 0 }),
    );
  });

  test('no reply', async ({ page }) => {
    const scanner = kiosk.emulator(device);
    const from = await kiosk.cursor(device);
    await openCheckIn(kiosk, page);
    await scanner.control({ action: 'noReply' });
    await scanner.control({ action: 'scan', code: code('no reply') });
    // The emulator drops the code at once (nothing is in flight); a second shows that nothing follows.
    await new Promise((r) => setTimeout(r, 1000));
    await check(kiosk, page, device, 'no reply', from);
    await scanner.control({ action: 'noReply', on: false });
  });
});

test('docs/faults.md is the specification, with the device details observed (UPDATE_FAULTS=1 rewrites it)', () => {
  expect(
    SPEC.map((r) => `${r.device}/${r.fault}`),
    'SPEC has one row per device and fault, in order',
  ).toEqual(MATRIX_DEVICES.flatMap((d) => FAULTS.map((f) => `${d}/${f}`)));
  expect([...observed.keys()].sort(), 'every row was observed in this run').toEqual(
    SPEC.map((r) => `${r.device}/${r.fault}`).sort(),
  );
  const table = faultsTable(SPEC, observed);
  const doc = faultsDoc();
  if (process.env.UPDATE_FAULTS === '1') {
    doc.write(table);
    return;
  }
  expect(
    tableCells(doc.table),
    'docs/faults.md is stale: UPDATE_FAULTS=1 npx playwright test -c tests/playwright.config.ts faultMatrix',
  ).toEqual(tableCells(table));
});
