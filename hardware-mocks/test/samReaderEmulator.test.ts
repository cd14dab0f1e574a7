import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import {
  EMULATOR_KINDS,
  EmulatorTransport,
  createEmulator,
  SamReaderEmulator,
  ScannerEmulator,
  noReply,
  settle,
  slowReplies,
  splitFrames,
  garbageBeforeReplies,
  type EmulatorBehavior,
} from '../src/index.ts';
import { SAM_COMMANDS, SAM_NOISE, SAM_REPLIES, SAM_SET_BAUD, golden, hex } from '../src/fixtures/index.ts';

function reader(options: ConstructorParameters<typeof SamReaderEmulator>[0] = {}) {
  const e = new SamReaderEmulator(options);
  const chunks: Uint8Array[] = [];
  e.on('output', (b) => chunks.push(b));
  const out = () => hex(Uint8Array.from(chunks.flatMap((c) => [...c])));
  return { e, chunks, out };
}

describe('golden frames', () => {
  it('are written as commented hex, and a stray token is refused', () => {
    expect(
      golden(`
        aa bb  // two bytes
        // a comment line
        0C
      `),
    ).toEqual(Uint8Array.of(0xaa, 0xbb, 0x0c));
    expect(() => golden('aa b')).toThrow(/line 1: "b" is not one hex byte/);
    expect(() => golden('aa\nzz')).toThrow(/line 2/);
    expect(hex(Uint8Array.of(0, 15, 255))).toBe('00 0f ff');
  });
});

describe('SAM reader emulator, byte for byte', () => {
  it('answers the golden commands with the golden replies', () => {
    const { e, out } = reader();
    e.receive(SAM_COMMANDS.samStatus);
    expect(out()).toBe(hex(SAM_REPLIES.success));
    const none = reader();
    none.e.receive(SAM_COMMANDS.findCard);
    expect(none.out()).toBe(hex(SAM_REPLIES.noCard));
    const card = reader();
    card.e.placeCard('resident');
    card.e.receive(SAM_COMMANDS.findCard);
    card.e.receive(SAM_COMMANDS.selectCard);
    expect(card.out()).toBe(hex(SAM_REPLIES.cardFound) + ' ' + hex(SAM_REPLIES.selectOk));
  });

  it('reads text and photo: the reply starts with the golden head and is 1,295 bytes long', () => {
    const { e, chunks } = reader();
    e.placeCard('resident');
    e.receive(Uint8Array.from([...SAM_COMMANDS.findCard, ...SAM_COMMANDS.selectCard]));
    chunks.splice(0);
    e.receive(SAM_COMMANDS.readTextPhoto);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.length).toBe(1295); // 7 bytes of preamble and length, then 1,288
    expect(hex(chunks[0]!.subarray(0, 14))).toBe(hex(SAM_REPLIES.readTextPhotoHead));
  });

  it('switches its line speed on the golden set-baud frame', () => {
    const { e, out } = reader({ baudRate: 115200 });
    e.receive(SAM_SET_BAUD[9600]);
    expect(e.currentBaud).toBe(9600);
    expect(out()).toBe('');
  });
});

