import {
  clockOffsetParts,
  clockOffsetUnits,
  hhmm,
  localMoment,
  type HallLinkStatus,
  type Locale,
} from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** An offset in words: "10 分 02 秒" / "10 min 2 s", the largest unit first, seconds always. */
export function offsetText(t: StaffTranslate, locale: Locale, offsetMs: number): string {
  const units = clockOffsetUnits(offsetMs);
  return units
    .map(({ unit, n }) =>
      // Chinese writes the seconds after a larger unit with two digits (10 分 02 秒).
      t(`maintenance.offset.${unit}`, {
        n: unit === 'seconds' && locale === 'zh' && units.length > 1 ? String(n).padStart(2, '0') : n,
      }),
    )
    .join(' ');
}

/**
 * Hall mode: the link to the hall server (online, or suspect / offline since when, and the offline
 * tickets waiting to sync) and the kiosk's clock against the hall's, a warning from 30 s off. Words,
 * not colour alone, say what is wrong; sizes come from the design tokens, so 关怀模式 enlarges them.
 */
export function HallLinkPanel({
  t,
  locale,
  link,
}: {
  t: StaffTranslate;
  locale: Locale;
  link: HallLinkStatus;
}) {
  const time = link.since ? hhmm(localMoment(Date.parse(link.since), link.timeZone).minutes) : '—';
  const down = link.state !== 'online';
  const offset = link.clockOffsetMs;
  const way = offset === null ? null : clockOffsetParts(offset).way;
  const clockWords =
    offset === null
      ? t('maintenance.clock.unknown')
      : way === 'same'
        ? t('maintenance.clock.same')
        : t(way === 'slow' ? 'maintenance.clock.slow' : 'maintenance.clock.fast', {
            offset: offsetText(t, locale, offset),
          });
  const skewed = offset !== null && Math.abs(offset) >= link.clockWarnMs;
  return (
    <section class="hall-link" data-testid="hall-link" data-state={link.state}>
      <h2>{t('maintenance.hallLink')}</h2>
      <p class={down ? 'warning-box' : 'notice'} data-testid="hall-link-state">
        {down ? '⚠ ' : ''}
        {t(`maintenance.hallLink.${link.state}`, { time })}
      </p>
      <p class="notice" data-testid="hall-link-pending">
        {t('maintenance.hallLink.pending', { n: link.offlinePending })}
      </p>
      <p
        class={skewed ? 'warning-box' : 'notice'}
        data-testid="hall-clock"
        data-warning={skewed ? 'on' : 'off'}
        {...(skewed ? { role: 'alert' } : {})}
      >
        {skewed ? '⚠ ' : ''}
        {clockWords}
        {skewed ? `. ${t('maintenance.clock.warning', { s: Math.round(link.clockWarnMs / 1000) })}` : ''}
      </p>
    </section>
  );
}
