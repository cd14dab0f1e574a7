// The card's 256-byte UCS-2LE text block, field by field at its offset for each of the three documents:
// padding trimmed (spaces or NULs, at the end; spaces at the start) but inner spaces kept, dates only as
// eight digits, 长期 as long-term, empty optional fields as null, and the document type at offset 248.
import { describe, expect, it } from 'vitest';
import { decodeTextBlock, documentTypeOf } from '../../src/devices/id-card/id-text.ts';
import type { CardIdentity } from '../../src/core/card-identity.ts';

/** Writes `text` as UCS-2LE at `offset`, padded with `pad` to `size` bytes. */
function put(block: Uint8Array, offset: number, size: number, text: string, pad = ' '): void {
  const padded = text.padEnd(size / 2, pad);
  for (let i = 0; i < size / 2; i++) {
    const c = padded.charCodeAt(i);
    block[offset + 2 * i] = c & 0xff;
    block[offset + 2 * i + 1] = c >> 8;
  }
}

function resident(over: { type?: string; pad?: string } = {}): Uint8Array {
  const b = new Uint8Array(256);
  const pad = over.pad ?? ' ';
  put(b, 0, 30, '张 三', pad);
  put(b, 30, 2, '2', pad);
  put(b, 32, 4, '03', pad);
  put(b, 36, 16, '19900615', pad);
  put(b, 52, 70, '北京市东城区某街1号', pad);
  put(b, 122, 36, '532500197709100012', pad);
  put(b, 158, 30, '北京市公安局东城分局', pad);
  put(b, 188, 16, '20200101', pad);
  put(b, 204, 16, '20400101', pad);
  put(b, 220, 18, 'H12345678', pad);
  put(b, 238, 4, '02', pad);
  put(b, 248, 2, over.type ?? ' ', pad);
  return b;
}

function foreigner(idNumber: string): Uint8Array {
  const b = new Uint8Array(256);
  put(b, 0, 120, 'SMITH, JOHN');
  put(b, 120, 2, '1');
  put(b, 122, 30, idNumber);
  put(b, 152, 6, 'USA');
  put(b, 158, 30, '史密斯');
  put(b, 188, 16, '20230101');
  put(b, 204, 16, '20330101');
  put(b, 220, 16, '19800102');
  put(b, 240, 8, '1500');
  put(b, 248, 2, 'I');
  return b;
}

describe('the text block', () => {
  it('is exactly 256 bytes', () => {
    expect(decodeTextBlock(new Uint8Array(255))).toBe('text block of 255 bytes (expected 256)');
    expect(decodeTextBlock(new Uint8Array(257))).toBe('text block of 257 bytes (expected 256)');
  });

  it('of a resident card: every field at its offset, padding trimmed', () => {
    const expected: CardIdentity = {
      documentType: 'resident',
      name: '张 三',
      englishName: null,
      gender: 'female',
      ethnicity: '回',
      birthDate: '1990-06-15',
      address: '北京市东城区某街1号',
      idNumber: '532500197709100012',
      numberCheck: 'valid',
      issuer: '北京市公安局东城分局',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
      passNumber: null,
      issueCount: null,
      nationality: null,
    };
    expect(decodeTextBlock(resident())).toEqual(expected);
    expect(decodeTextBlock(resident({ pad: '\0' }))).toEqual(expected);
  });

  it('trims leading spaces, and trailing spaces mixed with NULs', () => {
    const b = resident();
    put(b, 0, 30, '  李四 \0 \0');
    expect((decodeTextBlock(b) as CardIdentity).name).toBe('李四');
  });

  it('of an HK/Macao/Taiwan residence permit: pass number and issue count, no ethnicity', () => {
    const permit = decodeTextBlock(resident({ type: 'J' })) as CardIdentity;
    expect(permit).toMatchObject({
      documentType: 'hkMacaoTaiwanResidence',
      ethnicity: null,
      passNumber: 'H12345678',
      issueCount: '02',
    });
    const blank = resident({ type: 'J' });
    put(blank, 220, 18, '');
    put(blank, 238, 4, '');
    expect(decodeTextBlock(blank)).toMatchObject({ passNumber: null, issueCount: null });
  });

  it('of a foreign permanent resident card: its own layout', () => {
    expect(decodeTextBlock(foreigner('USA110085010101'))).toEqual({
      documentType: 'foreignPermanentResident',
      englishName: 'SMITH, JOHN',
      gender: 'male',
      idNumber: 'USA110085010101',
      numberCheck: 'notApplicable',
      nationality: 'USA',
      name: '史密斯',
      validFrom: '2023-01-01',
      validTo: '2033-01-01',
      birthDate: '1980-01-02',
      issuer: '1500',
      ethnicity: null,
      address: null,
      passNumber: null,
      issueCount: null,
    });
  });

  it('an empty nationality or issuer on a foreign card is null, an unknown gender code unknown', () => {
    const blank = foreigner('USA110085010101');
    put(blank, 152, 6, '');
    put(blank, 240, 8, '');
    put(blank, 120, 2, '5');
    expect(decodeTextBlock(blank)).toMatchObject({ nationality: null, issuer: null, gender: 'unknown' });
  });

  it('a wrong check digit, an empty address or issuer, an unknown gender or ethnicity code', () => {
    const b = resident();
    put(b, 122, 36, '532500197709100013');
    put(b, 52, 70, '');
    put(b, 158, 30, '');
    put(b, 30, 2, '7');
    put(b, 32, 4, '99');
    expect(decodeTextBlock(b)).toMatchObject({
      numberCheck: 'invalid',
      address: null,
      issuer: null,
      gender: 'unknown',
      ethnicity: null,
    });
  });
});

describe('dates on the card', () => {
  const withValidTo = (text: string) => {
    const b = resident();
    put(b, 204, 16, text);
    return (decodeTextBlock(b) as CardIdentity).validTo;
  };

  it('长期 is long-term; only eight digits make a date', () => {
    expect(withValidTo('长期')).toBe('longTerm');
    expect(withValidTo('2040010')).toBeNull();
    expect(withValidTo('x2040010')).toBeNull();
    expect(withValidTo('2040010x')).toBeNull();
    expect(withValidTo('')).toBeNull();
  });
});

describe('the document type', () => {
  it('is at offset 248: J a residence permit, I a foreign card, anything else a resident card', () => {
    const b = new Uint8Array(256);
    expect(documentTypeOf(b)).toBe('resident');
    b[248] = 'J'.charCodeAt(0);
    expect(documentTypeOf(b)).toBe('hkMacaoTaiwanResidence');
    b[248] = 'I'.charCodeAt(0);
    expect(documentTypeOf(b)).toBe('foreignPermanentResident');
    b[248] = 'j'.charCodeAt(0);
    expect(documentTypeOf(b)).toBe('resident');
    expect(documentTypeOf(new Uint8Array(10))).toBe('resident');
  });
});
