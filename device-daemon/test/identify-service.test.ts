import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorBinding, SamReaderEmulator } from '@hall-kiosk/hardware-mocks';
import { systemClock } from '@hall-kiosk/shared';
import { SamIdCardReaderDriver } from '../src/devices/id-card/id-card-driver.ts';
import { SerialTransport } from '../src/transport/serial.ts';
import { IdentityVault } from '../src/identity/identity-vault.ts';
import { IdentifyService } from '../src/identity/identify-service.ts';
import { silentLogger } from '../src/log.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function rig() {
  const emulator = new SamReaderEmulator();
  const binding = new EmulatorBinding();
  binding.attach('/dev/ttyID', emulator);
  const driver = new SamIdCardReaderDriver({
    transport: new SerialTransport('/dev/ttyID', 115200, binding),
    clock: systemClock,
    log: silentLogger,
    pollMs: 60,
    armedPollMs: 20,
  });
  stops.push(() => driver.stop());
  driver.start();
  await expect.poll(() => driver.status.state).toBe('online');
  const vault = new IdentityVault(systemClock, silentLogger);
  const service = new IdentifyService(() => driver, vault, systemClock, 'Asia/Shanghai', silentLogger);
  return { emulator, driver, vault, service };
}

describe('IdCard.Read service', () => {
  it('identifies, keeps the identity in the vault, and answers with the masked view only', async () => {
    const { emulator, vault, service } = await rig();
    let detected = 0;
    const result = service.read(() => detected++);
    emulator.placeCard('elderResident');
    expect(await result).toMatchObject({
      result: 'identified',
      identity: { maskedName: '李**', age: expect.any(Number) },
    });
    expect(detected).toBe(1);
    expect(vault.identity?.name).toBe('李示例');
    service.endSession();
    expect(vault.holding).toBe(false);
  });

  it('is not fooled by the previous card whose removal has not been polled yet', async () => {
    const { emulator, driver, service } = await rig();
    emulator.placeCard('resident');
    await expect.poll(() => driver.cardPresent).toBe(true);
    emulator.removeCard();
    const result = service.read(() => undefined); // the driver still believes a card is there
    await expect.poll(() => driver.cardPresent).toBe(false);
    emulator.placeCard('hkResident');
    expect(await result).toMatchObject({ result: 'identified', identity: { maskedName: '黄**' } });
  });

  it('ends pending reads as canceled, and refuses when the reader is not online', async () => {
    const { emulator, service } = await rig();
    const pending = service.read(() => undefined);
    expect(service.cancelAll()).toBe(1);
    await expect(pending).rejects.toMatchObject({ code: 'canceled' });
    emulator.setPlugged(false);
    await expect
      .poll(() => {
        try {
          void service.read(() => undefined).catch(() => undefined);
          return 'accepted';
        } catch (e) {
          return (e as { code: string }).code;
        }
      })
      .toBe('deviceNotReady');
  });
});
