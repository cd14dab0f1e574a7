// A number of 8 characters or fewer is masked whole: showing its first and last 4 would show all of it.
// From 9 characters on, the first 4 and last 4 show and at least one * hides the middle.
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../src/identity/mask.ts';

describe('masking at its boundaries', () => {
  it('hides an 8-character number entirely', () => {
    expect(maskIdNumber('AB123456')).toBe('********');
  });

  it('shows 4 + 4 of a 9-character number, one * between', () => {
    expect(maskIdNumber('AB1234567')).toBe('AB12*4567');
  });

  it('masks the empty number as empty', () => {
    expect(maskIdNumber('')).toBe('');
  });

  it('masks a name with spaces around it by its first real character', () => {
    expect(maskName('  张三  ')).toBe('张*');
    expect(maskName('   ')).toBe('');
  });
});
