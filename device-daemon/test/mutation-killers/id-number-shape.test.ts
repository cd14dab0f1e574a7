// An ID number is exactly 17 digits and a digit or X: nothing before, nothing after, no lower-case x.
import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../../src/devices/id-card/id-number.ts';

describe('the shape of an 18-character ID number', () => {
  const good = '11010519491231002X';

  it('refuses anything around a valid number, and a lower-case x', () => {
    expect(isValidIdNumber(good)).toBe(true);
    expect(isValidIdNumber(`A${good}`)).toBe(false);
    expect(isValidIdNumber(`${good}1`)).toBe(false);
    expect(isValidIdNumber(`${good}Z`)).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber(' 11010519491231002X')).toBe(false);
  });

  it('refuses a letter among the first 17 characters', () => {
    expect(isValidIdNumber('1101051949123100XX')).toBe(false);
    expect(isValidIdNumber('A10105194912310021')).toBe(false);
  });
});
