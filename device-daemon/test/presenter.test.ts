import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorTransport, PrinterEmulator, runUntil, settleOnClock } from '@hall-kiosk/hardware-mocks';
import { PRESENTER_COMMANDS, hex } from '@hall-kiosk/hardware-mocks/fixtures';
import { ManualClock } from '@hall-kiosk/shared';
import { EscPosPrinterDriver } from '../src/devices/printer/printer-driver.ts';
import { EscPosBuilder } from '../src/devices/printer/escpos-encoder.ts';
import {
  PRESENTER_PROFILES,
  presenterProfile,
  type PresenterProfileName,
} from '../src/devices/printer/presenter.ts';
import { silentLogger } from '../src/log.ts';

const drivers: EscPosPrinterDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

// Driver and emulator share one ManualClock: the presenter's polls and retract time-out run on it.
async function rig(profile: PresenterProfileName) {
  const clock = new ManualClock();
  const emulator = new PrinterEmulator({ clock, presenter: profile });
  const driver = new EscPosPrinterDriver({
    name: 'ticketPrinter',
    transport: new EmulatorTransport(emulator, '/dev/ttyP'),
    clock,
    log: silentLogger,
    presenter: presenterProfile(profile),
    retractAfterMs: 400,
    presenterPollMs: 30,
  });
  drivers.push(driver);
  driver.start();
  await runUntil(clock, () => driver.status.state === 'online');
  expect(driver.status.state).toBe('online');
  expect(
    await settleOnClock(clock, driver.print(new EscPosBuilder().init().line('A001').cut().bytes())),
  ).toEqual({ ok: true });
  return { emulator, driver, clock };
}

describe('presenter profiles', () => {
  it('use each vendor’s commands', () => {
    expect(hex(PRESENTER_PROFILES.custom.present())).toBe(hex(PRESENTER_COMMANDS.customPresent));
    expect(hex(PRESENTER_PROFILES.custom.retract())).toBe(hex(PRESENTER_COMMANDS.customRetract));
    expect(hex(PRESENTER_PROFILES.custom.statusRequest())).toBe(hex(PRESENTER_COMMANDS.customStatus));
    expect(hex(PRESENTER_PROFILES.citizen.retract())).toBe(hex(PRESENTER_COMMANDS.citizenRetract));
    expect(hex(PRESENTER_PROFILES.citizen.statusRequest())).toBe(hex(PRESENTER_COMMANDS.citizenStatus));
    expect(hex(PRESENTER_PROFILES.citizen.present())).toBe('');
    expect(
      [
        PRESENTER_COMMANDS.customRetract,
        PRESENTER_COMMANDS.customStatus,
        PRESENTER_COMMANDS.citizenRetract,
        PRESENTER_COMMANDS.citizenStatus,
      ].map(hex),
    ).toEqual(['1d 65 02', '1d 65 06', '1d 52 30', '10 04 05']);
    expect(presenterProfile('none')).toBeNull();
  });
});

describe.each(['custom', 'citizen'] as const)('a %s presenter', (profile) => {
  it('reports the ticket taken when the citizen takes it', async () => {
    const { emulator, driver, clock } = await rig(profile);
    const outcome = driver.watchPresenter();
    await runUntil(clock, () => emulator.ticketInMouth);
    expect(emulator.ticketInMouth).toBe(true);
    emulator.control({ action: 'takeTicket' });
    expect(await settleOnClock(clock, outcome)).toBe('taken');
    expect(emulator.receipts.at(-1)?.presenter).toBe('taken');
  });

  it('retracts a ticket nobody takes, and says so', async () => {
    const { emulator, driver, clock } = await rig(profile);
    const started = clock.now();
    expect(await settleOnClock(clock, driver.watchPresenter())).toBe('retracted');
    // Retracted once 400 ms have passed, at the first presenter poll (every 30 ms) after that.
    expect(clock.now() - started).toBeGreaterThanOrEqual(400);
    expect(clock.now() - started).toBeLessThan(400 + 30 + 5);
    expect(emulator.receipts.at(-1)?.presenter).toBe('retracted');
    expect(emulator.ticketInMouth).toBe(false);
  });
});

describe('a printer without a presenter', () => {
  it('does not track the ticket', async () => {
    const { driver } = await rig('none');
    expect(driver.hasPresenter).toBe(false);
    expect(await driver.watchPresenter()).toBe('notTracked');
  });
});
