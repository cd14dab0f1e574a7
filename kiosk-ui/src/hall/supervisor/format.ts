import type { Locale, RatingCounts } from '@hall-kiosk/shared';
import { words } from '../common/text.ts';
import { SUPERVISOR_TEXT, type SupervisorKey } from './messages.ts';

export const supervisorWords = (locale: Locale) => words(SUPERVISOR_TEXT, locale);
export type SupervisorT = ReturnType<typeof supervisorWords>;

/** A duration for the live view: seconds under a minute, then whole minutes, then hours and minutes. */
export function duration(t: SupervisorT, seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return t('sec', { n: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('min', { n: minutes });
  return t('hourMin', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** Minutes to one decimal, as in the report's CSV. */
export const minutes = (seconds: number | null) => (seconds === null ? '—' : (seconds / 60).toFixed(1));

/** `14:05` of an ISO time, on this computer's clock (the hall's). */
export function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Ratings as `3 · 1 · 0 · 0 · 1` from 5★ down to 1★. */
export const levels = (r: RatingCounts) => [...r.levels].reverse().join(' · ');

/** The 差评 reasons, most frequent first: `等候时间太长 ×2，问题没有解决 ×1`. */
export function reasons(t: SupervisorT, r: RatingCounts): string {
  return Object.entries(r.badReasons)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, n]) => {
      const key = `reason.${k}` as SupervisorKey;
      return `${key in SUPERVISOR_TEXT ? t(key) : k} ×${n}`;
    })
    .join(', ');
}

/** Today's date in this computer's time zone (the hall's), for the report's default. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
