import type { RatingSummary } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** The 好差评 outbox: waiting, rejected, delivered. */
export function OutboxLine({ t, outbox }: { t: StaffTranslate; outbox: RatingSummary['outbox'] }) {
  const { pending, rejected, delivered } = outbox;
  return <p data-testid="outbox">{t('maintenance.outbox', { pending, rejected, delivered })}</p>;
}
