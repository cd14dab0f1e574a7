// What the masked identity says about age and validity, at the edges: a malformed date gives no age
// rather than a wrong one, a birthday later than the day gives none, a card valid until today is not
// expired yet, and a long-term (长期) or undated card never is.
import { describe, expect, it } from 'vitest';
import type { CardIdentity } from '../../src/core/card-identity.ts';
import { ageOn, toMasked } from '../../src/identity/mask.ts';

const card = (over: Partial<CardIdentity>): CardIdentity => ({
  documentType: 'resident',
  name: '张三',
  englishName: null,
  gender: 'male',
  ethnicity: '汉',
  birthDate: '1990-06-15',
  address: null,
  idNumber: '532500197709100012',
  numberCheck: 'valid',
  issuer: null,
  validFrom: null,
  validTo: null,
  passNumber: null,
  issueCount: null,
  nationality: null,
  ...over,
});
/** 2026-06-15, noon in Shanghai. */
const NOW = Date.parse('2026-06-15T04:00:00Z');
const masked = (over: Partial<CardIdentity>) => toMasked(card(over), NOW, 'Asia/Shanghai');

describe('age from the birth date', () => {
  it('accepts only a whole YYYY-MM-DD, on either side', () => {
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
    for (const bad of ['x1990-06-15', '1990-06-15x', '1990-6-15', ''])
      expect(ageOn(bad, '2026-06-15'), bad).toBeNull();
    for (const bad of ['x2026-06-15', '2026-06-15x', '2026-6-15'])
      expect(ageOn('1990-06-15', bad), bad).toBeNull();
  });

  it('is 0 on the day of birth and none for a birth date after the day', () => {
    expect(ageOn('2026-06-15', '2026-06-15')).toBe(0);
    expect(ageOn('2026-06-16', '2026-06-15')).toBeNull();
  });

  it('is none when the card has no birth date', () => {
    expect(masked({ birthDate: null }).age).toBeNull();
  });
});

describe('expiry', () => {
  it('a card valid until today is not yet expired; until yesterday, it is', () => {
    expect(masked({ validTo: '2026-06-15' }).expired).toBe(false);
    expect(masked({ validTo: '2026-06-14' }).expired).toBe(true);
    expect(masked({ validTo: '2026-06-16' }).expired).toBe(false);
  });

  it('a long-term card or one without an end date never expires', () => {
    expect(masked({ validTo: 'longTerm' }).expired).toBe(false);
    expect(masked({ validTo: null }).expired).toBe(false);
  });
});

describe('the masked name', () => {
  it('falls back to the English name, and to nothing when there is none', () => {
    expect(masked({ name: '', englishName: 'SMITH JOHN' }).maskedName).toBe('S*********');
    expect(masked({ name: '', englishName: null }).maskedName).toBe('');
  });
});
