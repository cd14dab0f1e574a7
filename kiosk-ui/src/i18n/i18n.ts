import type { Locale } from '@hall-kiosk/shared';
import type { MessageKey } from './zh.ts';

// What every page's texts share. The catalogues themselves: both languages in catalogues.ts (staff
// and hall pages), the kiosk page's in kiosk-catalogues.ts (English brought in on its own).

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
export function fillPlaceholders(text: string, params?: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    params && name in params ? String(params[name]) : `{${name}}`,
  );
}

/**
 * One formatter per kind, language and time zone, made once: the date is on every screen, and making
 * an Intl.DateTimeFormat costs far more than using one (docs/performance.md).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'date', locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${locale} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale === 'zh' ? 'zh-CN' : 'en-GB',
      kind === 'time'
        ? { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' },
    );
    formatters.set(key, f);
  }
  return f;
}

/** `09:03` / `9:03 AM`-free 24-hour time in the hall's time zone, for the locale. */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return formatter('time', locale, timeZone).format(new Date(iso));
}

export function formatDate(ms: number, locale: Locale, timeZone: string): string {
  return formatter('date', locale, timeZone).format(new Date(ms));
}
