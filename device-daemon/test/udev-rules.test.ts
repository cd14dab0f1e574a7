import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/load.ts';
import { udevRules, unstablePathWarnings } from '../src/system/udev-rules.ts';

const devicesOf = (devices: unknown) => parseConfig({ devices }, 'test.json', '/').devices;

describe('udev rules from the configuration', () => {
  it('names a USB serial adapter by vendor, product and serial number, for the dialout group', () => {
    const rules = udevRules(
      devicesOf({
        idCardReader: {
          connection: {
            serial: '/dev/kiosk-id-reader',
            usb: { vendorId: '0x0400', productId: '0xC35A', serialNumber: 'SAM-0042' },
          },
        },
      }),
    );
    expect(rules).toContain(
      'SUBSYSTEM=="tty", ATTRS{idVendor}=="0400", ATTRS{idProduct}=="c35a", ATTRS{serial}=="SAM-0042", ' +
        'SYMLINK+="kiosk-id-reader", GROUP="dialout", MODE="0660"',
    );
  });

  it('leaves the serial number out when none is configured (one adapter of its kind)', () => {
    const rules = udevRules(
      devicesOf({
        ticketPrinter: {
          connection: {
            serial: '/dev/kiosk-ticket-printer',
            usb: { vendorId: '0x0dd4', productId: '0x0205' },
          },
        },
      }),
    );
    const rule = rules.split('\n').find((l) => l.startsWith('SUBSYSTEM'));
    expect(rule).toBe(
      'SUBSYSTEM=="tty", ATTRS{idVendor}=="0dd4", ATTRS{idProduct}=="0205", SYMLINK+="kiosk-ticket-printer", GROUP="dialout", MODE="0660"',
    );
  });

  it('gives a HID device a hidraw name and its USB node to plugdev', () => {
    const rules = udevRules(
      devicesOf({ scanner: { connection: { hid: { vendorId: '0x0C2E', productId: '0x0B8F' } } } }),
    );
    const active = rules.split('\n').filter((l) => l.startsWith('SUBSYSTEM'));
    expect(active).toEqual([
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b8f", SYMLINK+="kiosk-scanner", GROUP="plugdev", MODE="0660"',
      'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b8f", GROUP="plugdev", MODE="0660"',
    ]);
  });

  it('writes no rule, only a comment saying why, for network, emulated and unidentified serial devices', () => {
    const rules = udevRules(
      devicesOf({
        ticketPrinter: { connection: { serial: '/dev/ttyS0' } },
        receiptPrinter: { connection: { tcp: '192.168.1.60:9100' } },
        idCardReader: { connection: { emulated: {} } },
      }),
    );
    expect(rules.split('\n').filter((l) => l.startsWith('SUBSYSTEM'))).toEqual([]);
    expect(rules).toMatch(/# ticketPrinter: \/dev\/ttyS0 has no USB identity/);
    expect(rules).toMatch(/# receiptPrinter: on the network/);
    expect(rules).toMatch(/# idCardReader: emulated/);
  });

  it('honours other group names', () => {
    const rules = udevRules(
      devicesOf({ idCardReader: { connection: { hid: { vendorId: '0x0400', productId: '0xc35a' } } } }),
      { serialGroup: 'tty', hidGroup: 'kiosk' },
    );
    expect(rules).toContain('GROUP="kiosk"');
    expect(rules).not.toContain('plugdev');
  });

  it('refuses a serial number that could break out of the rule', () => {
    expect(() =>
      devicesOf({
        idCardReader: {
          connection: {
            serial: '/dev/x',
            usb: { vendorId: '0x0400', productId: '0xc35a', serialNumber: 'a", RUN+="/bin/sh' },
          },
        },
      }),
    ).toThrow(ConfigError);
  });
});

describe('unstable device paths', () => {
  it('warns about /dev/ttyUSB*, /dev/ttyACM* and /dev/hidraw* and names the stable replacement', () => {
    const warnings = unstablePathWarnings(
      devicesOf({
        ticketPrinter: { connection: { serial: '/dev/ttyUSB0' } },
        idCardReader: { connection: { serial: '/dev/ttyACM1' } },
        scanner: { connection: { serial: '/dev/hidraw3' } },
      }),
    );
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /devices\.idCardReader\.connection\.serial: \/dev\/ttyACM1 .* \/dev\/kiosk-id-reader/,
    );
  });

  it('does not warn about stable names, built-in ports or by-id paths', () => {
    expect(
      unstablePathWarnings(
        devicesOf({
          ticketPrinter: { connection: { serial: '/dev/kiosk-ticket-printer' } },
          receiptPrinter: { connection: { serial: '/dev/ttyS0' } },
          idCardReader: { connection: { serial: '/dev/serial/by-id/usb-SAM_Reader_0042-if00-port0' } },
        }),
      ),
    ).toEqual([]);
  });
});
