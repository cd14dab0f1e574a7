import type { Translate } from '../i18n/i18n.ts';

/** The list of things a person can do here. Each is one large button with a line of explanation. */
export function HomeScreen({
  t,
  onTakeTicket,
  onCheckIn,
  onGuide,
  printerDown,
}: {
  onGuide: () => void;
  t: Translate;
  onTakeTicket: () => void;
  /** Absent when no booking source is configured. */
  onCheckIn?: (() => void) | undefined;
  printerDown: boolean;
}) {
  return (
    <div class="choices">
      {printerDown && (
        <p class="notice-box choices-wide" role="status" data-testid="printer-notice">
          {t('notice.ticketPrinterDown')}
        </p>
      )}
      <button type="button" class="choice" data-testid="home-take-ticket" onClick={onTakeTicket}>
        <span class="choice-label">{t('home.takeTicket')}</span>
        <span class="choice-hint">{t('home.takeTicketHint')}</span>
      </button>
      <button type="button" class="choice" data-testid="home-guide" onClick={onGuide}>
        <span class="choice-label">{t('home.guide')}</span>
        <span class="choice-hint">{t('home.guideHint')}</span>
      </button>
      {onCheckIn && (
        <button type="button" class="choice" data-testid="home-check-in" onClick={onCheckIn}>
          <span class="choice-label">{t('home.checkIn')}</span>
          <span class="choice-hint">{t('home.checkInHint')}</span>
        </button>
      )}
    </div>
  );
}
