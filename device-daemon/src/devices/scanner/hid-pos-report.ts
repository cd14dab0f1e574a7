/**
 * HID POS bar-code scanner input reports (usage page 0x8C, devices.md §3), as the body after the
 * report id 0x02:
 *
 *   0      data length (0–56)
 *   1–3    AIM symbology identifier, e.g. "]Q1" (QR)
 *   4–59   data
 *   60     vendor code id (Honeywell: 0x73 QR, 0x6A Code 128, 0x64 EAN-13)
 *   61     reserved
 *   62     bit 0: more data follows in the next report
 */
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_BODY_BYTES = 63;
const MAX_DATA = 56;

export type HidPosSegment = { aim: string; data: Uint8Array; more: boolean };

/** Decodes one report body; a string says why it is not a valid report. Never throws. */
export function parseHidPosBody(body: Uint8Array): HidPosSegment | string {
  if (body.length !== HID_POS_BODY_BYTES)
    return `report body of ${body.length} bytes, expected ${HID_POS_BODY_BYTES}`;
  const n = body[0]!;
  if (n > MAX_DATA) return `data length ${n} exceeds ${MAX_DATA}`;
  if ((body[62]! & 0xfe) !== 0) return `flags byte 0x${body[62]!.toString(16)} has unknown bits`;
  const aim = String.fromCharCode(body[1]!, body[2]!, body[3]!);
  // A scan with data names its symbology; an AIM id always begins with "]".
  if (n > 0 && aim[0] !== ']') return 'no AIM symbology identifier';
  return { aim, data: body.slice(4, 4 + n), more: (body[62]! & 1) === 1 };
}

/** What the symbology identifier means, for diagnostics and for refusing 1D codes where QR is expected. */
export function symbologyName(aim: string): string {
  switch (aim[1]) {
    case 'Q':
      return 'QR';
    case 'C':
      return 'Code 128';
    case 'E':
      return 'EAN/UPC';
    case 'd':
      return 'Data Matrix';
    case 'L':
      return 'PDF417';
    default:
      return aim.trim() || 'unknown';
  }
}
