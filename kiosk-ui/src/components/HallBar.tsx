import type { ComponentChildren } from 'preact';
import type { CompletionPayload, Locale } from '@hall-kiosk/shared';
import type { LocalMoment } from '@hall-kiosk/shared/browser';
import { formatDate, type Translate } from '../i18n/i18n.ts';
import { hallHoursToday } from '../i18n/hours.ts';

type Props = {
  t: Translate;
  locale: Locale;
  info: CompletionPayload<'Kiosk.Info'> | null;
  /** The hall's local moment (null until the daemon has said the hall's time zone). */
  here: LocalMoment | null;
  /** The help button and the switches (language, 关怀模式, voice, volume). */
  children: ComponentChildren;
};

/** The top of every screen in a session: the hall, today's date and hours; help and switches. */
export function HallBar({ t, locale, info, here, children }: Props) {
  const today = info?.hours && here ? hallHoursToday(info.hours, here) : null;
  const hours = today
    ? t('hall.hoursToday', { hours: today.ranges.join(locale === 'zh' ? '，' : ', ') || '—' })
    : t('hall.open24h');
  return (
    <header class="shell-bar">
      <div class="hall-id" data-testid="hall-bar">
        <span class="hall-name">{info ? info.hallName[locale] : t('app.title')}</span>
        {info && here && (
          <span class="hall-when">
            <span>{formatDate(here, locale)}</span>
            <span>{hours}</span>
          </span>
        )}
      </div>
      <div class="bar-actions">{children}</div>
    </header>
  );
}
