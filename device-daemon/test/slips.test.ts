import { describe, expect, it } from 'vitest';
import { EscPosDecoder, ReceiptAssembler, receiptText, type Receipt } from '@hall-kiosk/hardware-mocks';
import {
  appointmentSlip,
  checklistSlip,
  ratingSlip,
  testPage,
  type SlipCommon,
} from '../src/printing/slips.ts';

function decode(bytes: Uint8Array): Receipt {
  const d = new EscPosDecoder();
  const a = new ReceiptAssembler();
  let done: Receipt | undefined;
  for (const op of [...d.push(bytes), ...d.flush()]) done = a.apply(op, new Date(0)).finished ?? done;
  expect(done, 'the slip ends with a cut').toBeDefined();
  return done!;
}

const common: SlipCommon = {
  hallName: { zh: '示范中心', en: 'Demo Centre' },
  printedAtLocal: '2026-11-26 09:03',
  paperWidth: 80,
};
const head = ['示范中心', 'Demo Centre', ''];
const foot = ['', '打印时间 Printed: 2026-11-26 09:03'];

describe('slips decoded back to text', () => {
  it('technician test page', () => {
    const r = decode(
      testPage({
        ...common,
        device: 'ticketPrinter',
        connection: 'serial /dev/ttyUSB0 @115200',
        version: '0.1.0',
      }),
    );
    expect(receiptText(r)).toEqual([
      ...head,
      '打印机测试页',
      'Printer test page',
      '',
      '设备 Device: ticketPrinter',
      '连接 Link: serial /dev/ttyUSB0 @115200',
      '版本 Version: 0.1.0',
      '纸宽 Paper: 80 mm',
      '',
      '左对齐 Left',
      '居中 Centre',
      '右对齐 Right',
      '粗体 Bold',
      '1× 字号',
      '2× 字号',
      '3× 字号',
      '汉字 GBK：政务服务中心 好差评 ￥12.50',
      'ASCII: 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      '[QR HK-TEST-PAGE]',
      '[BARCODE {BHK-TEST-128]',
      ...foot,
    ]);
    expect(
      r.blocks
        .filter((b) => b.kind === 'line')
        .map((b) => (b as { align: string }).align)
        .slice(11, 14),
    ).toEqual(['left', 'center', 'right']);
  });

  it('appointment check-in slip', () => {
    const r = decode(
      appointmentSlip({
        ...common,
        ticketNumber: 'B012',
        area: { zh: '不动产登记服务', en: 'Real Estate Registration' },
        matter: { zh: '不动产转移登记', en: 'Transfer registration' },
        slotLocal: '2026-11-26 09:30–10:00',
        bookingReference: 'YY20261126-0042',
      }),
    );
    expect(receiptText(r)).toEqual([
      ...head,
      '预约签到凭条',
      'Appointment check-in',
      '',
      'B012',
      '',
      '办事区域 Area: 不动产登记服务 Real Estate Registration',
      '事项 Matter: 不动产转移登记',
      '  Transfer registration',
      '预约时段 Slot: 2026-11-26 09:30–10:00',
      '预约号 Booking: YY20261126-0042',
      '',
      '请留意叫号，预约号优先办理',
      'Appointment holders are called first',
      ...foot,
    ]);
  });

  it('material checklist with an online QR code', () => {
    const r = decode(
      checklistSlip({
        ...common,
        matter: {
          code: '3601020001',
          name: { zh: '个人所得税汇算', en: 'Individual income tax settlement' },
        },
        materials: [
          { name: { zh: '居民身份证', en: 'Resident ID card' }, form: 'original', count: 1 },
          {
            name: { zh: '收入证明', en: 'Proof of income' },
            form: 'originalAndCopy',
            count: 2,
            note: { zh: '需加盖单位公章', en: 'Stamped by the employer' },
          },
        ],
        onlineUrl: 'https://zwfw.example.gov.cn/guide/3601020001',
      }),
    );
    expect(receiptText(r)).toEqual([
      ...head,
      '办事材料清单',
      'What to bring',
      '',
      '个人所得税汇算',
      'Individual income tax settlement',
      '事项编码 Code: 3601020001',
      '',
      '1. 居民身份证',
      '   Resident ID card',
      '   原件 original × 1',
      '2. 收入证明',
      '   Proof of income',
      '   原件及复印件 original + copy × 2',
      '   需加盖单位公章',
      '   Stamped by the employer',
      '',
      '扫码查看网上办事指南',
      'Scan for the online guide',
      '[QR https://zwfw.example.gov.cn/guide/3601020001]',
      ...foot,
    ]);
  });

  it('好差评 receipt', () => {
    const r = decode(
      ratingSlip({
        ...common,
        level: 4,
        serviceEvent: { zh: '取号 A001', en: 'Ticket A001' },
        ratingReference: 'PJ-000123',
      }),
    );
    expect(receiptText(r)).toEqual([
      ...head,
      '好差评回执',
      'Rating receipt',
      '',
      '服务 Service: 取号 A001',
      '  Ticket A001',
      '评价 Rating: ★★★★☆',
      '满意 Satisfied',
      '评价编号 Reference: PJ-000123',
      '',
      '感谢您的评价',
      'Thank you for your rating',
      ...foot,
    ]);
  });

  it('every slip has 58 mm and 80 mm variants that both end in a cut', () => {
    for (const paperWidth of [58, 80] as const) {
      expect(
        decode(testPage({ ...common, paperWidth, device: 'd', connection: 'c', version: 'v' })).cut,
      ).toBe('partial');
    }
  });
});
