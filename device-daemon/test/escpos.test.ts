import { describe, expect, it } from 'vitest';
import { EscPosDecoder, ReceiptAssembler, receiptText, type EscPosOp } from '@hall-kiosk/hardware-mocks';
import { ESCPOS_COMMANDS, hex } from '@hall-kiosk/hardware-mocks/fixtures';
import { EscPosBuilder, SUBSTITUTE, encodeGbk } from '../src/devices/printer/escpos-encoder.ts';
import { ticketSlip } from '../src/printing/ticket-slip.ts';
import { DEFAULT_AREAS } from '../src/config/areas.ts';

describe('ESC/POS encoder golden bytes', () => {
  it('initialises and enters Chinese mode', () => {
    expect(hex(new EscPosBuilder().init().bytes())).toBe(hex(ESCPOS_COMMANDS.init));
    expect(hex(ESCPOS_COMMANDS.init)).toBe('1b 40 1c 26');
  });

  it('encodes a QR code as model 2, size, error level, store, print (GS ( k)', () => {
    expect(hex(new EscPosBuilder().qr('ABC', 6, 'M').bytes())).toBe(hex(ESCPOS_COMMANDS.qrAbc));
  });

  it('encodes size, bold, alignment, feed and cuts', () => {
    expect(hex(new EscPosBuilder().size(4).size(2, 1).size(1).bytes())).toBe(hex(ESCPOS_COMMANDS.sizes));
    expect(hex(new EscPosBuilder().bold(true).bold(false).bytes())).toBe(hex(ESCPOS_COMMANDS.boldOnOff));
    expect(hex(new EscPosBuilder().align('left').align('center').align('right').bytes())).toBe(
      hex(ESCPOS_COMMANDS.alignLeftCentreRight),
    );
    expect(hex(new EscPosBuilder().feed(3).bytes())).toBe(hex(ESCPOS_COMMANDS.feed3));
    expect(hex(new EscPosBuilder().cut(true, 3).cut(false, 0).bytes())).toBe(hex(ESCPOS_COMMANDS.cuts));
    expect(hex(ESCPOS_COMMANDS.cuts)).toBe('1d 56 42 03 1d 56 41 00');
  });

  it('encodes CODE128 in code set B', () => {
    expect(hex(new EscPosBuilder().code128('A1').bytes())).toBe(hex(ESCPOS_COMMANDS.code128A1));
    expect(hex(ESCPOS_COMMANDS.code128A1)).toBe('1d 48 02 1d 68 50 1d 77 02 1d 6b 49 04 7b 42 41 31');
  });

  it('encodes Chinese as GBK', () => {
    expect(hex(encodeGbk('办税'))).toBe('b0 ec cb b0');
    expect(hex(encodeGbk('A1'))).toBe('41 31');
  });

  it('substitutes characters GBK lacks visibly, never with a silent "?"', () => {
    expect(hex(encodeGbk('¥5'))).toBe(hex(encodeGbk('￥5')));
    const emoji = encodeGbk('王😀');
    expect(emoji).toEqual(encodeGbk(`王${SUBSTITUTE}`));
    expect([...emoji]).not.toContain(0x3f);
    expect(hex(encodeGbk('?'))).toBe('3f');
  });
});

describe('the emulator decodes what the encoder writes', () => {
  const area = DEFAULT_AREAS[0]!;
  const slip = ticketSlip({
    hallName: { zh: '示范区政务服务中心', en: 'Demo Centre' },
    area,
    ticket: {
      id: 7,
      number: 'A042',
      areaId: area.id,
      businessDate: '2026-03-02',
      issuedAt: '2026-03-02T01:03:00Z',
      peopleAhead: 3,
      priority: false,
      priorityReason: null,
      appointment: false,
      estimatedWaitMinutes: 12,
    },
    issuedAtLocal: '2026-03-02 09:03',
    paperWidth: 80,
  });

  function decodeAll(chunks: Uint8Array[]): EscPosOp[] {
    const d = new EscPosDecoder();
    return [...chunks.flatMap((c) => d.push(c)), ...d.flush()];
  }

  it('reads the ticket back as text, the number in large bold, with a QR and a partial cut', () => {
    const ops = decodeAll([slip]);
    const assembler = new ReceiptAssembler();
    let receipt;
    for (const op of ops) receipt = assembler.apply(op, new Date()).finished ?? receipt;
    expect(receipt).toBeDefined();
    expect(receiptText(receipt!)).toEqual([
      '示范区政务服务中心',
      'Demo Centre',
      '',
      '办税服务',
      'Tax Services',
      '',
      'A042',
      '',
      '您前面还有 3 人',
      '3 people ahead of you',
      '预计等候约 12 分钟',
      'Expected wait: about 12 min',
      '取号时间 Time: 2026-03-02 09:03',
      '[QR HK-TICKET:2026-03-02:A042:7]',
      '请留意叫号，过号需重新取号',
      'Please wait until your number is called',
    ]);
    expect(receipt!.cut).toBe('partial');
    const numberOp = ops.find((o) => o.op === 'text' && o.text === 'A042');
    expect(numberOp).toMatchObject({ style: { width: 4, height: 4, bold: true }, align: 'center' });
  });

  it('decodes the same whatever byte the stream is split at', () => {
    const whole = JSON.stringify(decodeAll([slip]));
    for (let cut = 1; cut < slip.length; cut++) {
      expect(JSON.stringify(decodeAll([slip.subarray(0, cut), slip.subarray(cut)]))).toBe(whole);
    }
    expect(JSON.stringify(decodeAll(Array.from(slip, (b) => Uint8Array.of(b))))).toBe(whole);
  });

  it('reports unknown commands instead of failing', () => {
    const ops = decodeAll([Uint8Array.of(0x1b, 0x7f, 0x41, 0x0a, 0x1d, 0x99, 0x02)]);
    expect(ops.filter((o) => o.op === 'unknown')).toHaveLength(3);
    expect(ops.some((o) => o.op === 'text' && o.text === 'A')).toBe(true);
  });
});
