import type { ComponentChildren } from 'preact';
import type { CompletionPayload, Locale } from '@hall-kiosk/shared';
import type { LocalMoment } from '@hall-kiosk/shared/browser';
import { formatDate, type Translate } from '../i18n/i18n.ts';
import { hallHoursToday } from '../i18n/hours.ts';
import { useRef } from 'preact/hooks';

/** The hidden way into maintenance mode: five taps on the hall's name within three seconds. */
export const MAINTENANCE_TAPS = 5;
const MAINTENANCE_WINDOW_MS = 3000;

type Props = {
  t: Translate;
  locale: Locale;
  info: CompletionPayload<'Kiosk.Info'> | null;
  /** The hall's local moment (null until the daemon has said the hall's time zone). */
  here: LocalMoment | null;
  onStart: () => void;
  switches: ComponentChildren;
  /** The ticket printer cannot print: what a citizen may still do, and a line for technicians. */
  printerNotice: { message: string; technical: string } | null;
};

/** Shown between citizens: the hall, the date, what is open, and one large start button. */
export function AttractScreen({ t, locale, info, here, onStart, switches, printerNotice }: Props) {
  const today = info?.hours && here ? hallHoursToday(info.hours, here) : null;
  const taps = useRef<number[]>([]);
  const onHallTap = () => {
    const t0 = performance.now();
    taps.current = [...taps.current.filter((t) => t0 - t < MAINTENANCE_WINDOW_MS), t0];
    if (taps.current.length >= MAINTENANCE_TAPS) window.location.assign('/maintenance');
  };
  return (
    <div class="attract">
      <div class="attract-top">{switches}</div>
      <main class="attract-main">
        {/* Not a control for citizens: a technician's hidden gesture (no role, no focus). */}
        <h1 class="attract-hall" data-testid="hall-name" onPointerUp={onHallTap}>
          {info ? info.hallName[locale] : t('app.title')}
        </h1>
        {info && here && <p class="attract-date">{formatDate(here, locale)}</p>}
        {today && (
          <p class="attract-hours">
            {t('attract.hours', { hours: today.ranges.join(locale === 'zh' ? '，' : ', ') || '—' })}
            {' · '}
            {today.openNow ? t('attract.hallOpen') : t('attract.hallClosed')}
          </p>
        )}
        <p class="attract-open">{t('attract.open24h')}</p>
        {info ? (
          <button type="button" class="button primary huge" data-testid="start" onClick={onStart}>
            {t('attract.touchToStart')}
          </button>
        ) : (
          <p class="notice" role="status">
            {t('attract.connecting')}
          </p>
        )}
        <p class="attract-hint">{t('attract.hint')}</p>
        {printerNotice && (
          <div class="notice-box" role="status" data-testid="printer-notice">
            <p>{printerNotice.message}</p>
            <p class="notice-technical" data-testid="printer-notice-technical">
              {printerNotice.technical}
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
