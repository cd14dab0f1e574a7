import type { Locale } from '@hall-kiosk/shared';
import { fillPlaceholders } from './i18n.ts';
import { CATALOGUES } from './catalogues.ts';
import type { MessageKey } from './zh.ts';
import { zhStaff, type StaffOnlyMessageKey } from './zh-staff.ts';
import { enStaff } from './en-staff.ts';

/** Every text the staff pages show: the kiosk's catalogue and their own. */
export type StaffMessageKey = MessageKey | StaffOnlyMessageKey;
export type StaffTranslate = (key: StaffMessageKey, params?: Record<string, string | number>) => string;

const STAFF_CATALOGUES: Record<Locale, Record<StaffOnlyMessageKey, string>> = { zh: zhStaff, en: enStaff };

/** Looks a message up in the staff pages' catalogue, then the kiosk's, and fills `{name}` placeholders. */
export function staffTranslator(locale: Locale): StaffTranslate {
  const catalogue: Record<StaffMessageKey, string> = { ...CATALOGUES[locale], ...STAFF_CATALOGUES[locale] };
  return (key, params) => fillPlaceholders(catalogue[key], params);
}
