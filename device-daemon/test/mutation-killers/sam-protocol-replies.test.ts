// GA/T 467 commands and replies byte for byte: each command's CMD and PARA, the baud-rate PARA, what each
// SW3 status says (to the driver and to a technician), the shortest reply, every way a read reply's
// lengths can be wrong, where the fingerprint is, and the SAM id's fields and padding.
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/devices/id-card/sam-frame.ts';
import {
  SAM_BAUD_RATES,
  commandFrame,
  formatSamId,
  parseReadData,
  parseResponse,
  setBaudRateFrame,
  sw3,
} from '../../src/devices/id-card/sam-protocol.ts';

describe('commands', () => {
  it('carry the CMD and PARA of GA/T 467', () => {
    const expected = {
      resetSam: [0x10, 0xff],
      samStatus: [0x11, 0xff],
      samId: [0x12, 0xff],
      findCard: [0x20, 0x01],
      selectCard: [0x20, 0x02],
      readTextPhoto: [0x30, 0x01],
      readAppendedAddress: [0x30, 0x03],
      readTextPhotoFingerprint: [0x30, 0x10],
    } as const;
    for (const [name, body] of Object.entries(expected))
      expect([...commandFrame(name as keyof typeof expected)], name).toEqual([
        ...encodeFrame(Uint8Array.from(body)),
      ]);
  });

  it('switch the line speed with 60 0n, n in the order 115200, 57600, 38400, 19200, 9600', () => {
    expect(SAM_BAUD_RATES).toEqual([115200, 57600, 38400, 19200, 9600]);
    SAM_BAUD_RATES.forEach((rate, n) =>
      expect([...setBaudRateFrame(rate)], String(rate)).toEqual([...encodeFrame(Uint8Array.of(0x60, n))]),
    );
  });
});

describe('SW3 statuses', () => {
  it('say what each code means, in words a technician can act on', () => {
    const table: [number, string, string][] = [
      [0x90, 'success', 'success'],
      [0x9f, 'cardFound', 'card found'],
      [0x91, 'noContent', 'the card has no content for this item'],
      [0x10, 'checksumError', 'the reader received a frame with a bad checksum'],
      [0x11, 'lengthError', 'the reader received a frame with a bad length'],
      [0x21, 'commandError', 'the reader received an unknown command'],
      [0x23, 'unauthorized', 'unauthorised operation'],
      [0x24, 'unrecognisedError', 'unrecognised error'],
      [0x31, 'cardAuthFailed', 'the card failed to authenticate the SAM'],
      [0x32, 'samAuthFailed', 'the SAM failed to authenticate the card'],
      [0x33, 'verificationError', 'information verification error'],
      [0x40, 'unknownCardType', 'unrecognised card type'],
      [0x41, 'readFailed', 'card read failed'],
      [0x47, 'randomNumberFailed', 'random number failed'],
      [0x60, 'samSelfTestFailed', 'SAM self-test failed'],
      [0x66, 'samNotAuthorised', 'SAM not authorised'],
      [0x80, 'noCard', 'no card (find failed)'],
      [0x81, 'selectFailed', 'select card failed'],
    ];
    for (const [code, kind, text] of table) expect(sw3(code)).toEqual({ code, kind, text });
  });

  it('an unknown code is named in two hex digits', () => {
    expect(sw3(0x0a)).toEqual({ code: 0x0a, kind: 'unknown', text: 'unknown status 0x0a' });
    expect(sw3(0xfe)).toEqual({ code: 0xfe, kind: 'unknown', text: 'unknown status 0xfe' });
  });
});

describe('replies', () => {
  it('need SW1 SW2 SW3 at least; the rest is data', () => {
    expect(parseResponse(Uint8Array.of(0, 0))).toBeNull();
    expect(parseResponse(Uint8Array.of(1, 2, 0x90))).toEqual({
      sw1: 1,
      sw2: 2,
      status: { code: 0x90, kind: 'success', text: 'success' },
      data: new Uint8Array(0),
    });
    expect(parseResponse(Uint8Array.of(0, 0, 0x9f, 7, 8))?.data).toEqual(Uint8Array.of(7, 8));
  });
});

