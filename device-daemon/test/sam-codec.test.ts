import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS, encodeTextBlock } from '@hall-kiosk/hardware-mocks';
import { SAM_COMMANDS, SAM_ID, SAM_REPLIES, SAM_SET_BAUD, hex } from '@hall-kiosk/hardware-mocks/fixtures';
import { SamFramer, encodeFrame, type FramerOutput } from '../src/devices/id-card/sam-frame.ts';
import {
  commandFrame,
  formatSamId,
  parseReadData,
  parseResponse,
  setBaudRateFrame,
  sw3,
} from '../src/devices/id-card/sam-protocol.ts';
import { decodeTextBlock } from '../src/devices/id-card/id-text.ts';
import type { CardIdentity } from '../src/core/card-identity.ts';
import { checkCharacter, isValidIdNumber } from '../src/devices/id-card/id-number.ts';

describe('SAM frames: golden vectors (devices.md §1.3–1.4)', () => {
  it.each(Object.entries(SAM_COMMANDS) as [keyof typeof SAM_COMMANDS, Uint8Array][])(
    '%s is its golden frame',
    (name, frame) => {
      expect(hex(commandFrame(name))).toBe(hex(frame));
    },
  );

  it('knows the golden command frames by their literal bytes too', () => {
    expect(hex(SAM_COMMANDS.resetSam)).toBe('aa aa aa 96 69 00 03 10 ff ec');
    expect(hex(SAM_COMMANDS.findCard)).toBe('aa aa aa 96 69 00 03 20 01 22');
    expect(hex(SAM_COMMANDS.readTextPhotoFingerprint)).toBe('aa aa aa 96 69 00 03 30 10 23');
    expect(Object.keys(SAM_COMMANDS)).toHaveLength(8);
  });

  it('sets the baud rate with 60 00 … 60 04', () => {
    expect(hex(setBaudRateFrame(115200))).toBe(hex(SAM_SET_BAUD[115200]));
    expect(hex(setBaudRateFrame(9600))).toBe(hex(SAM_SET_BAUD[9600]));
    expect(hex(SAM_SET_BAUD[9600])).toBe('aa aa aa 96 69 00 03 60 04 67');
  });

  it.each([
    ['find OK', SAM_REPLIES.cardFound, 'cardFound', 4],
    ['select OK', SAM_REPLIES.selectOk, 'success', 8],
    ['no card', SAM_REPLIES.noCard, 'noCard', 0],
    ['select failed', SAM_REPLIES.selectFailed, 'selectFailed', 0],
    ['read with no card', SAM_REPLIES.readFailed, 'readFailed', 0],
    ['SAM self-test failed', SAM_REPLIES.samSelfTestFailed, 'samSelfTestFailed', 0],
    ['plain success', SAM_REPLIES.success, 'success', 0],
  ] as const)('parses the golden reply "%s"', (_label, frame, kind, dataLength) => {
    const out = new SamFramer(4).push(frame);
    expect(out).toHaveLength(1);
    const body = (out[0] as { body: Uint8Array }).body;
    const r = parseResponse(body)!;
    expect(r.status.kind).toBe(kind);
    expect(r.data.length).toBe(dataLength);
    expect(hex(encodeFrame(body))).toBe(hex(frame));
  });

  it('knows the golden replies by their literal bytes too', () => {
    expect(hex(SAM_REPLIES.cardFound)).toBe('aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97');
    expect(hex(SAM_REPLIES.selectOk)).toBe('aa aa aa 96 69 00 0c 00 00 90 00 00 00 00 00 00 00 00 9c');
    expect(hex(SAM_REPLIES.noCard)).toBe('aa aa aa 96 69 00 04 00 00 80 84');
    expect(hex(SAM_REPLIES.selectFailed)).toBe('aa aa aa 96 69 00 04 00 00 81 85');
    expect(hex(SAM_REPLIES.readFailed)).toBe('aa aa aa 96 69 00 04 00 00 41 45');
  });

  it('maps every SW3 code of the table to a typed kind', () => {
    const table: [number, string][] = [
      [0x90, 'success'],
      [0x9f, 'cardFound'],
      [0x91, 'noContent'],
      [0x10, 'checksumError'],
      [0x11, 'lengthError'],
      [0x21, 'commandError'],
      [0x23, 'unauthorized'],
      [0x24, 'unrecognisedError'],
      [0x31, 'cardAuthFailed'],
      [0x32, 'samAuthFailed'],
      [0x33, 'verificationError'],
      [0x40, 'unknownCardType'],
      [0x41, 'readFailed'],
      [0x47, 'randomNumberFailed'],
      [0x60, 'samSelfTestFailed'],
      [0x66, 'samNotAuthorised'],
      [0x80, 'noCard'],
      [0x81, 'selectFailed'],
    ];
    for (const [code, kind] of table) expect(sw3(code).kind).toBe(kind);
    expect(sw3(0x55)).toMatchObject({ kind: 'unknown', text: 'unknown status 0x55' });
  });

  it('a text+photo reply is 1295 bytes with LEN 05 08', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    data.set([0x01, 0x00, 0x04, 0x00]);
    const f = encodeFrame(Uint8Array.from([0x00, 0x00, 0x90, ...data]));
    expect(f.length).toBe(1295);
    expect(hex(f.subarray(0, 14))).toBe('aa aa aa 96 69 05 08 00 00 90 01 00 04 00');
    expect(hex(f.subarray(0, 14))).toBe(hex(SAM_REPLIES.readTextPhotoHead));
    const read = parseReadData(
      parseResponse(new SamFramer().push(f).flatMap((o) => (o.type === 'frame' ? [o.body] : []))[0]!)!.data,
      false,
    );
    expect(typeof read).not.toBe('string');
  });

  it('refuses read data whose lengths do not add up', () => {
    expect(parseReadData(Uint8Array.of(0x01, 0x00, 0x04, 0x00, 1, 2, 3), false)).toMatch(/do not match/);
    expect(parseReadData(Uint8Array.of(0x00, 0x10, 0x04, 0x00), false)).toMatch(/text block of 16/);
  });

  it('formats the SAM id', () => {
    expect(formatSamId(SAM_ID.data)).toBe('05.01-20212015-0000123456-0000000042');
    expect(formatSamId(SAM_ID.data)).toBe(SAM_ID.formatted);
  });
});

