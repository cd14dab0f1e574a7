import { ticketReference, type LocalizedText, type ServiceArea, type Ticket } from '@hall-kiosk/shared';
import { EscPosBuilder } from '../devices/printer/escpos-encoder.ts';

export type TicketSlip = {
  hallName: LocalizedText;
  area: ServiceArea;
  ticket: Ticket;
  /** Issue time in the hall's time zone, `YYYY-MM-DD HH:mm`. */
  issuedAtLocal: string;
  paperWidth: 58 | 80;
  /** Printed on priority tickets, so nobody is surprised by the order (docs/queue.md). */
  callOrder?: LocalizedText;
};

/** The estimated wait as printed: a figure, or a plain "not yet known". */
export function waitLines(minutes: number | null): [string, string] {
  if (minutes === null) return ['预计等候：暂无足够数据', 'Expected wait: not known yet'];
  if (minutes === 0) return ['预计等候：即将叫号', 'Expected wait: you are next'];
  return [`预计等候约 ${minutes} 分钟`, `Expected wait: about ${minutes} min`];
}

/** What the QR code on a ticket says (shared with the screen). */
export const ticketQrData = (ticket: Ticket): string => ticketReference(ticket);

/**
 * The queue ticket, bilingual: hall, area, the number very large, people ahead, time, QR code, and
 * what to do next. Decoded back to text in device-daemon/test/escpos.test.ts.
 */
export function ticketSlip(s: TicketSlip): Uint8Array {
  const big = s.paperWidth === 80 ? 4 : 3;
  const b = new EscPosBuilder();
  b.init()
    .align('center')
    .bold(true)
    .line(s.hallName.zh)
    .bold(false)
    .line(s.hallName.en)
    .feed(1)
    .size(2)
    .line(s.area.name.zh)
    .size(1)
    .line(s.area.name.en)
    .feed(1)
    .size(big)
    .bold(true)
    .line(s.ticket.number)
    .bold(false)
    .size(1);
  if (s.ticket.appointment) b.bold(true).line('预约 Appointment').bold(false);
  if (s.ticket.priority) b.bold(true).line('绿色通道 Priority').bold(false);
  // Issued while the kiosk could not reach the hall server: its place follows its issue time.
  if (s.ticket.offline)
    b.bold(true)
      .line('离线取号：本机暂时无法连接大厅系统')
      .line('Issued offline: this kiosk could not reach the hall system')
      .bold(false)
      .line('按取号时间排队，请留意叫号')
      .line('You keep your place by the time shown');
  const [waitZh, waitEn] = waitLines(s.ticket.estimatedWaitMinutes);
  b.feed(1)
    .line(`您前面还有 ${s.ticket.peopleAhead} 人`)
    .line(`${s.ticket.peopleAhead} ${s.ticket.peopleAhead === 1 ? 'person' : 'people'} ahead of you`)
    .line(waitZh)
    .line(waitEn)
    .line(`取号时间 Time: ${s.issuedAtLocal}`);
  if (s.callOrder) b.line(s.callOrder.zh).line(s.callOrder.en);
  b.qr(ticketQrData(s.ticket), s.paperWidth === 80 ? 6 : 4, 'M')
    .line('请留意叫号，过号需重新取号')
    .line('Please wait until your number is called')
    .cut(true, 3);
  return b.bytes();
}
