import type { Locale } from '@hall-kiosk/shared';

/**
 * The hall pages keep their words next to them (`messages.ts` in each page's folder) as
 * `{ key: { zh, en } }`, so the kiosk's catalogues stay the kiosk's. `words(table, locale)` gives a
 * lookup that fills `{name}` placeholders.
 */
export type Words<K extends string> = Record<K, { zh: string; en: string }>;

export function words<K extends string>(table: Words<K>, locale: Locale) {
  return (key: K, params?: Record<string, string | number>): string =>
    table[key][locale].replace(/\{(\w+)\}/g, (_, name: string) =>
      params && name in params ? String(params[name]) : `{${name}}`,
    );
}
