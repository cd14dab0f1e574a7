import { describe, expect, it, vi } from 'vitest';
import type { ViteDevServer } from 'vite';
import type { Locale } from '@hall-kiosk/shared';
import {
  KioskCatalogues,
  catalogueOfValues,
  fetchEnglish,
  type CatalogueImport,
} from '../src/i18n/kiosk-catalogues.ts';
import { EN_VALUES_MODULE, EN_VALUES_URL_MODULE, englishValues } from '../vite-plugins/catalogue-values.ts';
import englishFile from '../src/i18n/en-values-url.ts';
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

  it('fetch English from its own file by default, every text under its own key, with a time limit', async () => {
    const asked: { url: string; signal: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      asked.push({ url: String(url), signal: init?.signal });
      return new Response(JSON.stringify(valuesInOrder()), { status: 200 });
    });
    try {
      const catalogues = new KioskCatalogues();
      await catalogues.load('en');
      const t = catalogues.translator('en');
      for (const key of Object.keys(en) as (keyof typeof en)[]) expect(t(key), key).toBe(en[key]);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(asked).toHaveLength(1);
    expect(asked[0]!.url).toBe(englishFile);
    expect(asked[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('reject an English file that could not be had or is not the texts', async () => {
    const answer = (body: string, status: number) =>
      (async () => new Response(body, { status })) as typeof fetch;
    await expect(fetchEnglish(answer('not found', 404))).rejects.toThrow('HTTP 404');
    await expect(fetchEnglish(answer('{"app.title":"x"}', 200))).rejects.toThrow(/texts/);
    await expect(fetchEnglish(answer('[1, 2', 200))).rejects.toThrow();
  });

  it('refuse an English file whose texts do not match the page', () => {
    const values = valuesInOrder();
    expect(catalogueOfValues(values)).toEqual(en);
    expect(() => catalogueOfValues(values.slice(1))).toThrow(/texts/);
    expect(() => catalogueOfValues([...values, 'one more'])).toThrow(/texts/);
    expect(() => catalogueOfValues(values.map((v, i) => (i === 3 ? '' : v)))).toThrow(/texts/);
    expect(() => catalogueOfValues(values.map((v, i) => (i === 3 ? 3 : v)))).toThrow(/texts/);
    expect(() => catalogueOfValues({ ...values })).toThrow(/texts/);
    expect(() => catalogueOfValues(null)).toThrow(/texts/);
  });
});

describe("the kiosk page's English file, as built", () => {
  type Hooks = {
    configResolved: (config: { command: string }) => void;
    transform: (
      this: { emitFile: (file: object) => string },
      code: string,
      id: string,
    ) => { code: string } | undefined;
    configureServer: (server: ViteDevServer) => void;
    generateBundle: (
      this: { error: (message: string) => never },
      options: unknown,
      bundle: Record<string, { type: string; fileName: string; code?: string }>,
    ) => void;
  };
  const plugin = (command: 'build' | 'serve') => {
    const hooks = englishValues() as unknown as Hooks;
    hooks.configResolved({ command });
    return hooks;
  };

  it('is the texts alone, in the order of the Chinese keys, a file of its own whose address the page gets', () => {
    const emitted: { type: string; name: string; source: string }[] = [];
    const context = { emitFile: (file: object) => (emitted.push(file as never), 'ref1') };
    const build = plugin('build');
    const folded = build.transform.call(
      context,
      'export default "/@kiosk/en-values.json"',
      EN_VALUES_URL_MODULE,
    );
    expect(folded!.code).toBe('export default import.meta.ROLLUP_FILE_URL_ref1;');
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ type: 'asset', name: 'en-values.json' });
    expect(JSON.parse(emitted[0]!.source)).toEqual(valuesInOrder());
    expect(emitted[0]!.source).not.toContain('app.title');
    // Nothing else is touched, and `vite` (dev) keeps the module as written.
    expect(build.transform.call(context, 'export default []', EN_VALUES_MODULE)).toBeUndefined();
    expect(plugin('serve').transform.call(context, '', EN_VALUES_URL_MODULE)).toBeUndefined();
    expect(emitted).toHaveLength(1);
  });

  it('fails a build whose page still names the dev address', () => {
    const context = {
      error: (message: string): never => {
        throw new Error(message);
      },
    };
    const chunk = (code: string) => ({
      'assets/kiosk.js': { type: 'chunk', fileName: 'assets/kiosk.js', code },
    });
    const build = plugin('build');
    expect(() =>
      build.generateBundle.call(context, {}, chunk('const u="/assets/en-values-x.json"')),
    ).not.toThrow();
    expect(() => build.generateBundle.call(context, {}, chunk(`const u="${englishFile}"`))).toThrow(
      /English texts' file was not written/,
    );
    expect(() => plugin('serve').generateBundle.call(context, {}, chunk(`"${englishFile}"`))).not.toThrow();
  });

  it('is answered by `vite` (dev) at the address the page asks, as en-values.ts computes it then', async () => {
    let path = '';
    let handler: (req: unknown, res: unknown, next: (e?: unknown) => void) => void = () => undefined;
    const server = {
      middlewares: { use: (p: string, h: typeof handler) => ((path = p), (handler = h)) },
      ssrLoadModule: async (id: string) => ({ default: id === EN_VALUES_MODULE ? ['fresh'] : null }),
    };
    plugin('serve').configureServer(server as unknown as ViteDevServer);
    expect(path).toBe(englishFile);
    const sent = await new Promise<{ type: string; body: string }>((resolve, reject) => {
      let type = '';
      handler(
        {},
        { setHeader: (_: string, v: string) => (type = v), end: (body: string) => resolve({ type, body }) },
        reject,
      );
    });
    expect(sent).toEqual({ type: 'application/json; charset=utf-8', body: '["fresh"]' });
  });
});

/** en.ts's texts in the order of zh.ts's keys: what the English file holds. */
function valuesInOrder(): string[] {
  return Object.keys(zh).map((k) => en[k as keyof typeof en]);
}
