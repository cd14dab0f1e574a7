import type { Translate } from '../i18n/i18n.ts';
import { Icon } from '../components/Icon.tsx';
import { CheckInIcon, GuideIcon, TicketIcon } from '../components/icons.ts';

/**
 * What a person can do here. 取号 — what most people came for — is the largest tile; every other
 * service is a large tile too, each with its icon, a name and a line of explanation. Together they
 * fill the screen (html[data-format] arranges them for the glass).
 */
export function HomeScreen({
  t,
  onTakeTicket,
  onCheckIn,
  onGuide,
  printerNotice,
  ticketsPaused,
}: {
  onGuide: () => void;
  t: Translate;
  onTakeTicket: () => void;
  /** Absent when no booking source is configured. */
  onCheckIn?: (() => void) | undefined;
  /** The ticket printer cannot print: what a citizen may still do, and a line for technicians. */
  printerNotice: { message: string; technical: string } | null;
  /** Taking tickets is paused (the hall's choice while the printer cannot print). */
  ticketsPaused: boolean;
}) {
  return (
    <div class={`home${onCheckIn ? '' : ' two'}${printerNotice ? ' with-notice' : ''}`}>
      {printerNotice && (
        <div class="notice-box home-notice" role="status" data-testid="printer-notice">
          <p>{printerNotice.message}</p>
          <p class="notice-technical" data-testid="printer-notice-technical">
            {printerNotice.technical}
          </p>
        </div>
      )}
      <button
        type="button"
        class={`tile main${ticketsPaused ? ' paused' : ''}`}
        data-testid="home-take-ticket"
        disabled={ticketsPaused}
        onClick={onTakeTicket}
      >
        <Icon node={TicketIcon} class="tile-icon" />
        <span class="tile-label">{ticketsPaused ? t('home.takeTicketPaused') : t('home.takeTicket')}</span>
        <span class="tile-hint">{t('home.takeTicketHint')}</span>
      </button>
      <button type="button" class="tile" data-testid="home-guide" onClick={onGuide}>
        <Icon node={GuideIcon} class="tile-icon" />
        <span class="tile-label">{t('home.guide')}</span>
        <span class="tile-hint">{t('home.guideHint')}</span>
      </button>
      {onCheckIn && (
        <button type="button" class="tile" data-testid="home-check-in" onClick={onCheckIn}>
          <Icon node={CheckInIcon} class="tile-icon" />
          <span class="tile-label">{t('home.checkIn')}</span>
          <span class="tile-hint">{t('home.checkInHint')}</span>
        </button>
      )}
    </div>
  );
}
