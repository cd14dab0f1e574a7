import type { RatingSummary } from '@hall-kiosk/shared';
import type { Translate } from '../../i18n/i18n.ts';

/** The 好差评 outbox: waiting, rejected, delivered. */
export function OutboxLine({ t, outbox }: { t: Translate; outbox: RatingSummary['outbox'] }) {
  const { pending, rejected, delivered } = outbox;
  return <p data-testid="outbox">{t('maintenance.outbox', { pending, rejected, delivered })}</p>;
}
