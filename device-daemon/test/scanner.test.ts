import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorTransport, ScannerEmulator, runUntil, type ScannerMode } from '@hall-kiosk/hardware-mocks';
import { HID_POS_HELLO_QR } from '@hall-kiosk/hardware-mocks/fixtures';
import { ManualClock } from '@hall-kiosk/shared';
import { parseHidPosBody, symbologyName } from '../src/devices/scanner/hid-pos-report.ts';
import { BootKeyboardDecoder, keyToChar } from '../src/devices/scanner/boot-keyboard.ts';
import { CodeScannerDriver, type Scan } from '../src/devices/scanner/scanner-driver.ts';
import { HidTransport } from '../src/transport/hid.ts';
import { silentLogger } from '../src/log.ts';

describe('HID POS report decoding (golden vectors)', () => {
  it('reads length, AIM id, data and the "more" flag', () => {
    expect(HID_POS_HELLO_QR).toHaveLength(63);
    const seg = parseHidPosBody(HID_POS_HELLO_QR);
    expect(seg).toEqual({ aim: ']Q1', data: new TextEncoder().encode('HELLO'), more: false });
    expect(symbologyName(']Q1')).toBe('QR');
    expect(symbologyName(']C0')).toBe('Code 128');
  });

  it('refuses a body of the wrong size, an impossible length, unknown flag bits, a missing AIM id', () => {
    expect(parseHidPosBody(HID_POS_HELLO_QR.subarray(1))).toMatch(/62 bytes/);
    const long = Uint8Array.from(HID_POS_HELLO_QR);
    long[0] = 57;
    expect(parseHidPosBody(long)).toMatch(/exceeds 56/);
    const flags = Uint8Array.from(HID_POS_HELLO_QR);
    flags[62] = 0x82;
    expect(parseHidPosBody(flags)).toMatch(/unknown bits/);
    const noAim = Uint8Array.from(HID_POS_HELLO_QR);
    noAim[1] = 0x41;
    expect(parseHidPosBody(noAim)).toMatch(/AIM/);
  });
});

describe('keyboard-wedge decoding', () => {
  it('maps usage ids to US-layout characters with and without shift', () => {
    expect(keyToChar(0x04, false)).toBe('a');
    expect(keyToChar(0x04, true)).toBe('A');
    expect(keyToChar(0x27, false)).toBe('0');
    expect(keyToChar(0x1e, true)).toBe('!');
    expect(keyToChar(0x2d, false)).toBe('-');
    expect(keyToChar(0x38, true)).toBe('?');
    expect(keyToChar(0x3a, false)).toBeNull(); // F1 types nothing
  });

  it('counts a key on press (not while held), finishes on Enter', () => {
    const d = new BootKeyboardDecoder();
    const r = (mod: number, ...keys: number[]) =>
      Uint8Array.of(mod, 0, ...keys, ...new Array(6 - keys.length).fill(0));
    expect(d.push(r(0x02, 0x0b))).toBeNull(); // H
    expect(d.push(r(0x02, 0x0b))).toBeNull(); // still held: not repeated
    expect(d.push(r(0))).toBeNull();
    expect(d.push(r(0, 0x0c))).toBeNull(); // i
    expect(d.push(r(0, 0x0c, 0x1e))).toBeNull(); // 1 pressed while i held
    expect(d.push(r(0))).toBeNull();
    expect(d.push(r(0, 0x28))).toBe('Hi1');
    expect(d.push(Uint8Array.of(1, 2, 3))).toBeNull(); // not a boot report: ignored
  });
});

const drivers: CodeScannerDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

// Driver, emulator and link all run on one ManualClock: time moves only when the test runs it.
function rig(mode: ScannerMode) {
  const clock = new ManualClock();
  const emulator = new ScannerEmulator({ clock, mode, baudRate: 115200 });
  const driver = new CodeScannerDriver({
    transport: new EmulatorTransport(emulator, '/dev/ttyScan'),
    clock,
    log: silentLogger,
    protocol: mode,
    reconnectMs: 50,
  });
  drivers.push(driver);
  const scans: Scan[] = [];
  driver.on('scan', (s) => scans.push(s));
  driver.start();
  const until = (done: () => boolean) => runUntil(clock, done);
  return { emulator, driver, scans, until };
}

