// A keyboard-wedge scanner types on the US layout: every key it may send, with and without shift (either
// shift key, no other modifier), the keys it must ignore, and how reports become codes: a key counts when
// newly pressed, Enter ends a code, an over-long code is dropped whole, and reset forgets everything.
import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder, MAX_WEDGE_CODE, keyToChar } from '../../src/devices/scanner/boot-keyboard.ts';

const US_PLAIN = 'abcdefghijklmnopqrstuvwxyz1234567890';
const US_SHIFTED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()';
const PUNCTUATION: [number, string, string][] = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
];

/** A report with one modifier byte and the keys held. */
const report = (modifier: number, ...keys: number[]) => {
  const r = new Uint8Array(8);
  r[0] = modifier;
  r.set(keys.slice(0, 6), 2);
  return r;
};

describe('the US key map', () => {
  it('types letters and digits, plain and shifted', () => {
    for (let i = 0; i < 36; i++) {
      expect(keyToChar(0x04 + i, false), `usage 0x${(0x04 + i).toString(16)}`).toBe(US_PLAIN[i]);
      expect(keyToChar(0x04 + i, true), `shifted usage 0x${(0x04 + i).toString(16)}`).toBe(US_SHIFTED[i]);
    }
  });

  it('types the punctuation keys, plain and shifted', () => {
    for (const [usage, plain, shifted] of PUNCTUATION) {
      expect(keyToChar(usage, false)).toBe(plain);
      expect(keyToChar(usage, true)).toBe(shifted);
    }
  });

  it('types nothing for keys outside the map', () => {
    for (const usage of [0x00, 0x02, 0x03, 0x28, 0x29, 0x2a, 0x2b, 0x32, 0x35, 0x39, 0x3a, 0x64, 0xe1]) {
      expect(keyToChar(usage, false), `usage 0x${usage.toString(16)}`).toBeNull();
      expect(keyToChar(usage, true), `shifted usage 0x${usage.toString(16)}`).toBeNull();
    }
  });
});

describe('decoding reports into codes', () => {
  const type = (d: BootKeyboardDecoder, modifier: number, usage: number) => {
    const out = d.push(report(modifier, usage));
    d.push(report(0));
    return out;
  };
  const enter = (d: BootKeyboardDecoder) => type(d, 0, 0x28);

  it('either shift key shifts; control, alt and GUI do not', () => {
    const d = new BootKeyboardDecoder();
    for (const modifier of [0x02, 0x20, 0x01, 0x04, 0x08, 0x10, 0x40, 0x80]) type(d, modifier, 0x04);
    expect(enter(d)).toBe('AAaaaaaa');
  });

  it('counts a held key once, and again once released and pressed', () => {
    const d = new BootKeyboardDecoder();
    d.push(report(0, 0x05));
    d.push(report(0, 0x05));
    d.push(report(0, 0x05, 0x06));
    d.push(report(0));
    d.push(report(0, 0x05));
    d.push(report(0));
    expect(enter(d)).toBe('bcb');
  });

  it('ignores "no key", rollover errors, keys it cannot type and reports of the wrong length', () => {
    const d = new BootKeyboardDecoder();
    d.push(report(0, 0x00, 0x01, 0x39, 0x04));
    d.push(report(0));
    expect(d.push(new Uint8Array([0, 0, 0x05, 0, 0, 0, 0]))).toBeNull();
    expect(d.push(new Uint8Array([0, 0, 0x28, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(enter(d)).toBe('a');
  });

  it('Enter with nothing typed gives no code', () => {
    const d = new BootKeyboardDecoder();
    expect(enter(d)).toBeNull();
  });

  it('keeps a code of the maximum length and drops a longer one whole', () => {
    const d = new BootKeyboardDecoder();
    for (let i = 0; i < MAX_WEDGE_CODE; i++) type(d, 0, 0x04 + (i % 26));
    expect(enter(d)).toHaveLength(MAX_WEDGE_CODE);
    for (let i = 0; i <= MAX_WEDGE_CODE; i++) type(d, 0, 0x04 + (i % 26));
    expect(enter(d)).toBeNull();
    type(d, 0, 0x1e);
    expect(enter(d)).toBe('1');
    expect(MAX_WEDGE_CODE).toBe(1024);
  });

  it('reset forgets the text, the overflow and the keys held', () => {
    const d = new BootKeyboardDecoder();
    d.push(report(0, 0x04));
    d.reset();
    d.push(report(0, 0x04));
    expect(enter(d)).toBe('a');
    for (let i = 0; i <= MAX_WEDGE_CODE; i++) type(d, 0, 0x04);
    d.reset();
    type(d, 0, 0x05);
    expect(enter(d)).toBe('b');
  });
});
