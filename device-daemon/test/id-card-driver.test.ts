import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorBinding, SamReaderEmulator } from '@hall-kiosk/hardware-mocks';
import { systemClock } from '@hall-kiosk/shared';
import {
  SamIdCardReaderDriver,
  type CardRead,
  type ReadFailureReason,
} from '../src/devices/id-card/id-card-driver.ts';
import { SerialTransport } from '../src/transport/serial.ts';
import { silentLogger } from '../src/log.ts';

const drivers: SamIdCardReaderDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

function rig(baudRate = 115200) {
  const emulator = new SamReaderEmulator({ baudRate });
  const binding = new EmulatorBinding();
  binding.attach('/dev/ttyID', emulator);
  const driver = new SamIdCardReaderDriver({
    transport: new SerialTransport('/dev/ttyID', baudRate, binding),
    clock: systemClock,
    log: silentLogger,
    pollMs: 20,
    reconnectMs: 50,
    timeouts: { find: 200, select: 200, read: 2500, sam: 300 },
  });
  drivers.push(driver);
  const reads: CardRead[] = [];
  const failures: ReadFailureReason[] = [];
  const events: string[] = [];
  driver.on('identityRead', (r) => reads.push(r));
  driver.on('readFailed', (f) => failures.push(f.reason));
  driver.on('cardPresent', () => events.push('present'));
  driver.on('cardRemoved', () => events.push('removed'));
  driver.start();
  return { emulator, driver, reads, failures, events };
}

describe('SAM ID-card reader driver', () => {
  it('comes online and reads the SAM id for diagnostics', async () => {
    const { driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    expect(driver.samId).toBe('05.01-20212015-0000123456-0000000042');
  });

  it('reports a card placed and removed, but reads nothing while not armed', async () => {
    const { emulator, reads, events } = rig();
    emulator.placeCard('resident');
    await expect.poll(() => events).toEqual(['present']);
    emulator.removeCard();
    await expect.poll(() => events).toEqual(['present', 'removed']);
    expect(reads).toEqual([]);
    expect(emulator.stats.reads).toBe(0);
  });

  it('reads a card once per placement while armed', async () => {
    const { emulator, driver, reads } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    const disarm = driver.arm();
    emulator.placeCard('elderResident');
    await expect.poll(() => reads.length).toBe(1);
    expect(reads[0]!.identity).toMatchObject({ name: '李示例', validTo: 'longTerm', numberCheck: 'valid' });
    expect(reads[0]!.photo.length).toBe(1024);
    await new Promise((r) => setTimeout(r, 150));
    expect(reads.length).toBe(1);
    disarm();
  });

  it('reads the card already lying on the reader when armed', async () => {
    const { emulator, driver, reads, events } = rig();
    emulator.placeCard('hkResident');
    await expect.poll(() => events).toEqual(['present']);
    driver.arm();
    await expect.poll(() => reads.length).toBe(1);
    expect(reads[0]!.identity.documentType).toBe('hkMacaoTaiwanResidence');
  });

  it('reports a card lifted during the read', async () => {
    const { emulator, driver, failures, reads } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'liftDuringRead' });
    driver.arm();
    emulator.placeCard('resident');
    await expect.poll(() => failures).toEqual(['cardRemoved']);
    expect(reads).toEqual([]);
  });

  it('does not trust a card whose number fails the check digit', async () => {
    const { emulator, driver, failures, reads } = rig();
    driver.arm();
    emulator.placeCard('badCheckDigit');
    await expect.poll(() => failures).toEqual(['invalidNumber']);
    expect(reads).toEqual([]);
  });

  it('reads through garbage bytes and frames split across reads', async () => {
    const { emulator, driver, reads } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'garbage' });
    emulator.control({ action: 'splitFrames' });
    driver.arm();
    emulator.placeCard('foreignResident');
    await expect.poll(() => reads.length).toBe(1);
    expect(reads[0]!.identity.englishName).toBe('SMITH, JOHN EXAMPLE');
  });

  it('reports a SAM self-test failure as hardwareError, and recovers', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'samFail' });
    await expect.poll(() => driver.status.state).toBe('hardwareError');
    expect(driver.status.detail).toContain('SAM self-test failed');
    emulator.control({ action: 'samOk' });
    await expect.poll(() => driver.status.state).toBe('online');
  });

  it('goes offline when unplugged and online again when plugged back, reporting the card gone', async () => {
    const { emulator, driver, events } = rig();
    emulator.placeCard('resident');
    await expect.poll(() => events).toEqual(['present']);
    emulator.setPlugged(false);
    await expect.poll(() => driver.status.state).not.toBe('online');
    expect(events).toEqual(['present', 'removed']);
    emulator.setPlugged(true);
    await expect.poll(() => driver.status.state).toBe('online');
  });

  it('marks a reader that stops answering offline, then online when it answers again', async () => {
    const { emulator, driver } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    emulator.control({ action: 'noReply' });
    await expect.poll(() => driver.status.state, { timeout: 5000 }).toBe('offline');
    emulator.control({ action: 'noReply', on: false });
    await expect.poll(() => driver.status.state, { timeout: 5000 }).toBe('online');
  });

  it('reports a time-out when replies are slower than allowed', async () => {
    const { emulator, driver, failures } = rig();
    await expect.poll(() => driver.status.state).toBe('online');
    driver.arm();
    emulator.placeCard('resident');
    emulator.control({ action: 'slowReplies', ms: 400 });
    await expect
      .poll(() => failures.includes('timeOut') || failures.includes('cardMoved'), { timeout: 5000 })
      .toBe(true);
  });

  it('works at 9600 baud, where a read takes 1.35 s on the wire', async () => {
    const { emulator, driver, reads } = rig(9600);
    await expect.poll(() => driver.status.state).toBe('online');
    driver.arm();
    emulator.placeCard('resident');
    await expect.poll(() => reads.length, { timeout: 6000 }).toBe(1);
  });

  it('switches the line speed of reader and port together', async () => {
    const { emulator, driver, reads } = rig(115200);
    await expect.poll(() => driver.status.state).toBe('online');
    await driver.switchBaudRate(57600);
    expect(emulator.currentBaud).toBe(57600);
    driver.arm();
    emulator.placeCard('resident');
    await expect.poll(() => reads.length).toBe(1);
  });
});