describe('emulator faults are behaviours', () => {
  it('samFail answers every command 60 until a reset SAM, which clears it', () => {
    const { e, out, chunks } = reader();
    expect(e.control({ action: 'samFail' })).toEqual({ ok: true });
    expect(e.behaviors).toEqual(['samFail']);
    e.receive(SAM_COMMANDS.findCard);
    expect(out()).toBe(hex(SAM_REPLIES.samSelfTestFailed));
    chunks.splice(0);
    e.receive(SAM_COMMANDS.resetSam);
    expect(out()).toBe(hex(SAM_REPLIES.success));
    expect(e.behaviors).toEqual([]);
    expect(e.snapshot()).toMatchObject({ samFailed: false });
  });

  it('liftDuringRead takes the card away at the next read of a selected card, once', () => {
    const { e, out, chunks } = reader();
    e.placeCard('resident');
    e.control({ action: 'liftDuringRead' });
    expect(e.snapshot()).toMatchObject({ liftDuringRead: true });
    e.receive(Uint8Array.from([...SAM_COMMANDS.findCard, ...SAM_COMMANDS.selectCard]));
    chunks.splice(0);
    e.receive(SAM_COMMANDS.readTextPhoto);
    expect(out()).toBe(hex(SAM_REPLIES.readFailed));
    expect(e.card).toBeNull();
    expect(e.stats.reads).toBe(0);
    expect(e.behaviors).toEqual([]);
  });

  it('garbage and split frames apply in protocol order whichever was switched on first', () => {
    for (const order of [
      ['splitFrames', 'garbage'],
      ['garbage', 'splitFrames'],
    ]) {
      const { e, chunks } = reader();
      for (const action of order) e.control({ action });
      e.receive(SAM_COMMANDS.findCard);
      const noisy = Uint8Array.from([...SAM_NOISE, ...SAM_REPLIES.noCard]);
      expect(chunks.map((c) => hex(c))).toEqual([
        hex(noisy.subarray(0, 3)),
        hex(noisy.subarray(3, noisy.length >> 1)),
        hex(noisy.subarray(noisy.length >> 1)),
      ]);
      e.control({ action: 'garbage', on: false });
      e.control({ action: 'splitFrames', on: false });
      expect(e.behaviors).toEqual([]);
    }
  });

  it('no reply drops every answer; slow replies delay them on the clock', async () => {
    const clock = new ManualClock();
    const { e, chunks } = reader({ clock });
    e.control({ action: 'noReply' });
    e.receive(SAM_COMMANDS.samStatus);
    await clock.advance(1000);
    expect(chunks).toEqual([]);
    expect(e.snapshot()).toMatchObject({ noReply: true });
    e.control({ action: 'noReply', on: false });
    e.control({ action: 'slowReplies', ms: 400 });
    expect(e.snapshot()).toMatchObject({ replyDelayMs: 400, noReply: false });
    e.receive(SAM_COMMANDS.samStatus);
    await clock.advance(399);
    expect(chunks).toEqual([]);
    await clock.advance(1);
    expect(chunks.map((c) => hex(c))).toEqual([hex(SAM_REPLIES.success)]);
  });

  it('takes any behaviour object: a handler returning true has handled the input', () => {
    const { e, out } = reader();
    const seen: string[] = [];
    const swallowFind: EmulatorBehavior = {
      name: 'swallowFind',
      onHostBytes: (_e, bytes) => {
        seen.push(hex(bytes));
        return hex(bytes) === hex(SAM_COMMANDS.findCard);
      },
    };
    e.defineBehavior(swallowFind);
    e.receive(SAM_COMMANDS.findCard);
    expect(out()).toBe('');
    e.receive(SAM_COMMANDS.samStatus);
    expect(out()).toBe(hex(SAM_REPLIES.success));
    expect(seen).toEqual([hex(SAM_COMMANDS.findCard), hex(SAM_COMMANDS.samStatus)]);
    e.removeBehavior('swallowFind');
    expect(e.behaviors).toEqual([]);
  });

  it('the same faults can be plugged in directly as typed objects', () => {
    const { e, chunks } = reader();
    e.defineBehavior(noReply(), slowReplies(10));
    e.defineSamBehavior(garbageBeforeReplies(), splitFrames());
    expect(e.behaviors).toEqual(['garbage', 'splitFrames', 'slowReplies', 'noReply']);
    e.receive(SAM_COMMANDS.samStatus);
    expect(chunks).toEqual([]);
  });

  it('refuses a malformed fault at the control API', () => {
    const e = new ScannerEmulator();
    expect(e.control({ action: 'slowReplies', ms: -1 })).toEqual({ ok: false, error: 'ms must be 0–60000' });
    expect(e.behaviors).toEqual([]);
  });
});

describe('the mock transport', () => {
  it('opens only while plugged, carries bytes both ways on the clock, and closes when unplugged', async () => {
    const clock = new ManualClock();
    const e = new SamReaderEmulator({ clock, baudRate: 115200 });
    const t = new EmulatorTransport(e, '/dev/ttyT');
    const received: string[] = [];
    const closed: unknown[] = [];
    t.on('data', (b) => received.push(hex(b)));
    t.on('close', (err) => closed.push(err));
    e.setPlugged(false);
    await expect(t.open()).rejects.toMatchObject({ failure: 'notFound' });
    e.setPlugged(true);
    await t.open();
    expect(t.isOpen).toBe(true);
    expect(t.description).toBe('emulated /dev/ttyT @115200');
    let written = false;
    void t.write(SAM_COMMANDS.samStatus).then(() => (written = true));
    await settle();
    expect(written).toBe(false); // 10 bytes take 0.87 ms at 115200 baud
    await clock.advance(1);
    await settle();
    expect(written).toBe(true);
    expect(t.written.map((w) => hex(w))).toEqual([hex(SAM_COMMANDS.samStatus)]);
    await clock.advance(2);
    expect(received).toEqual([hex(SAM_REPLIES.success)]);
    e.setPlugged(false);
    expect(t.isOpen).toBe(false);
    expect(closed).toMatchObject([{ failure: 'disconnected' }]);
    await expect(t.write(SAM_COMMANDS.samStatus)).rejects.toMatchObject({ failure: 'disconnected' });
  });
});

describe('the emulator catalogue', () => {
  it('makes the emulator of each device kind, and refuses a device it has none for', () => {
    expect(createEmulator('idCardReader').kind).toBe(EMULATOR_KINDS.idCardReader);
    expect(createEmulator('receiptPrinter', { presenter: 'citizen' }).snapshot()).toMatchObject({
      kind: 'escposPrinter',
      presenter: 'citizen',
    });
    expect(createEmulator('scanner', { mode: 'keyboardWedge' }).snapshot()).toMatchObject({
      kind: 'codeScanner',
      mode: 'keyboardWedge',
    });
    expect(() => createEmulator('camera')).toThrow(/no emulator for device camera yet/);
    expect(() => createEmulator('toString')).toThrow(/no emulator/);
  });
});
