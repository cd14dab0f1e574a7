import type { Locale } from '@hall-kiosk/shared';
import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';

export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { zh, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
export function fillPlaceholders(text: string, params?: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    params && name in params ? String(params[name]) : `{${name}}`,
  );
}

/**
 * Looks a message of the kiosk's screens up and fills `{name}` placeholders (the staff pages use
 * staffTranslator, whose catalogue the kiosk page does not carry).
 */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => fillPlaceholders(catalogue[key], params);
}

/** `09:03` / `9:03 AM`-free 24-hour time in the hall's time zone, for the locale. */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function formatDate(ms: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(ms));
}
