import type { Clock, LocalizedText, PrintOutcome, ServiceArea, Ticket } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { EscPosPrinterDriver } from '../devices/printer/printer-driver.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import { localDateTime } from '../queue/business-date.ts';
import type { PrintJournal } from './print-journal.ts';
import { ticketSlip } from '../printing/ticket-slip.ts';
import { CommandError } from '../api/command-error.ts';
import type { CardIdentity } from '../devices/id-card/id-text.ts';
import { ageOn } from '../identity/mask.ts';
import { businessDate } from '../queue/business-date.ts';

export type TicketServiceDeps = {
  areas: ServiceArea[];
  hallName: LocalizedText;
  timeZone: string;
  store: QueueStore;
  journal: PrintJournal;
  /** The ticket printer, if one is configured. */
  printer: () => EscPosPrinterDriver | undefined;
  paperWidth: 58 | 80;
  /** 绿色通道: age at or above which a ticket issued with the identity is a priority ticket. */
  priorityAge: number;
  /** The identity read in this session, if any (never leaves the daemon). */
  identity: () => CardIdentity | null;
  clock: Clock;
  log: Logger;
  /** Told when a presented ticket is taken or retracted. */
  onPresenter?: (ticketId: number, outcome: 'taken' | 'retracted') => void;
};

/**
 * Issues a queue number and prints its ticket. The number is durable before anything is printed;
 * if printing fails the citizen still has the number (the screen shows it) and the journal says so.
 */
export class TicketService {
  constructor(private readonly d: TicketServiceDeps) {}

  async issue(
    areaId: string,
    useIdentity = false,
  ): Promise<{ ticket: Ticket; print: PrintOutcome; presented: boolean }> {
    const area = this.d.areas.find((a) => a.id === areaId);
    if (!area) throw new CommandError('invalidData', `payload.areaId: no service area "${areaId}"`);
    const now = this.d.clock.now();
    let priority = false;
    if (useIdentity) {
      const identity = this.d.identity();
      if (!identity)
        throw new CommandError('sequenceError', 'payload.useIdentity: no card has been read in this session');
      const age = identity.birthDate ? ageOn(identity.birthDate, businessDate(now, this.d.timeZone)) : null;
      priority = age !== null && age >= this.d.priorityAge;
    }
    const { ticket, printJobId } = this.d.store.issue(area, now, 'ticketPrinter', { priority });
    this.d.log.info({ ticket: ticket.number, area: area.id, priority, printJobId }, 'ticket issued');

    const printer = this.d.printer();
    if (!printer) {
      this.d.journal.mark(printJobId, 'failed', 'noDevice');
      return { ticket, print: { printed: false, reason: 'noDevice' }, presented: false };
    }
    const bytes = ticketSlip({
      hallName: this.d.hallName,
      area,
      ticket,
      issuedAtLocal: localDateTime(now, this.d.timeZone),
      paperWidth: this.d.paperWidth,
    });
    this.d.journal.mark(printJobId, 'sent');
    const result = await printer.print(bytes);
    if (result.ok) {
      this.d.journal.mark(printJobId, 'printed');
      if (printer.hasPresenter) {
        void printer.watchPresenter().then((outcome) => {
          if (outcome === 'notTracked') return;
          this.d.journal.markPresenter(printJobId, outcome);
          this.d.onPresenter?.(ticket.id, outcome);
        });
      }
      return { ticket, print: { printed: true }, presented: printer.hasPresenter };
    }
    this.d.journal.mark(printJobId, 'failed', `${result.reason}: ${result.detail}`);
    this.d.log.warn(
      { ticket: ticket.number, reason: result.reason },
      'ticket not printed; number shown on screen',
    );
    return { ticket, print: { printed: false, reason: result.reason }, presented: false };
  }
}
