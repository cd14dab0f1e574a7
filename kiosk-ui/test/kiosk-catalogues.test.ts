import { describe, expect, it } from 'vitest';
import type { Locale } from '@hall-kiosk/shared';
import { KioskCatalogues, catalogueOfValues, type CatalogueImport } from '../src/i18n/kiosk-catalogues.ts';
import { EN_VALUES_MODULE, englishValues } from '../vite-plugins/catalogue-values.ts';
import { en } from '../src/i18n/en.ts';
import { zh } from '../src/i18n/zh.ts';

/** An import that fails its first `failures` calls, counting every call. */
function flakyImport(failures: number): CatalogueImport & { calls: Locale[] } {
  const calls: Locale[] = [];
  const bring = async (locale: Locale) => {
    calls.push(locale);
    if (calls.length <= failures) throw new Error('the daemon is restarting');
    return locale === 'en' ? en : zh;
  };
  return Object.assign(bring, { calls });
}

describe("the kiosk page's catalogues", () => {
  it('have Chinese from the start and English only once loaded', async () => {
    const bring = flakyImport(0);
    const catalogues = new KioskCatalogues(bring);
    expect(catalogues.has('zh')).toBe(true);
    expect(catalogues.has('en')).toBe(false);
    expect(catalogues.translator('zh')('ticket.peopleAhead', { n: 3 })).toBe('您前面还有 3 人');
    await catalogues.load('en');
    expect(catalogues.has('en')).toBe(true);
    expect(catalogues.translator('en')('ticket.peopleAhead', { n: 3 })).toBe('3 people ahead of you');
  });

  it('bring English in once, however many ask at the same time or after', async () => {
    const bring = flakyImport(0);
    const catalogues = new KioskCatalogues(bring);
    await Promise.all([catalogues.load('en'), catalogues.load('en')]);
    await catalogues.load('en');
    await catalogues.load('zh');
    expect(bring.calls).toEqual(['en']);
  });

  it('try again after a failed load, and read Chinese until English is here', async () => {
    const bring = flakyImport(1);
    const catalogues = new KioskCatalogues(bring);
    await expect(catalogues.load('en')).rejects.toThrow('restarting');
    expect(catalogues.has('en')).toBe(false);
    expect(catalogues.translator('en')('nav.back')).toBe(zh['nav.back']);
    await catalogues.load('en');
    expect(catalogues.translator('en')('nav.back')).toBe(en['nav.back']);
    expect(bring.calls).toEqual(['en', 'en']);
  });

  it('load English from its own module by default, every text under its own key', async () => {
    const catalogues = new KioskCatalogues();
    await catalogues.load('en');
    const t = catalogues.translator('en');
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(t(key), key).toBe(en[key]);
  });

  it('refuse an English file whose texts do not match the page', () => {
    const values = Object.keys(zh).map((k) => en[k as keyof typeof en]);
    expect(catalogueOfValues(values)).toEqual(en);
    expect(() => catalogueOfValues(values.slice(1))).toThrow(/texts/);
    expect(() => catalogueOfValues([...values, 'one more'])).toThrow(/texts/);
    expect(() => catalogueOfValues(values.map((v, i) => (i === 3 ? '' : v)))).toThrow(/texts/);
  });
});

describe("the kiosk page's English file, as built", () => {
  it('is the texts alone, in the order of the Chinese keys, folded by the build', async () => {
    const plugin = englishValues();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | undefined;
    const id = EN_VALUES_MODULE;
    const folded = transform('export default []', id)!.code;
    const values = JSON.parse(folded.replace(/^export default /, '').replace(/;$/, '')) as string[];
    expect(values).toEqual(Object.keys(zh).map((k) => en[k as keyof typeof en]));
    expect(folded).not.toContain('app.title');
    expect(transform('export default []', id.replace('en-values', 'zh'))).toBeUndefined();
  });
});
