import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.ts';
import {
  CHROMIUM_KIOSK_FLAGS,
  DEFAULT_UNIT_OPTIONS,
  browserUnit,
  daemonUnit,
  deviceAccessDropIn,
} from '../src/system/systemd-units.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/**
 * `systemd-analyze verify` on units installed in a throw-away root: the system's own unit files are
 * copied in (targets the units order against), and the binaries the package depends on are present
 * as executables there. verify exits 0 even for unknown keys and unparsable values, so anything it
 * prints counts as a problem.
 */
function verify(units: Record<string, string>): { status: number | null; problems: string } {
  const root = mkdtempSync(join(tmpdir(), 'units-'));
  roots.push(root);
  mkdirSync(join(root, 'usr/lib/systemd'), { recursive: true });
  cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true });
  for (const bin of [
    DEFAULT_UNIT_OPTIONS.nodeBinary,
    DEFAULT_UNIT_OPTIONS.chromiumBinary,
    DEFAULT_UNIT_OPTIONS.cageBinary,
  ]) {
    mkdirSync(join(root, bin, '..'), { recursive: true });
    writeFileSync(join(root, bin), '#!/bin/sh\n');
    chmodSync(join(root, bin), 0o755);
  }
  for (const [path, text] of Object.entries(units)) {
    mkdirSync(join(root, 'etc/systemd/system', path, '..'), { recursive: true });
    writeFileSync(join(root, 'etc/systemd/system', path), text);
  }
  const names = Object.keys(units).filter((p) => !p.includes('/'));
  const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, ...names], { encoding: 'utf8' });
  return { status: r.status, problems: `${r.stdout}${r.stderr}`.trim() };
}

const devicesOf = (devices: unknown) => parseConfig({ devices }, 'test.json', '/').devices;

describe('systemd units', () => {
  it('are the committed unit files (snapshot)', async () => {
    await expect(daemonUnit()).toMatchFileSnapshot('../../packaging/systemd/hall-kiosk.service');
    await expect(browserUnit()).toMatchFileSnapshot('../../packaging/systemd/hall-kiosk-browser.service');
  });

  it('pass systemd-analyze verify with no warning, drop-in included', () => {
    const result = verify({
      'hall-kiosk.service': daemonUnit(),
      'hall-kiosk-browser.service': browserUnit(),
      'hall-kiosk.service.d/50-devices.conf': deviceAccessDropIn(
        devicesOf({
          ticketPrinter: { connection: { serial: '/dev/kiosk-ticket-printer' } },
          idCardReader: { connection: { hid: { vendorId: '0x0400', productId: '0xc35a' } } },
        }),
      ),
    });
    expect(result.problems).toBe('');
    expect(result.status).toBe(0);
  });

  it('verify, as used here, does catch a misspelled key and a bad value', () => {
    const broken = daemonUnit()
      .replace('ProtectSystem=strict', 'ProtectSytem=strict')
      .replace(/WatchdogSec=\d+/, 'WatchdogSec=soon');
    const result = verify({ 'hall-kiosk.service': broken });
    expect(result.problems).toMatch(/Unknown key 'ProtectSytem'/);
    expect(result.problems).toMatch(/Failed to parse sec value/);
  });

  it('the daemon unit is a hardened notify service with a watchdog', () => {
    const unit = daemonUnit();
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      'WatchdogSec=30',
      'Restart=on-failure',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/hall-kiosk',
      'PrivateTmp=yes',
      'NoNewPrivileges=yes',
      'DevicePolicy=closed',
      'UMask=0077',
      'User=kiosk',
    ])
      expect(unit.split('\n')).toContain(line);
  });

  it('the browser unit starts after the daemon is ready, as its own user, with every kiosk flag', () => {
    const unit = browserUnit();
    expect(unit).toMatch(/^After=hall-kiosk\.service /m);
    expect(unit).toMatch(/^User=kiosk-screen$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='))!;
    for (const [flag] of CHROMIUM_KIOSK_FLAGS) expect(exec).toContain(` ${flag} `);
    expect(exec.endsWith(' http://127.0.0.1:8080/')).toBe(true);
  });
});

describe('device access drop-in', () => {
  it('allows only the device classes the configuration uses', () => {
    const dropIn = deviceAccessDropIn(
      devicesOf({
        ticketPrinter: { connection: { serial: '/dev/ttyS0' } },
        receiptPrinter: { connection: { tcp: '192.168.1.60:9100' } },
        idCardReader: { connection: { serial: '/dev/kiosk-id-reader' } },
      }),
    );
    const allowed = dropIn.split('\n').filter((l) => l.startsWith('DeviceAllow='));
    expect(allowed).toEqual([
      'DeviceAllow=char-ttyUSB rw',
      'DeviceAllow=char-ttyACM rw',
      'DeviceAllow=char-ttyS rw',
    ]);
  });

  it('allows nothing for network and emulated devices', () => {
    const dropIn = deviceAccessDropIn(
      devicesOf({
        receiptPrinter: { connection: { tcp: '10.0.0.9:9100' } },
        scanner: { connection: { emulated: {} } },
      }),
    );
    expect(dropIn).not.toMatch(/^DeviceAllow=/m);
  });
});
