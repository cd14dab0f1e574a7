import type { DeviceName } from '@hall-kiosk/shared';
import type { Connection, KioskConfig } from '../config/schema.ts';

/**
 * udev rules that give each configured USB device a name that survives re-plugging and reboots
 * (/dev/ttyUSB0 and /dev/hidraw1 are numbered in the order the kernel found the devices), and let
 * the daemon's system user open it. Pure: configuration in, rules text out.
 */

/** The stable name each device kind gets under /dev. */
export const STABLE_NAMES: Record<DeviceName, string> = {
  idCardReader: 'kiosk-id-reader',
  ticketPrinter: 'kiosk-ticket-printer',
  receiptPrinter: 'kiosk-receipt-printer',
  scanner: 'kiosk-scanner',
};

export type UdevOptions = {
  /** The group the daemon's user is in for serial lines (Debian: dialout). */
  serialGroup: string;
  /** The group for USB and hidraw devices (Debian: plugdev). */
  hidGroup: string;
};

export const DEFAULT_UDEV_OPTIONS: UdevOptions = { serialGroup: 'dialout', hidGroup: 'plugdev' };

const hex = (id: string): string => id.slice(2).toLowerCase();

function match(vendorId: string, productId: string, serialNumber: string | undefined): string {
  const serial = serialNumber === undefined ? '' : `, ATTRS{serial}=="${serialNumber}"`;
  return `ATTRS{idVendor}=="${hex(vendorId)}", ATTRS{idProduct}=="${hex(productId)}"${serial}`;
}

function rulesFor(device: DeviceName, connection: Connection, options: UdevOptions): string[] {
  const name = STABLE_NAMES[device];
  if ('serial' in connection) {
    if (!connection.usb)
      return [
        `# ${device}: ${connection.serial} has no USB identity in the configuration (connection.usb);`,
        `#   a built-in port keeps its name, a USB adapter needs vendorId/productId to get /dev/${name}.`,
      ];
    const { vendorId, productId, serialNumber } = connection.usb;
    return [
      `# ${device}: USB serial adapter → /dev/${name}`,
      `SUBSYSTEM=="tty", ${match(vendorId, productId, serialNumber)}, SYMLINK+="${name}", GROUP="${options.serialGroup}", MODE="0660"`,
    ];
  }
  if ('hid' in connection) {
    const { vendorId, productId, serialNumber } = connection.hid;
    const m = match(vendorId, productId, serialNumber);
    return [
      `# ${device}: USB HID → /dev/${name} (hidraw), and the USB node for libusb`,
      `SUBSYSTEM=="hidraw", ${m}, SYMLINK+="${name}", GROUP="${options.hidGroup}", MODE="0660"`,
      `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ${m}, GROUP="${options.hidGroup}", MODE="0660"`,
    ];
  }
  if ('tcp' in connection) return [`# ${device}: on the network (${connection.tcp}), no rule needed`];
  return [`# ${device}: emulated, no rule needed`];
}

/** The whole rules file for a configuration's devices. */
export function udevRules(
  devices: KioskConfig['devices'],
  options: UdevOptions = DEFAULT_UDEV_OPTIONS,
): string {
  const lines = [
    '# Stable names for the kiosk devices. Made by `kiosk udev-rules` from the configuration;',
    '# install as /etc/udev/rules.d/70-hall-kiosk.rules, then `udevadm control --reload && udevadm trigger`.',
    '# (70 sorts before 73-seat-late.rules, as uaccess tagging requires.)',
  ];
  for (const [device, cfg] of Object.entries(devices) as [
    DeviceName,
    { connection: Connection } | undefined,
  ][]) {
    if (!cfg) continue;
    lines.push('', ...rulesFor(device, cfg.connection, options));
  }
  return `${lines.join('\n')}\n`;
}

/** Paths the kernel numbers by plug order: a configuration naming one breaks when devices are re-plugged. */
const UNSTABLE_PATH = /^\/dev\/(ttyUSB|ttyACM|hidraw)\d+$/;

/** Warnings (not errors) about device paths that will not survive re-plugging. */
export function unstablePathWarnings(devices: KioskConfig['devices']): string[] {
  const out: string[] = [];
  for (const [device, cfg] of Object.entries(devices) as [
    DeviceName,
    { connection: Connection } | undefined,
  ][]) {
    if (!cfg || !('serial' in cfg.connection)) continue;
    const path = cfg.connection.serial;
    if (UNSTABLE_PATH.test(path))
      out.push(
        `devices.${device}.connection.serial: ${path} is numbered by plug order and can change after a re-plug or reboot; ` +
          `set connection.usb (vendorId, productId, serialNumber) and use /dev/${STABLE_NAMES[device]} from \`kiosk udev-rules\``,
      );
  }
  return out;
}
