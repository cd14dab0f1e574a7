import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import values from '../src/i18n/en-values.ts';

/** The module folded; exported for the tests. */
export const EN_VALUES_MODULE = join(dirname(fileURLToPath(import.meta.url)), '../src/i18n/en-values.ts');

/**
 * Folds kiosk-ui/src/i18n/en-values.ts to the list it computes, at build time: the page's English
 * file is then the texts alone (2.65 KB gzipped instead of 3.67 with en.ts's keys).
 */
export function englishValues(): Plugin {
  return {
    name: 'kiosk-english-values',
    // Built pages only: `vite` (dev) runs en-values.ts as it is, so edits to the texts show at once.
    apply: 'build',
    enforce: 'pre',
    transform(_code, id) {
      if (id.split('?')[0] !== EN_VALUES_MODULE) return undefined;
      return { code: `export default ${JSON.stringify(values)};`, map: null };
    },
  };
}
