// Catalogue search, scored exactly: where a term matches (name 10, keyword 6, English name 4, department 2),
// how (a run of pinyin syllables from the first syllable ×3, from a later one ×2; Latin text at the start
// ×2, later ×1; Chinese text at the start ×3, later ×2, plus the share of the field it covers; a code
// prefix 30), every term must match, ties go by code, and how queries are cut into terms.
import { describe, expect, it } from 'vitest';
import type { Matter } from '@hall-kiosk/shared';
import { loadCatalogueFile } from '../../src/catalogue/catalogue-file.ts';
import { SearchIndex, normalise } from '../../src/catalogue/search-index.ts';
import { readPinyinInChild, type PinyinReader } from '../../src/catalogue/pinyin-reader.ts';
import { SAMPLE_CATALOGUE } from '../../src/config/load.ts';

const base = loadCatalogueFile(SAMPLE_CATALOGUE).matters[0]!;
const matter = (code: string, zh: string, en: string, department: string, keywords?: string[]): Matter => ({
  ...structuredClone(base),
  code,
  name: { zh, en },
  department: { zh: department, en: 'Dept' },
  ...(keywords ? { keywords } : { keywords: undefined }),
});

const estate = matter('ZZ-001', '不动产登记', 'Real estate registration', '自然资源局', ['房产证']);
const bank = matter('AB-002', '银行开户', 'Open account', '人民银行');
const bank2 = matter('AA-003', '银行开户', 'Open account', '人民银行');
// The pinyin of each text is read (by the child process) once for the whole file.
const readings = new Map<string, string[]>();
const readPinyin: PinyinReader = (texts) => {
  const missing = texts.filter((t) => !readings.has(t));
  readPinyinInChild(missing).forEach((r, i) => readings.set(missing[i]!, r));
  return texts.map((t) => readings.get(t)!);
};
// A fresh index for every search, built inside the test: a mutant in the constructor is then seen by
// every test that searches (per-test coverage would otherwise credit only the first).
const index = {
  search: (q: string, limit?: number) => new SearchIndex([estate, bank, bank2], readPinyin).search(q, limit),
  get size() {
    return new SearchIndex([estate, bank, bank2], readPinyin).size;
  },
};
const score = (query: string, code = 'ZZ-001') =>
  index.search(query).hits.find((h) => h.matter.code === code)?.score ?? 0;

describe('pinyin terms', () => {
  it('initials or whole syllables from the first syllable of the name: 10 × 3', () => {
    expect(score('bdc')).toBe(30);
    expect(score('budongchan')).toBe(30);
    expect(score('budc')).toBe(30);
  });

  it('from a later syllable of the name: 10 × 2, better than the same in a keyword', () => {
    expect(score('dengji')).toBe(20);
    expect(score('chan')).toBe(20);
  });

  it('in a keyword from its first syllable: 6 × 3', () => {
    expect(score('fcz')).toBe(18);
  });

  it('in the department: 2 × 3 from its start, 2 × 2 from a later syllable', () => {
    expect(score('zrzy')).toBe(6);
    expect(score('ziyuan')).toBe(4);
  });

  it('letters that skip a syllable or overrun one do not match', () => {
    expect(score('bc')).toBe(0);
    expect(score('buo')).toBe(0);
    expect(score('bdcdjx')).toBe(0);
  });
});

describe('Latin text and codes', () => {
  it('the English name at its start: 4 × 2; further in: 4 × 1', () => {
    expect(score('real')).toBe(8);
    expect(score('estate')).toBe(4);
  });

  it('a code prefix scores 30', () => {
    expect(score('zz')).toBe(30);
    expect(score('zz-001')).toBe(30);
    expect(score('z-001')).toBe(0);
  });
});

describe('Chinese terms', () => {
  it('at the start of the name: 10 × 3 plus its share of the name', () => {
    expect(score('不动产')).toBeCloseTo(30 + 3 / 5, 10);
  });

  it('later in the name: 10 × 2 plus its share', () => {
    expect(score('登记')).toBeCloseTo(20 + 2 / 5, 10);
  });

  it('in the department: 2 × 2 plus its share', () => {
    expect(score('资源')).toBeCloseTo(4 + 2 / 5, 10);
  });
});

describe('queries of several terms', () => {
  it('add up the terms, in any order', () => {
    expect(score('bdc 登记')).toBeCloseTo(50.4, 10);
    expect(score('登记 bdc')).toBeCloseTo(50.4, 10);
  });

  it('find nothing when one term matches nothing', () => {
    expect(index.search('bdc xyz')).toEqual({ hits: [], total: 0 });
  });

  it('rank by score, then by code; keep at most `limit` but count them all', () => {
    const all = index.search('yh');
    expect(all.hits.map((h) => [h.matter.code, h.score])).toEqual([
      ['AA-003', 30],
      ['AB-002', 30],
    ]);
    expect(all.total).toBe(2);
    const one = index.search('yh', 1);
    expect(one.hits.map((h) => h.matter.code)).toEqual(['AA-003']);
    expect(one.total).toBe(2);
    expect(index.search('yinhang bdc').total).toBe(0);
    expect(index.search('zi').hits.map((h) => h.matter.code)).toEqual(['ZZ-001']);
  });

  it('an empty query or one of only punctuation finds nothing', () => {
    expect(index.search('')).toEqual({ hits: [], total: 0 });
    expect(index.search(' !! ？')).toEqual({ hits: [], total: 0 });
    expect(index.size).toBe(3);
  });
});

describe('pinyin of names with other characters', () => {
  it('reads Latin letters in a Chinese name as text, not as syllables', () => {
    const etc = new SearchIndex([matter('JT-009', 'ETC办理', 'ETC', '交通运输局')], readPinyin);
    // At the start of the name as text: 10 × 2 (as a syllable it would be 10 × 3).
    expect(etc.search('etc').hits[0]?.score).toBe(20);
    expect(etc.search('bl').hits[0]?.score).toBe(30);
  });

  it('spells ü as v', () => {
    const green = new SearchIndex(
      [matter('LS-001', '绿色通道', 'Green channel', '政务服务中心')],
      readPinyin,
    );
    expect(green.search('lvse').hits[0]?.score).toBe(30);
    expect(green.search('lstd').hits[0]?.score).toBe(30);
  });

  it('a word in no field of any matter finds nothing, with or without keywords', () => {
    expect(index.search('stryker').total).toBe(0);
    expect(index.search('here').total).toBe(0);
  });
});

describe('normalising a query', () => {
  it('folds full-width letters, case, ü and accents', () => {
    expect(normalise('ＢＤＣ')).toEqual(['bdc']);
    expect(normalise('LÜ')).toEqual(['lv']);
    expect(normalise('Café')).toEqual(['cafe']);
  });

  it('splits Chinese from Latin runs, keeps digits and hyphens, drops the rest', () => {
    expect(normalise('不动产bdc')).toEqual(['不动产', 'bdc']);
    expect(normalise('A-1 x_y')).toEqual(['a-1', 'x', 'y']);
  });

  it('gives no terms for a query of punctuation only', () => {
    expect(normalise('!! ？')).toEqual([]);
    expect(normalise('')).toEqual([]);
  });

  it('keeps at most 8 terms of at most 32 characters', () => {
    expect(normalise('a b c d e f g h i j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(normalise('x'.repeat(40))).toEqual(['x'.repeat(32)]);
  });
});
