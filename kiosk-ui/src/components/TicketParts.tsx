import { ticketReference } from '@hall-kiosk/shared/browser';
import type { Ticket } from '@hall-kiosk/shared';
import type { Translate } from '../i18n/i18n.ts';

/** The QR code of a ticket that was not printed (or was retracted): staff can find the number by it. */
export function TicketQr({ ticket, t }: { ticket: Ticket; t: Translate }) {
  return (
    <img
      class="ticket-qr"
      src={`/api/qr?data=${encodeURIComponent(ticketReference(ticket))}`}
      width={180}
      height={180}
      alt={t('ticket.qrAlt', { number: ticket.number })}
      data-testid="ticket-qr"
    />
  );
}

/** "Done": the large button that ends a flow's last screen. */
export function FinishButton({ t, onFinish }: { t: Translate; onFinish: () => void }) {
  return (
    <button type="button" class="button primary finish" data-testid="finish" onClick={onFinish}>
      {t('ticket.finish')}
    </button>
  );
}
