import type { Locale } from '@hall-kiosk/shared';
import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';
import { fillPlaceholders, type Translate } from './i18n.ts';

/** Both languages' texts of the kiosk's screens, for the pages that carry both (staff, hall). */
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { zh, en };

/**
 * Looks a message of the kiosk's screens up and fills `{name}` placeholders (the staff pages use
 * staffTranslator, whose catalogue the kiosk page does not carry; the kiosk page itself uses
 * KioskCatalogues, which brings English in on its own).
 */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => fillPlaceholders(catalogue[key], params);
}
