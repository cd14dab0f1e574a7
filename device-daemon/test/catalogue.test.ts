import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogueFile, parseCatalogue } from '../src/catalogue/catalogue-file.ts';
import { SearchIndex, normalise } from '../src/catalogue/search-index.ts';
import { SAMPLE_CATALOGUE } from '../src/config/load.ts';
import { DEFAULT_AREAS } from '../src/config/areas.ts';

const sample = loadCatalogueFile(SAMPLE_CATALOGUE);

describe('the sample catalogue', () => {
  it('has at least 60 matters covering all nine areas, every life event resolving', () => {
    expect(sample.matters.length).toBeGreaterThanOrEqual(60);
    expect(new Set(sample.matters.map((m) => m.areaId))).toEqual(new Set(DEFAULT_AREAS.map((a) => a.id)));
    expect(sample.lifeEvents.length).toBeGreaterThanOrEqual(5);
  });
});

describe('catalogue validation', () => {
  const good = () =>
    structuredClone({ matters: sample.matters.slice(0, 3), lifeEvents: [] }) as {
      matters: Record<string, unknown>[];
      lifeEvents: unknown[];
    };
  const problems = (value: unknown) => {
    try {
      parseCatalogue(value, 'test.json');
    } catch (e) {
      if (e instanceof CatalogueError) return e.problems;
      throw e;
    }
    return [];
  };

  it('names the matter by index and code, and the field', () => {
    const c = good();
    (c.matters[1]!.materials as { count: number }[])[0]!.count = 0;
    c.matters[2]!.visits = 'once';
    const p = problems(c);
    expect(p[0]).toMatch(/^matters\[1\] \(SW-002\)\.materials\[0\]\.count: /);
    expect(p[1]).toMatch(/^matters\[2\] \(SW-003\)\.visits: /);
  });

  it('refuses duplicate codes, promised time longer than the legal limit, and life events naming no matter', () => {
    const c = good();
    c.matters[2]!.code = 'SW-001';
    c.matters[0]!.promisedDays = 99;
    c.lifeEvents = [{ id: 'x', name: { zh: '甲', en: 'A' }, matterCodes: ['NOPE-1'] }];
    expect(problems(c)).toEqual([
      'matters[0] (SW-001).promisedDays: 99 is longer than legalDays 15',
      'matters[2] (SW-001).code: also used by matters[0]',
      'lifeEvents[0] (x).matterCodes[0]: no matter "NOPE-1"',
    ]);
  });

  it('refuses unknown fields, a non-list, and files that are not JSON, with the file named', () => {
    const c = good();
    c.matters[0]!.colour = 'red';
    expect(problems(c)[0]).toMatch(/^matters\[0\] \(SW-001\): Unrecognized key/);
    expect(problems({ matters: 'all' })[0]).toMatch(/^matters: /);
    expect(() => loadCatalogueFile('/no/such/catalogue.json')).toThrow(
      /catalogue\.json: invalid catalogue\n {2}- cannot read the file: ENOENT/,
    );
  });
});

describe('search: Chinese, full pinyin, initials, mixed, any order', () => {
  const index = new SearchIndex(sample.matters);
  const first = (q: string) => index.search(q).hits[0]?.matter.name.zh;
  const all = (q: string) => index.search(q).hits.map((h) => h.matter.code);

  it.each([
    ['不动产', '不动产首次登记'],
    ['bdc', '不动产首次登记'],
    ['budongchan', '不动产首次登记'],
    ['budc', '不动产首次登记'],
    ['bdchan', '不动产首次登记'],
    ['BDC', '不动产首次登记'],
    ['shebaoka', '社会保障卡申领'],
    ['sbk', '社会保障卡申领'],
    ['社保卡 补', '社会保障卡补换'],
    ['bu shebaoka', '社会保障卡补换'],
    ['huzhao', '出入境证件申请（护照）'],
    ['passport', '出入境证件申请（护照）'],
    ['geshui', '个人所得税综合所得汇算清缴'],
    ['个税', '个人所得税综合所得汇算清缴'],
    ['kai gongsi', '企业设立登记'],
    ['gongsi kai', '企业设立登记'],
    ['jiazhao huan', '机动车驾驶证期满换证'],
    ['yidi jiuyi', '异地就医备案'],
    ['JJ-003', '机动车检验标志核发'],
    ['lvyou', undefined],
  ])('%s → %s', (query, expected) => {
    expect(first(query)).toBe(expected);
  });

  it('finds every real-estate matter by the initials of 不动产, and nothing else', () => {
    expect(all('bdc').every((c) => c.startsWith('BDC-'))).toBe(true);
    expect(index.search('bdc').total).toBe(7);
  });

  it('treats empty and junk input as no query, and never throws', () => {
    expect(index.search('').total).toBe(0);
    expect(index.search('   !!!  ').total).toBe(0);
    expect(() => index.search('𝔘\u0000'.repeat(1000))).not.toThrow();
    expect(normalise('Bù Dòng ｂｄｃ 不动产')).toEqual(['bu', 'dong', 'bdc', '不动产']);
  });
});
