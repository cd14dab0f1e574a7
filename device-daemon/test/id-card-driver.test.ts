import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EmulatorTransport,
  SamReaderEmulator,
  runFor,
  runUntil,
  settleOnClock,
} from '@hall-kiosk/hardware-mocks';
import { ManualClock } from '@hall-kiosk/shared';
import {
  SamIdCardReaderDriver,
  type CardRead,
  type ReadFailureReason,
} from '../src/devices/id-card/id-card-driver.ts';
import { silentLogger } from '../src/log.ts';
import { IdentityVault } from '../src/identity/identity-vault.ts';

const drivers: SamIdCardReaderDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});

// Driver, emulator and link all run on one ManualClock: time moves only when the test runs it.
function rig(baudRate = 115200, withFingerprint = false) {
  const clock = new ManualClock();
  const emulator = new SamReaderEmulator({ clock, baudRate });
  const transport = new EmulatorTransport(emulator, '/dev/ttyID');
  const driver = new SamIdCardReaderDriver({
    transport,
    clock,
    log: silentLogger,
    pollMs: 20,
    reconnectMs: 50,
    timeouts: { find: 200, select: 200, read: 2500, sam: 300 },
    withFingerprint,
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
  /** Runs the clock until the condition holds (fails after `withinMs` of clock time). */
  const until = (done: () => boolean, withinMs = 10_000) => runUntil(clock, done, { withinMs });
  return { emulator, driver, reads, failures, events, clock, transport, until };
}

describe('SAM ID-card reader driver', () => {
  it('comes online and reads the SAM id for diagnostics', async () => {
    const { driver, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    expect(driver.samId).toBe('05.01-20212015-0000123456-0000000042');
  });

  it('reports a card placed and removed, but reads nothing while not armed', async () => {
    const { emulator, reads, events, until } = rig();
    emulator.placeCard('resident');
    await until(() => events.length === 1);
    expect(events).toEqual(['present']);
    emulator.removeCard();
    await until(() => events.length === 2);
    expect(events).toEqual(['present', 'removed']);
    expect(reads).toEqual([]);
    expect(emulator.stats.reads).toBe(0);
  });

  it('reads a card once per placement while armed', async () => {
    const { emulator, driver, reads, clock, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    const disarm = driver.arm();
    emulator.placeCard('elderResident');
    await until(() => reads.length === 1);
    expect(reads.length).toBe(1);
    expect(reads[0]!.identity).toMatchObject({ name: '李示例', validTo: 'longTerm', numberCheck: 'valid' });
    expect(reads[0]!.photo.length).toBe(1024);
    await runFor(clock, 150);
    expect(reads.length).toBe(1);
    disarm();
  });

  it('polls at once when armed, not after the rest of the idle pause', async () => {
    const clock = new ManualClock();
    const emulator = new SamReaderEmulator({ clock, baudRate: 115200 });
    const driver = new SamIdCardReaderDriver({
      transport: new EmulatorTransport(emulator, '/dev/ttyID'),
      clock,
      log: silentLogger,
      pollMs: 1000,
      armedPollMs: 100,
    });
    drivers.push(driver);
    const reads: CardRead[] = [];
    driver.on('identityRead', (r) => reads.push(r));
    driver.start();
    await runUntil(clock, () => driver.status.state === 'online', { withinMs: 10_000 });
    // Well inside an idle pause of 1 s: the card is placed and the screen asks for it.
    await runFor(clock, 50);
    emulator.placeCard('resident');
    const armedAt = clock.now();
    driver.arm();
    await runUntil(clock, () => reads.length === 1, { withinMs: 2000 });
    // Find, select and read: about 118 ms of wire at 115200 baud, nothing of the idle pause.
    expect(clock.now() - armedAt).toBeLessThan(200);
  });

  it('reads the card already lying on the reader when armed', async () => {
    const { emulator, driver, reads, events, until } = rig();
    emulator.placeCard('hkResident');
    await until(() => events.length === 1);
    expect(events).toEqual(['present']);
    driver.arm();
    await until(() => reads.length === 1);
    expect(reads.length).toBe(1);
    expect(reads[0]!.identity.documentType).toBe('hkMacaoTaiwanResidence');
  });

  it('reports a card lifted during the read', async () => {
    const { emulator, driver, failures, reads, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'liftDuringRead' });
    driver.arm();
    emulator.placeCard('resident');
    await until(() => failures.length === 1);
    expect(failures).toEqual(['cardRemoved']);
    expect(reads).toEqual([]);
  });

  it('does not trust a card whose number fails the check digit', async () => {
    const { emulator, driver, failures, reads, until } = rig();
    driver.arm();
    emulator.placeCard('badCheckDigit');
    await until(() => failures.length === 1);
    expect(failures).toEqual(['invalidNumber']);
    expect(reads).toEqual([]);
  });

  it('reads through garbage bytes and frames split across reads', async () => {
    const { emulator, driver, reads, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'garbage' });
    emulator.control({ action: 'splitFrames' });
    driver.arm();
    emulator.placeCard('foreignResident');
    await until(() => reads.length === 1);
    expect(reads.length).toBe(1);
    expect(reads[0]!.identity.englishName).toBe('SMITH, JOHN EXAMPLE');
  });

  it('reports a SAM self-test failure as hardwareError, and recovers', async () => {
    const { emulator, driver, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'samFail' });
    await until(() => driver.status.state === 'hardwareError');
    expect(driver.status.state).toBe('hardwareError');
    expect(driver.status.detail).toContain('SAM self-test failed');
    emulator.control({ action: 'samOk' });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('goes offline when unplugged and online again when plugged back, reporting the card gone', async () => {
    const { emulator, driver, events, until } = rig();
    emulator.placeCard('resident');
    await until(() => events.length === 1);
    expect(events).toEqual(['present']);
    emulator.setPlugged(false);
    await until(() => driver.status.state !== 'online');
    expect(driver.status.state).not.toBe('online');
    expect(events).toEqual(['present', 'removed']);
    emulator.setPlugged(true);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('marks a reader that stops answering offline, then online when it answers again', async () => {
    const { emulator, driver, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    emulator.control({ action: 'noReply' });
    await until(() => driver.status.state === 'offline');
    expect(driver.status.state).toBe('offline');
    emulator.control({ action: 'noReply', on: false });
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
  });

  it('reports a time-out when replies are slower than allowed', async () => {
    const { emulator, driver, failures, until } = rig();
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    emulator.placeCard('resident');
    emulator.control({ action: 'slowReplies', ms: 400 });
    await until(() => failures.includes('timeOut') || failures.includes('cardMoved'), 5000);
    expect(failures.includes('timeOut') || failures.includes('cardMoved')).toBe(true);
  });

  it('works at 9600 baud, where a read takes 1.35 s on the wire', async () => {
    const { emulator, driver, reads, until } = rig(9600);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    driver.arm();
    emulator.placeCard('resident');
    const tookMs = await until(() => reads.length === 1);
    expect(reads.length).toBe(1);
    // 1,295 bytes of reply alone take 1,349 ms at 9600 baud (10 bits a byte).
    expect(tookMs).toBeGreaterThanOrEqual(1349);
  });

  it('switches the line speed of reader and port together', async () => {
    const { emulator, driver, reads, clock, transport, until } = rig(115200);
    await until(() => driver.status.state === 'online');
    expect(driver.status.state).toBe('online');
    await settleOnClock(clock, driver.switchBaudRate(57600));
    expect(emulator.currentBaud).toBe(57600);
    expect(transport.description).toBe('emulated /dev/ttyID @57600');
    driver.arm();
    emulator.placeCard('resident');
    await until(() => reads.length === 1);
    expect(reads.length).toBe(1);
  });

  it('zeroes every copy of the raw reply, the text block and the framer buffer once a card is decoded; the vault zeroes photo and fingerprint on wipe', async () => {
    // Every byte array the driver's own code makes (copies by slice, buffers merged by set) is collected.
    const made: Uint8Array[] = [];
    // The caller: the first frame outside this test file and the spy library.
    const ours = () => {
      const caller = (new Error().stack ?? '')
        .split('\n')
        .slice(1)
        .find((l) => !l.includes('id-card-driver.test.ts') && !l.includes('node_modules'));
      return caller !== undefined && /device-daemon[\\/]src[\\/]devices[\\/]id-card/.test(caller);
    };
    const slice = Uint8Array.prototype.slice;
    const set = Uint8Array.prototype.set;
    vi.spyOn(Uint8Array.prototype, 'slice').mockImplementation(function (this: Uint8Array, ...a) {
      const r = slice.apply(this, a);
      if (ours()) made.push(r);
      return r;
    });
    vi.spyOn(Uint8Array.prototype, 'set').mockImplementation(function (this: Uint8Array, ...a) {
      if (ours()) made.push(this);
      return set.apply(this, a as Parameters<typeof set>);
    });
    try {
      const { emulator, driver, reads, until } = rig(115200, true);
      await until(() => driver.status.state === 'online');
      const disarm = driver.arm();
      emulator.placeCard('elderResident');
      await until(() => reads.length === 1);
      disarm();
      const read = reads[0]!;
      expect(read.identity.idNumber).toBe('360102195003151238');
      expect(read.fingerprint?.length).toBe(1024);
      // The ID number as the card's text block holds it (UCS-2 little-endian).
      const needle = Buffer.from('360102195003151238', 'utf16le');
      const holding = made.filter((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(needle));
      expect(made.length).toBeGreaterThan(3);
      expect(holding).toEqual([]);
      // Only the photo and the fingerprint are handed on, and the vault zeroes them.
      const vault = new IdentityVault(new ManualClock(), silentLogger);
      vault.hold(read);
      expect(read.fingerprint!.some((b) => b !== 0)).toBe(true);
      vault.wipe('session ended');
      expect(read.photo.every((b) => b === 0)).toBe(true);
      expect(read.fingerprint!.every((b) => b === 0)).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
