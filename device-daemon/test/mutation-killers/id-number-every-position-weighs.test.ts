// GB 11643-1999: the check character is MOD 11-2 over the first 17 digits, digit i (counted from the
// right, the check character being 1) weighted 2^(i-1) mod 11. The sample cards all have a 0 in the
// third position, so a wrong weight there went unnoticed; these tests weigh every position.
import { describe, expect, it } from 'vitest';
import { checkCharacter, isValidIdNumber } from '../../src/devices/id-card/id-number.ts';

const CHECK = '10X98765432';
/** The standard's weight for 0-based position k of 17, derived (not copied) from 2^(17-k) mod 11. */
const weight = (k: number) => 2 ** (17 - k) % 11;

describe('the GB 11643 check character', () => {
  it('is right for numbers with a non-zero digit in every position, third included', () => {
    // Worked out by hand with the standard's weights.
    expect(checkCharacter('53250019770910001')).toBe('2');
    expect(checkCharacter('65432119851231987')).toBe('5');
    expect(isValidIdNumber('532500197709100012')).toBe(true);
    expect(isValidIdNumber('654321198512319875')).toBe(true);
    expect(isValidIdNumber('654321198512319874')).toBe(false);
  });

  it('weighs each of the 17 positions by the standard weight', () => {
    const zeros = '0'.repeat(17);
    for (let k = 0; k < 17; k++) {
      // A single 1 at position k: the sum is that position's weight.
      const one = `${zeros.slice(0, k)}1${zeros.slice(k + 1)}`;
      expect(checkCharacter(one), `position ${k + 1}`).toBe(CHECK[weight(k)]);
    }
  });

  it('catches every single wrong digit, in any position', () => {
    const good = '65432119851231987';
    const check = checkCharacter(good);
    for (let k = 0; k < 17; k++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[k]) continue;
        const typo = `${good.slice(0, k)}${d}${good.slice(k + 1)}`;
        expect(isValidIdNumber(typo + check), `digit ${d} at position ${k + 1}`).toBe(false);
      }
    }
  });
});
