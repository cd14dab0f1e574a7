// The HID POS scanner report body, byte by byte: its fixed length, the data length limit, the flags
// byte (only bit 0, "more"), the AIM identifier a scan with data must carry, and the data taken from
// bytes 4.. exactly (not the vendor code after it).
import { describe, expect, it } from 'vitest';
import {
  parseHidPosBody,
  symbologyName,
  HID_POS_BODY_BYTES,
} from '../../src/devices/scanner/hid-pos-report.ts';

function body(data: string, options: { aim?: string; flags?: number; length?: number } = {}): Uint8Array {
  const b = new Uint8Array(options.length ?? HID_POS_BODY_BYTES);
  const bytes = new TextEncoder().encode(data);
  b[0] = bytes.length;
  const aim = options.aim ?? ']Q1';
  for (let i = 0; i < 3; i++) b[1 + i] = aim.charCodeAt(i);
  b.set(bytes.slice(0, Math.max(0, Math.min(bytes.length, b.length - 4))), 4);
  if (b.length > 60) b[60] = 0x73;
  if (b.length > 62) b[62] = options.flags ?? 0;
  return b;
}

describe('a HID POS report body', () => {
  it('is exactly 63 bytes', () => {
    expect(parseHidPosBody(body('A', { length: 62 }))).toBe('report body of 62 bytes, expected 63');
    expect(parseHidPosBody(body('A', { length: 64 }))).toBe('report body of 64 bytes, expected 63');
    expect(HID_POS_BODY_BYTES).toBe(63);
  });

  it('carries at most 56 data bytes, taken from byte 4 on', () => {
    const full = 'x'.repeat(56);
    const ok = parseHidPosBody(body(full));
    expect(ok).toMatchObject({ aim: ']Q1', more: false });
    expect(new TextDecoder().decode((ok as { data: Uint8Array }).data)).toBe(full);
    const tooLong = body('x'.repeat(56));
    tooLong[0] = 57;
    expect(parseHidPosBody(tooLong)).toBe('data length 57 exceeds 56');
  });

  it('returns only the data, not what follows it', () => {
    const r = parseHidPosBody(body('QR-NOW'));
    expect(r).toEqual({ aim: ']Q1', data: new TextEncoder().encode('QR-NOW'), more: false });
  });

  it('reads bit 0 of byte 62 as "more follows", and refuses any other bit', () => {
    expect(parseHidPosBody(body('A', { flags: 1 }))).toMatchObject({ more: true });
    expect(parseHidPosBody(body('A', { flags: 0 }))).toMatchObject({ more: false });
    expect(parseHidPosBody(body('A', { flags: 2 }))).toBe('flags byte 0x2 has unknown bits');
    expect(parseHidPosBody(body('A', { flags: 0x81 }))).toBe('flags byte 0x81 has unknown bits');
  });

  it('needs an AIM identifier with data, not without', () => {
    expect(parseHidPosBody(body('A', { aim: 'XQ1' }))).toBe('no AIM symbology identifier');
    expect(parseHidPosBody(body('', { aim: '\0\0\0' }))).toEqual({
      aim: '\0\0\0',
      data: new Uint8Array(0),
      more: false,
    });
  });
});

describe('symbology names', () => {
  it('names the symbologies a hall meets, and shows any other identifier as it is', () => {
    expect(symbologyName(']Q1')).toBe('QR');
    expect(symbologyName(']C0')).toBe('Code 128');
    expect(symbologyName(']E0')).toBe('EAN/UPC');
    expect(symbologyName(']d2')).toBe('Data Matrix');
    expect(symbologyName(']L0')).toBe('PDF417');
    expect(symbologyName(']X0')).toBe(']X0');
    expect(symbologyName(' ]z ')).toBe(']z');
    expect(symbologyName('   ')).toBe('unknown');
  });
});
