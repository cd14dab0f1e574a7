import type { Locale } from '@hall-kiosk/shared';
import { hhmm, momentAt, type LocalMoment } from '@hall-kiosk/shared/browser';
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

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const WEEKDAY_NAMES = {
  mon: ['星期一', 'Monday'],
  tue: ['星期二', 'Tuesday'],
  wed: ['星期三', 'Wednesday'],
  thu: ['星期四', 'Thursday'],
  fri: ['星期五', 'Friday'],
  sat: ['星期六', 'Saturday'],
  sun: ['星期日', 'Sunday'],
} as const;

// Dates and times are written here from the hall's local moment, not by Intl.DateTimeFormat: a page's
// first Intl object loads the browser's date and number data, about 12 ms of CPU on the way to the
// attract screen (docs/performance.md). The words and forms are Intl's zh-CN and en-GB ones; the
// tests hold the two together.

/** `09:03`: the 24-hour time of a moment in the hall, whose zone is `offsetMinutes` ahead of UTC. */
export function formatTime(iso: string, offsetMinutes: number): string {
  return hhmm(momentAt(Date.parse(iso), offsetMinutes).minutes);
}

/** `2026年11月30日星期一` / `Monday, 30 November 2026`. */
export function formatDate(here: LocalMoment, locale: Locale): string {
  const [y, m, d] = here.date.split('-').map(Number) as [number, number, number];
  const [zhDay, enDay] = WEEKDAY_NAMES[here.weekday];
  return locale === 'zh' ? `${y}年${m}月${d}日${zhDay}` : `${enDay}, ${d} ${MONTHS[m - 1]} ${y}`;
}
