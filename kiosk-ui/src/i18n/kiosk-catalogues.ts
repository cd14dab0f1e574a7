import type { Locale } from '@hall-kiosk/shared';
import { fillPlaceholders, type Translate } from './i18n.ts';
import { zh, type MessageKey } from './zh.ts';
import englishFile from './en-values-url.ts';

type Catalogue = Record<MessageKey, string>;

/** Brings a language's catalogue in: the English one is a file of its own, fetched from the daemon. */
export type CatalogueImport = (locale: Locale) => Promise<Catalogue>;

/**
 * A catalogue from its texts in the order of zh.ts's keys: how the English file comes, without its
 * keys (en-values.ts). Anything but a list of as many texts as there are keys (a file of another
 * build, a broken one) is refused rather than shown with texts under the wrong keys.
 */
export function catalogueOfValues(values: unknown): Catalogue {
  const keys = Object.keys(zh) as MessageKey[];
  if (
    !Array.isArray(values) ||
    values.length !== keys.length ||
    values.some((v) => typeof v !== 'string' || v === '')
  )
    throw new Error(`not this page's texts`);
  return Object.fromEntries(keys.map((key, i) => [key, values[i] as string])) as Catalogue;
}

/** How long the English texts may take to come; after that the load fails and the next tap asks again. */
const ENGLISH_TIMEOUT_MS = 10_000;

/** The English texts from their file (en-values-url.ts); a failed request or a broken file rejects. */
export async function fetchEnglish(fetchFile: typeof fetch = fetch): Promise<Catalogue> {
  const res = await fetchFile(englishFile, { signal: AbortSignal.timeout(ENGLISH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`the English texts: HTTP ${res.status}`);
  return catalogueOfValues(await res.json());
}

const importCatalogue: CatalogueImport = (locale) => (locale === 'zh' ? Promise.resolve(zh) : fetchEnglish());

/**
 * The kiosk page's catalogues. Chinese, the language every session starts in, is part of the page; the
 * English one is loaded on its own (`load`) — once the attract screen is up, and again when a tap asks
 * for it and it is not there yet — so the page's start does not carry it. A failed load (the daemon
 * restarting at that moment) leaves nothing behind: the next `load` tries again.
 */
export class KioskCatalogues {
  private readonly loaded: Partial<Record<Locale, Catalogue>> = { zh };
  private pending: Partial<Record<Locale, Promise<void>>> = {};

  constructor(private readonly bring: CatalogueImport = importCatalogue) {}

  has(locale: Locale): boolean {
    return this.loaded[locale] !== undefined;
  }

  /** Resolves once the locale's catalogue is here; rejects if it could not be brought in (try again later). */
  load(locale: Locale): Promise<void> {
    if (this.loaded[locale]) return Promise.resolve();
    this.pending[locale] ??= this.bring(locale).then(
      (catalogue) => {
        this.loaded[locale] = catalogue;
      },
      (e: unknown) => {
        delete this.pending[locale];
        throw e;
      },
    );
    return this.pending[locale];
  }

  /**
   * Looks a message up and fills `{name}` placeholders. A locale whose catalogue is not loaded yet
   * reads Chinese: the page asks for a language only once `load` has resolved, so this is a fallback
   * that is never meant to show.
   */
  translator(locale: Locale): Translate {
    const catalogue = this.loaded[locale] ?? zh;
    return (key, params) => fillPlaceholders(catalogue[key], params);
  }
}