describe('code scanner driver against the emulator', () => {
  it('passes a scanned QR code on only while armed', async () => {
    const { emulator, driver, scans, until } = rig('hidPos');
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'scan', code: 'DEMO-BOOKING-1' });
    await until(() => driver.stats.ignoredScans === 1);
    expect(driver.stats.ignoredScans).toBe(1);
    expect(scans).toEqual([]);
    const disarm = driver.arm();
    emulator.control({ action: 'scan', code: 'DEMO-BOOKING-1' });
    await until(() => scans.length === 1);
    expect(scans).toEqual([{ code: 'DEMO-BOOKING-1', symbology: 'QR' }]);
    disarm();
  });

  it('assembles a long code from several reports, in UTF-8', async () => {
    const { emulator, driver, scans, until } = rig('hidPos');
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    const long = `https://zwfw.example.gov.cn/booking?id=${'7'.repeat(120)}&name=预约`;
    emulator.control({ action: 'scan', code: long });
    await until(() => scans.length === 1);
    expect(scans.map((s) => s.code)).toEqual([long]);
  });

  it('skips garbage and reads the next code', async () => {
    const { emulator, driver, scans, until } = rig('hidPos');
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    emulator.control({ action: 'garbage', bytes: 5 });
    emulator.control({ action: 'scan', code: 'AFTER-GARBAGE' });
    await until(() => scans.length === 1);
    expect(scans.map((s) => s.code)).toEqual(['AFTER-GARBAGE']);
    expect(driver.stats.failedScans).toBeGreaterThan(0);
  });

  it('reads a keyboard-wedge scanner', async () => {
    const { emulator, driver, scans, until } = rig('keyboardWedge');
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    emulator.control({ action: 'scan', code: 'Wedge-42:OK' });
    await until(() => scans.length === 1);
    expect(scans.map((s) => s.code)).toEqual(['Wedge-42:OK']);
  });

  it('goes offline when unplugged and comes back', async () => {
    const { emulator, driver, until } = rig('hidPos');
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.setPlugged(false);
    await until(() => driver.status.state !== 'online');
    expect(driver.status.state).not.toBe('online');
    emulator.setPlugged(true);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });
});

/** node-hid as the HID POS scanner presents it: one 64-byte input report per read, report id first. */
class HidPosDevice extends EventEmitter {
  constructor(emulator: ScannerEmulator) {
    super();
    emulator.on('output', (body) => this.emit('data', Buffer.concat([Buffer.of(0x02), Buffer.from(body)])));
  }
  write(): number {
    return 0;
  }
  close(): void {}
}

describe('code scanner over USB HID', () => {
  it('reads HID POS input reports (report id 0x02 first) through the HID transport', async () => {
    const clock = new ManualClock();
    const emulator = new ScannerEmulator({ clock, mode: 'hidPos' });
    const transport = new HidTransport(
      0x0c2e,
      0x0b8f,
      { framing: 'raw', reportSize: 63, reportId: 2, inputHasReportId: true },
      () => new HidPosDevice(emulator),
    );
    const driver = new CodeScannerDriver({
      transport,
      clock,
      log: silentLogger,
      protocol: 'hidPos',
    });
    drivers.push(driver);
    const scans: Scan[] = [];
    driver.on('scan', (s) => scans.push(s));
    driver.start();
    await runUntil(clock, () => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    emulator.control({ action: 'scan', code: 'HID-POS-1', symbology: 'CODE128' });
    await runUntil(clock, () => scans.length === 1);
    expect(scans).toEqual([{ code: 'HID-POS-1', symbology: 'Code 128' }]);
  });
});
