import type { LocalizedText } from '@hall-kiosk/shared';
import { EscPosBuilder } from '../devices/printer/escpos-encoder.ts';

/**
 * The other slips the kiosk prints. Each is bilingual, fits 58 and 80 mm paper (text wraps at the
 * printer), and carries no personal data. Golden tests decode each back to text
 * (device-daemon/test/slips.test.ts).
 */

export type SlipCommon = { hallName: LocalizedText; printedAtLocal: string; paperWidth: 58 | 80 };

function header(b: EscPosBuilder, c: SlipCommon, title: LocalizedText): EscPosBuilder {
  return b
    .init()
    .align('center')
    .bold(true)
    .line(c.hallName.zh)
    .bold(false)
    .line(c.hallName.en)
    .feed(1)
    .size(2, 2)
    .line(title.zh)
    .size(1)
    .line(title.en)
    .align('left')
    .feed(1);
}

function footer(b: EscPosBuilder, c: SlipCommon): Uint8Array {
  return b.feed(1).align('center').line(`打印时间 Printed: ${c.printedAtLocal}`).cut(true, 3).bytes();
}

/** A technician's test page: every text size, bold, alignment, GBK, QR and CODE128. */
export function testPage(
  c: SlipCommon & { device: string; connection: string; version: string },
): Uint8Array {
  const b = header(new EscPosBuilder(), c, { zh: '打印机测试页', en: 'Printer test page' });
  b.line(`设备 Device: ${c.device}`).line(`连接 Link: ${c.connection}`).line(`版本 Version: ${c.version}`);
  b.line(`纸宽 Paper: ${c.paperWidth} mm`).feed(1);
  b.align('left').line('左对齐 Left').align('center').line('居中 Centre').align('right').line('右对齐 Right');
  b.align('left').bold(true).line('粗体 Bold').bold(false);
  for (const n of [1, 2, 3]) b.size(n).line(`${n}× 字号`).size(1);
  b.line('汉字 GBK：政务服务中心 好差评 ￥12.50');
  b.line('ASCII: 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  b.align('center')
    .qr('HK-TEST-PAGE', c.paperWidth === 80 ? 6 : 4, 'M')
    .code128('HK-TEST-128');
  return footer(b, c);
}

/** Proof of an appointment check-in: what the ticket says, plus the booked slot. */
export type AppointmentSlip = SlipCommon & {
  ticketNumber: string;
  area: LocalizedText;
  matter: LocalizedText;
  /** e.g. 2026-11-26 09:30–10:00 */
  slotLocal: string;
  /** The booking's reference (not personal). */
  bookingReference: string;
};

export function appointmentSlip(s: AppointmentSlip): Uint8Array {
  const b = header(new EscPosBuilder(), s, { zh: '预约签到凭条', en: 'Appointment check-in' });
  b.align('center')
    .size(s.paperWidth === 80 ? 4 : 3)
    .bold(true)
    .line(s.ticketNumber)
    .bold(false)
    .size(1)
    .feed(1);
  b.align('left').line(`办事区域 Area: ${s.area.zh} ${s.area.en}`);
  b.line(`事项 Matter: ${s.matter.zh}`).line(`  ${s.matter.en}`);
  b.line(`预约时段 Slot: ${s.slotLocal}`).line(`预约号 Booking: ${s.bookingReference}`);
  b.feed(1).align('center').line('请留意叫号，预约号优先办理').line('Appointment holders are called first');
  return footer(b, s);
}

/** A matter's material checklist (一次告知): everything to bring, so nobody comes twice. */
export type ChecklistSlip = SlipCommon & {
  matter: { code: string; name: LocalizedText };
  materials: {
    name: LocalizedText;
    form: 'original' | 'copy' | 'originalAndCopy';
    count: number;
    note?: LocalizedText;
  }[];
  /** Where the online version is, if the configuration gives one. */
  onlineUrl?: string;
};

const FORMS = {
  original: '原件 original',
  copy: '复印件 copy',
  originalAndCopy: '原件及复印件 original + copy',
} as const;

export function checklistSlip(s: ChecklistSlip): Uint8Array {
  const b = header(new EscPosBuilder(), s, { zh: '办事材料清单', en: 'What to bring' });
  b.bold(true)
    .line(s.matter.name.zh)
    .bold(false)
    .line(s.matter.name.en)
    .line(`事项编码 Code: ${s.matter.code}`)
    .feed(1);
  s.materials.forEach((m, i) => {
    b.bold(true)
      .line(`${i + 1}. ${m.name.zh}`)
      .bold(false);
    b.line(`   ${m.name.en}`).line(`   ${FORMS[m.form]} × ${m.count}`);
    if (m.note) b.line(`   ${m.note.zh}`).line(`   ${m.note.en}`);
  });
  if (s.onlineUrl)
    b.feed(1)
      .align('center')
      .line('扫码查看网上办事指南')
      .line('Scan for the online guide')
      .qr(s.onlineUrl, 5, 'M');
  return footer(b, s);
}

/** A receipt for a 好差评 rating: the level, the service event, and the rating's reference. */
export type RatingSlip = SlipCommon & {
  level: 1 | 2 | 3 | 4 | 5;
  serviceEvent: LocalizedText;
  ratingReference: string;
};

const LEVELS: Record<RatingSlip['level'], string> = {
  5: '非常满意 Very satisfied',
  4: '满意 Satisfied',
  3: '基本满意 Fairly satisfied',
  2: '不满意 Dissatisfied',
  1: '非常不满意 Very dissatisfied',
};

export function ratingSlip(s: RatingSlip): Uint8Array {
  const b = header(new EscPosBuilder(), s, { zh: '好差评回执', en: 'Rating receipt' });
  b.line(`服务 Service: ${s.serviceEvent.zh}`).line(`  ${s.serviceEvent.en}`);
  b.bold(true)
    .line(`评价 Rating: ${'★'.repeat(s.level)}${'☆'.repeat(5 - s.level)}`)
    .line(LEVELS[s.level])
    .bold(false);
  b.line(`评价编号 Reference: ${s.ratingReference}`);
  b.feed(1).align('center').line('感谢您的评价').line('Thank you for your rating');
  return footer(b, s);
}
