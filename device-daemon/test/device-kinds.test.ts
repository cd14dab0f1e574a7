import { describe, expect, it } from 'vitest';
import { EmulatorTransport, ScannerEmulator, runUntil, settleOnClock } from '@hall-kiosk/hardware-mocks';
import { DEVICE_NAMES, ManualClock } from '@hall-kiosk/shared';
import { DEVICE_KINDS, DeviceRegistry, kindOf } from '../src/devices/registry.ts';
import { codeScannerKind } from '../src/devices/scanner/kind.ts';
import { escPosPrinterKind } from '../src/devices/printer/kind.ts';
import { CodeScannerDriver } from '../src/devices/scanner/scanner-driver.ts';
import { EscPosPrinterDriver } from '../src/devices/printer/printer-driver.ts';
import { SamIdCardReaderDriver } from '../src/devices/id-card/id-card-driver.ts';
import type { HealthProbe } from '../src/devices/device.ts';
import type { DeviceConfigOf } from '../src/devices/kind.ts';
import { silentLogger } from '../src/log.ts';

const tcp = { tcp: '127.0.0.1:9' };
const scannerConfig = (protocol: 'hidPos' | 'keyboardWedge'): DeviceConfigOf<'scanner'> => ({
  connection: tcp,
  protocol,
});
const printerConfig = (profile: 'none' | 'citizen'): DeviceConfigOf<'ticketPrinter'> => ({
  connection: tcp,
  paperWidth: 80,
  automaticStatusBack: false,
  statusPollMs: 5000,
  presenter: { profile, retractAfterSeconds: 30 },
});

describe('the table of device kinds', () => {
  it('drives every configuration key with exactly one kind', () => {
    for (const name of DEVICE_NAMES)
      expect(DEVICE_KINDS.filter((k) => k.devices.includes(name)).map((k) => k.kind)).toEqual([
        kindOf(name).kind,
      ]);
    expect(DEVICE_KINDS.map((k) => k.kind)).toEqual(['escposPrinter', 'samIdCardReader', 'codeScanner']);
  });

  it('gives each kind its transport options: presenter and scanner mode for emulators, HID report layouts', () => {
    expect(escPosPrinterKind.emulatorOptions(printerConfig('citizen'))).toEqual({ presenter: 'citizen' });
    expect(codeScannerKind.emulatorOptions(scannerConfig('keyboardWedge'))).toEqual({
      mode: 'keyboardWedge',
    });
    expect(codeScannerKind.hidDefaults(scannerConfig('hidPos'))).toEqual({
      framing: 'raw',
      reportSize: 63,
      reportId: 2,
      inputHasReportId: true,
    });
    expect(codeScannerKind.hidDefaults(scannerConfig('keyboardWedge'))).toEqual({
      framing: 'raw',
      reportSize: 8,
      reportId: 0,
      inputHasReportId: false,
    });
  });

  it('builds one driver per configured device, in device order, each reachable by its typed accessor', () => {
    const registry = new DeviceRegistry(
      {
        scanner: scannerConfig('hidPos'),
        ticketPrinter: printerConfig('none'),
        idCardReader: { connection: tcp, pollMs: 250, withFingerprint: false },
      },
      { clock: new ManualClock(), log: silentLogger },
    );
    expect([...registry.drivers.keys()]).toEqual(
      DEVICE_NAMES.filter((n) => ['scanner', 'ticketPrinter', 'idCardReader'].includes(n)),
    );
    expect(registry.printer('ticketPrinter')).toBeInstanceOf(EscPosPrinterDriver);
    expect(registry.printer('receiptPrinter')).toBeUndefined();
    expect(registry.idCardReader()).toBeInstanceOf(SamIdCardReaderDriver);
    expect(registry.scanner()).toBeInstanceOf(CodeScannerDriver);
    expect(registry.statuses().map((s) => [s.device, s.state, s.detail, s.connection])).toEqual(
      [...registry.drivers.keys()].map((d) => [d, 'offline', 'starting', 'tcp 127.0.0.1:9']),
    );
  });

  it('asks each kind for its statistics under UnifiedPOS names', () => {
    const clock = new ManualClock();
    const parts = {
      transport: new EmulatorTransport(new ScannerEmulator({ clock })),
      clock,
      log: silentLogger,
    };
    expect(
      Object.keys(codeScannerKind.build('scanner', scannerConfig('hidPos'), parts).statistics()),
    ).toEqual(['GoodScanCount', 'FailedScanCount', 'IgnoredScanCount', 'CommunicationErrorCount']);
  });
});

describe('a kind runs its own health checks', () => {
  const probe = (clock: ManualClock): HealthProbe => ({
    clock,
    interactiveWaitMs: 5000,
    testPage: () => new Uint8Array(0),
    describeCard: () => 'never called for a scanner',
  });

  it('scanner: internal and external from its link; interactive waits for a code on the clock', async () => {
    const clock = new ManualClock();
    const emulator = new ScannerEmulator({ clock });
    const scanner = new CodeScannerDriver({
      transport: new EmulatorTransport(emulator, '/dev/ttyKIND'),
      clock,
      log: silentLogger,
      protocol: 'hidPos',
    });
    expect(await scanner.health('internal', probe(clock))).toMatchObject({
      result: 'failed',
      text: 'offline (starting): it was there and does not answer: check power and cable, then reconnect',
    });
    scanner.start();
    await runUntil(clock, () => scanner.status.state === 'online');
    expect(await scanner.health('external', probe(clock))).toEqual({
      result: 'ok',
      text: 'link open (hidPos); scanners have no status command',
    });
    const check = scanner.health('interactive', probe(clock));
    await runUntil(clock, () => true);
    emulator.control({ action: 'scan', code: 'CHECK-1' });
    expect(await settleOnClock(clock, check)).toEqual({ result: 'ok', text: 'code read: QR, 7 characters' });
    const started = clock.now();
    expect(await settleOnClock(clock, scanner.health('interactive', probe(clock)))).toEqual({
      result: 'failed',
      text: 'no code scanned within 5 s',
    });
    expect(clock.now() - started).toBeGreaterThanOrEqual(5000);
    expect(scanner.statistics()).toMatchObject({ GoodScanCount: 1, IgnoredScanCount: 0 });
    await scanner.stop();
  });
});
