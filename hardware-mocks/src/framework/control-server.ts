import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrinterEmulator } from '../printer/printer-emulator.ts';
import { RECEIPT_CSS, renderReceiptHtml } from '../printer/render.ts';
import { receiptText } from '../printer/receipt.ts';
import type { ControlAction, Emulator } from './emulator.ts';

/** The emulators of one process, by device name (`ticketPrinter`, …). */
export class EmulatorRegistry {
  readonly emulators = new Map<string, Emulator>();

  add(name: string, emulator: Emulator): void {
    this.emulators.set(name, emulator);
  }

  get(name: string): Emulator | undefined {
    return this.emulators.get(name);
  }
}

const MAX_BODY = 16 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the control surface of a set of emulators under `base` (e.g. `/emulator`):
 *   GET  base/                              the control page (buttons, printed receipts)
 *   GET  base/api/emulators                 every emulator with its state and actions
 *   GET  base/api/emulators/NAME/receipts   what a printer printed (model and plain text)
 *   POST base/api/emulators/NAME/control    {"action": "paperOut", …}
 * Returns false when the request is not under `base`, so callers can chain handlers.
 */
export function createControlHandler(registry: EmulatorRegistry, base = '') {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${base}/`) && url.pathname !== base) return false;
    const path = url.pathname.slice(base.length) || '/';
    try {
      if (req.method === 'GET' && path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(controlPage(base));
        return true;
      }
      if (req.method === 'GET' && path === '/control.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(CONTROL_JS);
        return true;
      }
      if (req.method === 'GET' && path === '/api/emulators') {
        json(res, 200, {
          emulators: [...registry.emulators].map(([name, e]) => ({
            name,
            kind: e.kind,
            actions: ['unplug', 'plug', 'slowReplies', 'noReply', ...e.actions],
            state: e.snapshot(),
          })),
        });
        return true;
      }
      const m = /^\/api\/emulators\/([A-Za-z]+)\/(receipts|receipts\.html|control)$/.exec(path);
      if (m) {
        const emulator = registry.get(m[1]!);
        if (!emulator) {
          json(res, 404, { error: `no emulator named ${m[1]}` });
          return true;
        }
        if (m[2] === 'control' && req.method === 'POST') {
          let action: ControlAction;
          try {
            action = JSON.parse(await readBody(req)) as ControlAction;
          } catch (e) {
            json(res, 400, { ok: false, error: `body must be JSON: ${(e as Error).message}` });
            return true;
          }
          if (typeof action !== 'object' || action === null || typeof action.action !== 'string') {
            json(res, 400, { ok: false, error: 'body must be {"action": "…"}' });
            return true;
          }
          const result = emulator.control(action);
          json(res, result.ok ? 200 : 400, result);
          return true;
        }
        if (!(emulator instanceof PrinterEmulator)) {
          json(res, 404, { error: `${m[1]} is not a printer` });
          return true;
        }
        if (m[2] === 'receipts' && req.method === 'GET') {
          json(res, 200, { receipts: emulator.receipts.map((r) => ({ ...r, text: receiptText(r) })) });
          return true;
        }
        if (m[2] === 'receipts.html' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(
            [...emulator.receipts].reverse().map(renderReceiptHtml).join('') || '<p>Nothing printed yet.</p>',
          );
          return true;
        }
      }
      json(res, 404, { error: `not found: ${path}` });
    } catch (e) {
      json(res, 500, { error: (e as Error).message });
    }
    return true;
  };
}

function controlPage(base: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device emulators</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;background:#eef}section{background:#fff;padding:12px;margin-bottom:16px;border-radius:8px}
button{margin:2px;padding:8px 12px;font-size:14px}pre{background:#f4f4f4;padding:8px}${RECEIPT_CSS}</style></head>
<body data-base="${base}"><h1>Device emulators</h1><p>Faults injected here reach the kiosk exactly as a real device would report them.</p>
<div id="emulators">Loading…</div><script src="${base}/control.js"></script></body></html>`;
}

const CONTROL_JS = `
const base = document.body.dataset.base;
const root = document.getElementById('emulators');
async function act(name, action) {
  const body = { action };
  if (action === 'paperOutAfter') body.lines = Number(prompt('Lines of paper left?', '5'));
  if (action === 'slowReplies') body.ms = Number(prompt('Delay before each reply (ms)?', '500'));
  if (action === 'scan') body.code = prompt('Code to scan (the demo bookings are DEMO-BOOKING-1, -2, -3)?', 'DEMO-BOOKING-1');
  if (action === 'placeCard') body.card = prompt('Sample card (elderResident, resident, hkResident, foreignResident, badCheckDigit)?', 'elderResident');
  await fetch(base + '/api/emulators/' + name + '/control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  refresh();
}
async function refresh() {
  const { emulators } = await (await fetch(base + '/api/emulators')).json();
  const parts = [];
  for (const e of emulators) {
    const buttons = e.actions.map((a) => '<button data-name="' + e.name + '" data-action="' + a + '">' + a + '</button>').join('');
    let receipts = '';
    if (e.kind === 'escposPrinter') receipts = await (await fetch(base + '/api/emulators/' + e.name + '/receipts.html')).text();
    const state = JSON.stringify(e.state, null, 1).replace(/[<>&]/g, '');
    parts.push('<section><h2>' + e.name + ' <small>(' + e.kind + ')</small></h2><div>' + buttons + '</div><pre>' + state + '</pre><div>' + receipts + '</div></section>');
  }
  root.innerHTML = parts.join('');
}
root.addEventListener('click', (ev) => { const b = ev.target.closest('button'); if (b) act(b.dataset.name, b.dataset.action); });
refresh(); setInterval(refresh, 1500);
`;
