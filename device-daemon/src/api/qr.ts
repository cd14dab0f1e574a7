/** What may be put in a QR code through the API: the kiosk's own ticket references, nothing arbitrary. */
const ALLOWED = /^HK-TICKET:\d{4}-\d{2}-\d{2}:[A-Z]\d{3,}:\d{1,12}$/;

/**
 * An SVG QR code for a ticket reference, or null when the text is not one. The encoder (qrcode and
 * its PNG dependencies) is loaded on first use: the page asks for a code only when a ticket could not
 * be printed, so most days the daemon never holds it.
 */
export async function qrSvg(data: string): Promise<string | null> {
  if (!ALLOWED.test(data)) return null;
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(data, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
