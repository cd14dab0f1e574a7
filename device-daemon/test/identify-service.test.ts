import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorTransport, SamReaderEmulator, runUntil, settleOnClock } from '@hall-kiosk/hardware-mocks';
import { ManualClock } from '@hall-kiosk/shared';
import { SamIdCardReaderDriver } from '../src/devices/id-card/id-card-driver.ts';
import { IdentityVault } from '../src/identity/identity-vault.ts';
import { IdentifyService } from '../src/identity/identify-service.ts';
import { silentLogger } from '../src/log.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

// Driver, emulator, vault and service share one ManualClock: time moves only when the test runs it.
async function rig() {
  const clock = new ManualClock();
  const emulator = new SamReaderEmulator({ clock });
  const driver = new SamIdCardReaderDriver({
    transport: new EmulatorTransport(emulator, '/dev/ttyID'),
    clock,
    log: silentLogger,
    pollMs: 60,
    armedPollMs: 20,
  });
  stops.push(() => driver.stop());
  driver.start();
  await runUntil(clock, () => driver.status.state === 'online');
  expect(driver.status.state).toBe('online');
  const vault = new IdentityVault(clock, silentLogger);
  const service = new IdentifyService(() => driver, vault, clock, 'Asia/Shanghai', silentLogger);
  const until = (done: () => boolean) => runUntil(clock, done);
  return { emulator, driver, vault, service, clock, until };
}

describe('IdCard.Read service', () => {
  it('identifies, keeps the identity in the vault, and answers with the masked view only', async () => {
    const { emulator, vault, service, clock } = await rig();
    let detected = 0;
    const result = service.read(() => detected++);
    emulator.placeCard('elderResident');
    expect(await settleOnClock(clock, result)).toMatchObject({
      result: 'identified',
      identity: { maskedName: '李**', age: expect.any(Number) },
    });
    expect(detected).toBe(1);
    expect(vault.identity?.name).toBe('李示例');
    service.endSession();
    expect(vault.holding).toBe(false);
  });

  it('is not fooled by the previous card whose removal has not been polled yet', async () => {
    const { emulator, driver, service, clock, until } = await rig();
    emulator.placeCard('resident');
    await until(() => driver.cardPresent);
    expect(driver.cardPresent).toBe(true);
    emulator.removeCard();
    const result = service.read(() => undefined); // the driver still believes a card is there
    await until(() => !driver.cardPresent);
    expect(driver.cardPresent).toBe(false);
    emulator.placeCard('hkResident');
    expect(await settleOnClock(clock, result)).toMatchObject({
      result: 'identified',
      identity: { maskedName: '黄**' },
    });
  });

  it('ends pending reads as canceled, and refuses when the reader is not online', async () => {
    const { emulator, service, until } = await rig();
    const pending = service.read(() => undefined);
    expect(service.cancelAll()).toBe(1);
    await expect(pending).rejects.toMatchObject({ code: 'canceled' });
    emulator.setPlugged(false);
    const attempt = () => {
      try {
        void service.read(() => undefined).catch(() => undefined);
        return 'accepted';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    await until(() => attempt() === 'deviceNotReady');
    expect(attempt()).toBe('deviceNotReady');
  });
});
