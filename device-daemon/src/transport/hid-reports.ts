/**
 * How a byte stream is carried in fixed-size USB HID reports. Vendors differ and their layouts are not
 * published, so this is a profile with a default, changeable in the configuration without code.
 *
 *   lengthPrefixed:  [reportId] [n] [n stream bytes] [zero padding to reportSize]
 *   raw:             [reportId] [reportSize stream bytes, zero padded]   (the SAM framer skips padding)
 */
export type HidReportProfile = {
  /** Bytes in a report after the report id. */
  reportSize: number;
  /** Report id written before each output report (0 for devices without numbered reports). */
  reportId: number;
  framing: 'lengthPrefixed' | 'raw';
  /** Whether input reports arrive with the report id as their first byte (platform and device dependent). */
  inputHasReportId: boolean;
};

export const DEFAULT_HID_PROFILE: HidReportProfile = {
  reportSize: 64,
  reportId: 0,
  framing: 'lengthPrefixed',
  inputHasReportId: false,
};

/** Splits a stream into output reports, each starting with the report id (as node-hid's write wants). */
export function toReports(bytes: Uint8Array, p: HidReportProfile): number[][] {
  const per = p.framing === 'lengthPrefixed' ? Math.min(255, p.reportSize - 1) : p.reportSize;
  const reports: number[][] = [];
  for (let i = 0; i < bytes.length; i += per) {
    const chunk = Array.from(bytes.subarray(i, i + per));
    const body = p.framing === 'lengthPrefixed' ? [chunk.length, ...chunk] : chunk;
    while (body.length < p.reportSize) body.push(0);
    reports.push([p.reportId, ...body]);
  }
  return reports;
}

/** The stream bytes carried by one input report; never throws, clamps impossible lengths. */
export function fromReport(report: Uint8Array, p: HidReportProfile): Uint8Array {
  const body = p.inputHasReportId ? report.subarray(1) : report;
  if (p.framing === 'raw') return body.slice();
  const n = Math.min(body[0] ?? 0, Math.max(0, body.length - 1));
  return body.slice(1, 1 + n);
}
