import { afterEach, describe, expect, it } from 'vitest';
import { HidBridge, SamReaderEmulator, runUntil } from '@hall-kiosk/hardware-mocks';
import { HID_FIND_CARD_REPORT_HEAD, SAM_COMMANDS } from '@hall-kiosk/hardware-mocks/fixtures';
import { ManualClock, type DeviceStatus } from '@hall-kiosk/shared';
import { DEFAULT_HID_PROFILE, fromReport, toReports } from '../src/transport/hid-reports.ts';
import { HidTransport } from '../src/transport/hid.ts';
import { SamIdCardReaderDriver, type CardRead } from '../src/devices/id-card/id-card-driver.ts';
import { DeviceRegistry } from '../src/devices/registry.ts';
import { silentLogger } from '../src/log.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

describe('HID report profile', () => {
  it('puts a command frame in one 64-byte report after report id 0, length first, zero padded', () => {
    const reports = toReports(SAM_COMMANDS.findCard, DEFAULT_HID_PROFILE);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.length).toBe(65);
    expect(reports[0]!.slice(0, 12)).toEqual([...HID_FIND_CARD_REPORT_HEAD]);
    expect(reports[0]!.slice(0, 12)).toEqual([
      0x00, 10, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22,
    ]);
    expect(reports[0]!.slice(12).every((b) => b === 0)).toBe(true);
  });

  it('splits a 1295-byte read reply into 21 reports and reassembles it exactly', () => {
    const reply = Uint8Array.from({ length: 1295 }, (_, i) => (i * 7) & 0xff);
    const reports = toReports(reply, DEFAULT_HID_PROFILE);
    expect(reports).toHaveLength(21);
    const back = reports.flatMap((r) => [...fromReport(Uint8Array.from(r.slice(1)), DEFAULT_HID_PROFILE)]);
    expect(Uint8Array.from(back)).toEqual(reply);
  });

  it('handles raw framing and input reports that carry their report id', () => {
    const raw = { ...DEFAULT_HID_PROFILE, framing: 'raw' as const, reportSize: 8 };
    expect(toReports(Uint8Array.of(1, 2, 3), raw)).toEqual([[0, 1, 2, 3, 0, 0, 0, 0, 0]]);
    const withId = { ...DEFAULT_HID_PROFILE, inputHasReportId: true };
    expect(fromReport(Uint8Array.of(0x02, 3, 9, 8, 7, 0, 0), withId)).toEqual(Uint8Array.of(9, 8, 7));
  });

  it('clamps a length byte larger than the report', () => {
    expect(fromReport(Uint8Array.of(200, 1, 2), DEFAULT_HID_PROFILE)).toEqual(Uint8Array.of(1, 2));
    expect(fromReport(new Uint8Array(0), DEFAULT_HID_PROFILE)).toEqual(new Uint8Array(0));
  });
});

describe('the ID-card reader over USB HID', () => {
  it('reads a card through HID reports, and goes offline when the device is pulled', async () => {
    const clock = new ManualClock();
    const emulator = new SamReaderEmulator({ clock });
    const transport = new HidTransport(0x0400, 0xc35a, DEFAULT_HID_PROFILE, () => new HidBridge(emulator));
    const driver = new SamIdCardReaderDriver({
      transport,
      clock,
      log: silentLogger,
      pollMs: 20,
      reconnectMs: 50,
    });
    stops.push(() => driver.stop());
    const reads: CardRead[] = [];
    driver.on('identityRead', (r) => reads.push(r));
    driver.start();
    await runUntil(clock, () => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    expect(driver.status.connection).toBe('hid 0x0400:0xc35a');
    driver.arm();
    emulator.placeCard('elderResident');
    await runUntil(clock, () => reads.length === 1);
    expect(reads.length).toBe(1);
    expect(reads[0]!.identity.idNumber).toHaveLength(18);
    emulator.setPlugged(false);
    await runUntil(clock, () => driver.status.state === 'offline');
    expect(driver.status.state).toBe('offline');
  });

  it('reports noDevice through the real node-hid binding when no such device is attached', async () => {
    const registry = new DeviceRegistry(
      {
        idCardReader: {
          connection: { hid: { vendorId: '0x0400', productId: '0xc35a' } },
          pollMs: 250,
          withFingerprint: false,
        },
      },
      { clock: new ManualClock(), log: silentLogger },
    );
    stops.push(() => registry.stop());
    // Opening goes through the real node-hid: wait for the status event, not for the clock.
    const noDevice = new Promise<DeviceStatus>((resolve) =>
      registry.on('status', (s) => s.state === 'noDevice' && resolve(s)),
    );
    registry.start();
    expect((await noDevice).state).toBe('noDevice');
    expect(registry.statuses()[0]?.state).toBe('noDevice');
    expect(registry.statuses()[0]?.detail).toMatch(/hid 0x0400:0xc35a/);
  });
});
