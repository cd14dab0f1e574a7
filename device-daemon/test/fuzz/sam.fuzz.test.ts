import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LEN, SamFramer, encodeFrame, xorChecksum } from '../../src/devices/id-card/sam-frame.ts';
import { parseReadData, parseResponse } from '../../src/devices/id-card/sam-protocol.ts';
import { decodeTextBlock } from '../../src/devices/id-card/id-text.ts';
import { RUNS, TIMEOUT_MS } from './runs.ts';

const body = fc.uint8Array({ minLength: 3, maxLength: 300 });
const frame = body.map((b) => encodeFrame(b));

/** Splits bytes into pieces at arbitrary points. */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('SAM framer and codec under generated input', () => {
  it(
    'never throws, stays bounded, and every frame it emits has a valid checksum — on random bytes',
    () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 4000 }),
          fc.array(fc.nat(), { maxLength: 8 }),
          (bytes, cuts) => {
            const f = new SamFramer();
            for (const c of chunks(bytes, cuts)) {
              for (const out of f.push(c)) {
                if (out.type === 'frame') {
                  const re = encodeFrame(out.body);
                  expect(xorChecksum(re.subarray(5, re.length - 1))).toBe(re[re.length - 1]);
                }
              }
              expect(f.buffered).toBeLessThanOrEqual(MAX_LEN + 7);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'finds every intact frame among garbage, however the stream is split',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.uint8Array({ maxLength: 20 }), frame), { minLength: 1, maxLength: 5 }),
          fc.array(fc.nat(), { maxLength: 10 }),
          (parts, cuts) => {
            // Garbage must not contain a preamble start that would swallow the next frame.
            const clean = parts.map(([g, fr]) => [g.map((b) => (b === 0xaa ? 0x55 : b)), fr] as const);
            const stream = Uint8Array.from(clean.flatMap(([g, fr]) => [...g, ...fr]));
            const f = new SamFramer();
            const found = chunks(stream, cuts)
              .flatMap((c) => f.push(c))
              .filter((o) => o.type === 'frame')
              .map((o) => Buffer.from((o as { body: Uint8Array }).body).toString('hex'));
            expect(found).toEqual(
              clean.map(([, fr]) => Buffer.from(fr.subarray(7, fr.length - 1)).toString('hex')),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'survives mutated frames (flipped, dropped, duplicated bytes) without throwing or growing',
    () => {
      fc.assert(
        fc.property(
          frame,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 255 })), {
            maxLength: 6,
          }),
          (fr, mutations) => {
            const bytes = [...fr];
            for (const [at, kind, v] of mutations) {
              const i = at % bytes.length;
              if (kind === 0) bytes[i] = v;
              else if (kind === 1) bytes.splice(i, 1);
              else bytes.splice(i, 0, bytes[i]!);
            }
            const f = new SamFramer();
            f.push(Uint8Array.from(bytes));
            f.push(Uint8Array.from(bytes));
            expect(f.buffered).toBeLessThanOrEqual(MAX_LEN + 7);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'parses any reply body, read data or text block into a value or a reason, never an exception',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2400 }), fc.boolean(), (bytes, fp) => {
          const r = parseResponse(bytes);
          if (r) parseReadData(r.data, fp);
          parseReadData(bytes, fp);
          const block = new Uint8Array(256);
          block.set(bytes.subarray(0, 256));
          const id = decodeTextBlock(block);
          expect(typeof id === 'string' || typeof id.idNumber === 'string').toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
