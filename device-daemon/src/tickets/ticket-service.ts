import type { Clock, LocalizedText, PrintOutcome, ServiceArea, Ticket } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import type { EscPosPrinterDriver } from '../devices/printer/printer-driver.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import { localDateTime } from '../queue/business-date.ts';
import type { PrintJournal } from './print-journal.ts';
import { ticketSlip } from './ticket-layout.ts';
import { CommandError } from '../api/command-error.ts';

export type TicketServiceDeps = {
  areas: ServiceArea[];
  hallName: LocalizedText;
  timeZone: string;
  store: QueueStore;
  journal: PrintJournal;
  /** The ticket printer, if one is configured. */
  printer: () => EscPosPrinterDriver | undefined;
  paperWidth: 58 | 80;
  clock: Clock;
  log: Logger;
};

/**
 * Issues a queue number and prints its ticket. The number is durable before anything is printed;
 * if printing fails the citizen still has the number (the screen shows it) and the journal says so.
 */
export class TicketService {
  constructor(private readonly d: TicketServiceDeps) {}

  async issue(areaId: string): Promise<{ ticket: Ticket; print: PrintOutcome }> {
    const area = this.d.areas.find((a) => a.id === areaId);
    if (!area) throw new CommandError('invalidData', `payload.areaId: no service area "${areaId}"`);
    const now = this.d.clock.now();
    const { ticket, printJobId } = this.d.store.issue(area, now, 'ticketPrinter');
    this.d.log.info({ ticket: ticket.number, area: area.id, printJobId }, 'ticket issued');

    const printer = this.d.printer();
    if (!printer) {
      this.d.journal.mark(printJobId, 'failed', 'noDevice');
      return { ticket, print: { printed: false, reason: 'noDevice' } };
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
      return { ticket, print: { printed: true } };
    }
    this.d.journal.mark(printJobId, 'failed', `${result.reason}: ${result.detail}`);
    this.d.log.warn(
      { ticket: ticket.number, reason: result.reason },
      'ticket not printed; number shown on screen',
    );
    return { ticket, print: { printed: false, reason: result.reason } };
  }
}
