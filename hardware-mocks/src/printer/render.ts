import QRCode from 'qrcode';
import type { Receipt, ReceiptBlock } from './receipt.ts';

/** The QR code as the printer would draw it (modules of `moduleSize` dots, shown at 1 px per dot). */
function qrSvg(data: string, moduleSize: number, errorLevel: string): string {
  try {
    const { modules } = QRCode.create(data, { errorCorrectionLevel: errorLevel as 'L' | 'M' | 'Q' | 'H' });
    const n = modules.size;
    let path = '';
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) if (modules.get(x, y)) path += `M${x} ${y}h1v1h-1z`;
    const px = Math.max(2, moduleSize) * n;
    return `<svg class="qr" role="img" aria-label="QR ${esc(data)}" width="${px}" height="${px}" viewBox="-2 -2 ${n + 4} ${n + 4}"><rect x="-2" y="-2" width="${n + 4}" height="${n + 4}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  } catch {
    return `<span class="qr">QR (unencodable: ${esc(data.slice(0, 40))})</span>`;
  }
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function block(b: ReceiptBlock): string {
  switch (b.kind) {
    case 'line': {
      const runs = b.runs
        .map((r) => {
          const style = [
            r.style.bold ? 'font-weight:bold' : '',
            r.style.underline ? 'text-decoration:underline' : '',
            `font-size:${r.style.height}em`,
            r.style.width !== r.style.height
              ? `letter-spacing:${(r.style.width - r.style.height) * 0.3}em`
              : '',
          ]
            .filter(Boolean)
            .join(';');
          return `<span style="${style}">${esc(r.text)}</span>`;
        })
        .join('');
      return `<div class="l" style="text-align:${b.align}">${runs || '&nbsp;'}</div>`;
    }
    case 'qr':
      return `<div class="l" style="text-align:${b.align}">${qrSvg(b.data, b.moduleSize, b.errorLevel)}</div>`;
    case 'barcode':
      return `<div class="l" style="text-align:${b.align}"><span class="bc">||||| ${esc(b.data)} |||||</span></div>`;
    case 'image':
      return `<div class="l">[image ${b.widthBytes * 8}×${b.heightDots}]</div>`;
  }
}

/** One receipt as an HTML fragment, styled like thermal paper. */
export function renderReceiptHtml(receipt: Receipt): string {
  const status = receipt.incomplete
    ? '<div class="warn">stopped: paper out or cover open</div>'
    : receipt.cut
      ? `<div class="cut">✂ ${receipt.cut} cut</div>`
      : '';
  return `<article class="receipt" data-receipt-id="${receipt.id}">${receipt.blocks.map(block).join('')}${status}</article>`;
}

export const RECEIPT_CSS = `
.receipt{background:#fffef8;color:#111;font-family:monospace;width:42ch;padding:12px;margin:8px;box-shadow:0 1px 4px #0003;display:inline-block;vertical-align:top}
.receipt .l{white-space:pre-wrap;line-height:1.25;min-height:1.25em}
.receipt .qr{display:inline-block;margin:4px}
.receipt .cut{border-top:2px dashed #999;color:#777;font-size:.8em;margin-top:8px}
.receipt .warn{color:#a00;font-weight:bold}
`;