describe('read reply data', () => {
  const lengths = (text: number, photo: number, fp?: number) =>
    Uint8Array.of(
      text >> 8,
      text & 0xff,
      photo >> 8,
      photo & 0xff,
      ...(fp === undefined ? [] : [fp >> 8, fp & 0xff]),
    );
  const read = (fp?: number) => {
    const head = lengths(256, 1024, fp);
    const data = new Uint8Array(head.length + 256 + 1024 + (fp ?? 0));
    data.set(head);
    data.fill(0x11, head.length, head.length + 256);
    data.fill(0x22, head.length + 256, head.length + 256 + 1024);
    data.fill(0x33, head.length + 256 + 1024);
    return data;
  };

  it('splits text, photo and fingerprint at their lengths', () => {
    const plain = parseReadData(read(), false);
    expect(plain).toEqual({
      text: new Uint8Array(256).fill(0x11),
      photo: new Uint8Array(1024).fill(0x22),
      fingerprint: null,
    });
    const withFp = parseReadData(read(1024), true);
    expect(withFp).toEqual({
      text: new Uint8Array(256).fill(0x11),
      photo: new Uint8Array(1024).fill(0x22),
      fingerprint: new Uint8Array(1024).fill(0x33),
    });
    expect(parseReadData(read(0), true)).toMatchObject({ fingerprint: null });
  });

  it('refuses a header cut short, with or without fingerprint lengths', () => {
    expect(parseReadData(Uint8Array.of(1, 0, 4), false)).toBe('read reply too short (3 bytes)');
    expect(parseReadData(Uint8Array.of(1, 0, 4, 0), false)).toBe(
      'read reply lengths 256+1024+0 do not match 0 data bytes',
    );
    expect(parseReadData(Uint8Array.of(1, 0, 4, 0, 0), true)).toBe('read reply too short (5 bytes)');
  });

  it('refuses a text block or photo of another size, naming it', () => {
    expect(parseReadData(lengths(255, 1024), false)).toBe('text block of 255 bytes (expected 256)');
    expect(parseReadData(lengths(256, 1023), false)).toBe('photo of 1023 bytes (expected 1024)');
    expect(parseReadData(lengths(257, 1024), false)).toBe('text block of 257 bytes (expected 256)');
  });

  it('refuses data longer or shorter than the lengths say', () => {
    const long = new Uint8Array(read().length + 1);
    long.set(read());
    expect(parseReadData(long, false)).toBe('read reply lengths 256+1024+0 do not match 1281 data bytes');
    expect(parseReadData(read(1024).subarray(0, read(1024).length - 1), true)).toBe(
      'read reply lengths 256+1024+1024 do not match 2303 data bytes',
    );
  });
});

describe('the SAM id', () => {
  it('reads two single bytes, then three little-endian 32-bit fields padded to 8, 10 and 10 digits', () => {
    const d = new Uint8Array(17);
    d[0] = 5;
    d[1] = 99; // not part of the id
    d[2] = 1;
    new DataView(d.buffer).setUint32(4, 20212015, true);
    new DataView(d.buffer).setUint32(8, 123456, true);
    new DataView(d.buffer).setUint32(12, 42, true);
    expect(formatSamId(d.subarray(0, 16))).toBe('05.01-20212015-0000123456-0000000042');
    // Read from where the data starts, not from the start of its buffer.
    const shifted = new Uint8Array(20);
    shifted.set(d.subarray(0, 16), 4);
    expect(formatSamId(shifted.subarray(4))).toBe('05.01-20212015-0000123456-0000000042');
    const small = new Uint8Array(16);
    small[0] = 12;
    small[2] = 34;
    new DataView(small.buffer).setUint32(4, 7, true);
    expect(formatSamId(small)).toBe('12.34-00000007-0000000000-0000000000');
  });

  it('says so when the id is short', () => {
    expect(formatSamId(new Uint8Array(15))).toBe('(short SAM id: 15 bytes)');
  });
});
