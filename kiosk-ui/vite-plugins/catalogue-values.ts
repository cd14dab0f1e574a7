import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
// Read once, when the configuration loads: a build run with `--watch` keeps the texts it started with.
import values from '../src/i18n/en-values.ts';
import DEV_ADDRESS from '../src/i18n/en-values-url.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The module that computes the list (exported for the tests). */
export const EN_VALUES_MODULE = join(here, '../src/i18n/en-values.ts');
/** The module that says where the list is; the build replaces it (exported for the tests). */
export const EN_VALUES_URL_MODULE = join(here, '../src/i18n/en-values-url.ts');

/**
 * The kiosk page's English texts as a file of data: the list en-values.ts computes, written at build
 * time as assets/en-values-<hash>.json, whose address replaces en-values-url.ts. The page fetches
 * it once the attract screen is up. Data rather than a script chunk: the texts alone (no keys, no
 * module wrapper), and no dynamic `import()`, which made the bundler add its module-preload helper
 * (0.6 KB gzipped) to the page (docs/performance.md).
 */
export function englishValues(): Plugin {
  let building = false;
  return {
    name: 'kiosk-english-values',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    // `vite` (dev): the list as en-values.ts computes it now, so edits to the texts show at once.
    configureServer(server) {
      server.middlewares.use(DEV_ADDRESS, (_req, res, next) => {
        server
          .ssrLoadModule(EN_VALUES_MODULE)
          .then((m) => {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.end(JSON.stringify(m.default));
          })
          .catch(next);
      });
    },
    transform(_code, id) {
      if (!building || id.split('?')[0] !== EN_VALUES_URL_MODULE) return undefined;
      const file = this.emitFile({ type: 'asset', name: 'en-values.json', source: JSON.stringify(values) });
      return { code: `export default import.meta.ROLLUP_FILE_URL_${file};`, map: null };
    },
    // A build whose page still names the dev server's address (the module above was not recognised,
    // say under another path) would ship a page whose English button does nothing: it fails instead.
    generateBundle(_options, bundle) {
      if (!building) return;
      for (const out of Object.values(bundle))
        if (out.type === 'chunk' && out.code.includes(DEV_ADDRESS))
          this.error(`${out.fileName} names ${DEV_ADDRESS}: the English texts' file was not written`);
    },
  };
}
