import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  NO_SOURCE,
  attribute,
  byModule,
  decodeMappings,
  decodeVlq,
  moduleName,
  shareOut,
} from './ui-size.ts';

describe("the kiosk page's size breakdown", () => {
  it('decodes base64 VLQ numbers, signs and continuations included', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('CADE')).toEqual([1, 0, -1, 2]);
    // 16 needs a continuation digit: g (32 | 0) then B (1 << 5 = 32 → 16 after the sign bit).
    expect(decodeVlq('gB')).toEqual([16]);
    expect(decodeVlq('hB')).toEqual([-16]);
    expect(() => decodeVlq('g')).toThrow(/ends in the middle/);
    expect(() => decodeVlq('A*')).toThrow(/not a base64 VLQ digit/);
  });

  it('decodes mappings into absolute columns per line and sources across lines', () => {
    // Line 1: col 0 → source 0, col 4 → source 1, col 6 → no source. Line 2: col 2 → source 1 (+0).
    expect(decodeMappings('AAAA,ICAA,E;EAAA')).toEqual([
      [
        { column: 0, source: 0 },
        { column: 4, source: 1 },
        { column: 6, source: undefined },
      ],
      [{ column: 2, source: 1 }],
    ]);
    expect(() => decodeMappings('AA')).toThrow(/2 fields/);
  });

  it('cuts the built code into each source’s text, leaving nothing out', () => {
    const code = 'abcdXYz\nQRst';
    const pieces = attribute(code, { sources: ['a.ts', 'b.ts'], mappings: 'AAAA,ICAA,E;EAAA' });
    expect(Object.fromEntries(pieces)).toEqual({
      'a.ts': 'abcd',
      'b.ts': 'XYst',
      [NO_SOURCE]: 'z\nQR',
    });
    expect([...pieces.values()].reduce((n, t) => n + t.length, 0)).toBe(code.length);
  });

  it('shares the real gzipped size out so that a file’s rows add up to it', () => {
    const pieces = new Map([
      [
        'big.ts',
        'x'.repeat(50) +
          Array.from({ length: 400 }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join(''),
      ],
      ['small.ts', 'tiny'],
    ]);
    const real = gzipSync([...pieces.values()].join(''), { level: 9 }).length;
    const rows = shareOut('f.js', pieces, real);
    expect(rows.map((r) => r.module)).toEqual(['big.ts', 'small.ts']);
    expect(rows.reduce((s, r) => s + r.gzipShare, 0)).toBeCloseTo(real, 6);
    expect(rows[0]!.bytes).toBe(450);
  });

  it('names packages by their name and the repository’s files by their path', () => {
    expect(moduleName('node_modules/xstate/dist/raise-1.esm.js')).toBe('xstate');
    expect(moduleName('node_modules/@preact/signals/dist/s.mjs')).toBe('@preact/signals');
    expect(moduleName('node_modules/xstate/dist/raise-1.esm.js', false)).toBe('xstate/dist/raise-1.esm.js');
    expect(moduleName('../../kiosk-ui/src/main.tsx')).toBe('kiosk-ui/src/main.tsx');
    const rows = byModule([
      { module: 'a', file: 'x.js', bytes: 1, gzipAlone: 2, gzipShare: 3 },
      { module: 'a', file: 'y.js', bytes: 1, gzipAlone: 2, gzipShare: 3 },
      { module: 'b', file: 'x.js', bytes: 10, gzipAlone: 1, gzipShare: 1 },
    ]);
    expect(rows).toEqual([
      { module: 'a', file: 'x.js, y.js', bytes: 2, gzipAlone: 4, gzipShare: 6 },
      { module: 'b', file: 'x.js', bytes: 10, gzipAlone: 1, gzipShare: 1 },
    ]);
  });
});