describe('stream framer', () => {
  const find = SAM_REPLIES.cardFound;
  const none = SAM_REPLIES.noCard;
  const frames = (out: FramerOutput[]) =>
    out.filter((o) => o.type === 'frame').map((o) => hex((o as { body: Uint8Array }).body));

  it('finds frames behind garbage and reports the garbage', () => {
    const out = new SamFramer().push(Uint8Array.from([0x00, 0x13, 0xaa, 0x55, ...find]));
    expect(frames(out)).toEqual(['00 00 9f 00 00 00 00']);
    expect(out[0]).toEqual({ type: 'fault', detail: { fault: 'garbage', bytes: 4 } });
  });

  it('reassembles a frame split at every byte', () => {
    for (let cut = 1; cut < find.length; cut++) {
      const f = new SamFramer();
      expect(f.push(find.subarray(0, cut)).filter((o) => o.type === 'frame')).toEqual([]);
      expect(frames(f.push(find.subarray(cut)))).toEqual(['00 00 9f 00 00 00 00']);
      expect(f.buffered).toBe(0);
    }
  });

  it('returns two frames arriving in one read', () => {
    expect(frames(new SamFramer().push(Uint8Array.from([...find, ...none])))).toEqual([
      '00 00 9f 00 00 00 00',
      '00 00 80',
    ]);
  });

  it('reports a bad checksum and recovers on the next frame', () => {
    const bad = Uint8Array.from(find);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const out = new SamFramer().push(Uint8Array.from([...bad, ...none]));
    expect(out.some((o) => o.type === 'fault' && o.detail.fault === 'badChecksum')).toBe(true);
    expect(frames(out)).toEqual(['00 00 80']);
  });

  it('reports an impossible length and resynchronises', () => {
    const out = new SamFramer().push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, ...none]));
    expect(out[0]).toEqual({ type: 'fault', detail: { fault: 'badLength', length: 0xffff } });
    expect(frames(out)).toEqual(['00 00 80']);
  });

  it('keeps only a possible preamble start from endless garbage', () => {
    const f = new SamFramer();
    for (let i = 0; i < 100; i++) f.push(new Uint8Array(1000).fill(0x55));
    expect(f.buffered).toBe(0);
    f.push(Uint8Array.of(0x55, 0xaa, 0xaa));
    expect(f.buffered).toBe(2);
  });

  it('drops a partial frame on reset (after a time-out)', () => {
    const f = new SamFramer();
    f.push(find.subarray(0, 9));
    f.reset();
    expect(frames(f.push(none))).toEqual(['00 00 80']);
  });
});

describe('text block', () => {
  const decode = (id: string) =>
    decodeTextBlock(encodeTextBlock(SAMPLE_CARDS.find((c) => c.id === id)!)) as CardIdentity;

  it('decodes a resident card, with 长期 validity', () => {
    expect(decode('elderResident')).toEqual({
      documentType: 'resident',
      name: '李示例',
      englishName: null,
      gender: 'male',
      ethnicity: '汉',
      birthDate: '1950-03-15',
      address: '江西省南昌市东湖区示例路一号',
      idNumber: '360102195003151238',
      numberCheck: 'valid',
      issuer: '南昌市公安局东湖分局',
      validFrom: '2015-06-01',
      validTo: 'longTerm',
      passNumber: null,
      issueCount: null,
      nationality: null,
    });
    expect(decode('resident')).toMatchObject({
      gender: 'female',
      ethnicity: '维吾尔',
      validTo: '2038-01-10',
    });
  });

  it('decodes an HK/Macao/Taiwan residence permit (J)', () => {
    expect(decode('hkResident')).toMatchObject({
      documentType: 'hkMacaoTaiwanResidence',
      name: '黄港居',
      ethnicity: null,
      idNumber: '810000198511020052',
      numberCheck: 'valid',
      passNumber: 'H01234567',
      issueCount: '01',
    });
  });

  it('decodes a foreign permanent resident card (I)', () => {
    expect(decode('foreignResident')).toMatchObject({
      documentType: 'foreignPermanentResident',
      englishName: 'SMITH, JOHN EXAMPLE',
      name: '史密斯',
      idNumber: 'USA110085010101',
      numberCheck: 'notApplicable',
      nationality: 'USA',
      birthDate: '1980-01-01',
      validTo: '2027-05-31',
    });
  });

  it('reports a card whose number fails the check digit', () => {
    expect(decode('badCheckDigit').numberCheck).toBe('invalid');
  });

  it('refuses a block of the wrong size', () => {
    expect(decodeTextBlock(new Uint8Array(255))).toMatch(/255 bytes/);
  });
});

describe('ID number check character (GB 11643, MOD 11-2)', () => {
  it('matches the standard’s example 11010519491231002X', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });
  it('rejects a wrong check character, wrong length and letters', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('1101051949123100AX')).toBe(false);
  });
});
