import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Minimal pages for the browser benchmarks' baselines: the same Chromium, throttling and harness on a
 * page that does the least of the same kind of work, so a figure can be read against what the host
 * itself costs (CPU-bound figures differ about 3× between hosts).
 *
 * - `/load`: an HTML page whose one module script puts a start button on the screen (the least a
 *   page can do to show its first screen).
 * - `/tap`: a page whose button, when clicked, replaces the screen with the next one in one DOM
 *   update and marks it on html[data-screen], as the kiosk page marks its screens.
 *
 * Served on loopback only, from memory.
 */
const PAGES: Record<string, { type: string; body: string }> = {
  '/load': {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><div id="app"></div><script type="module" src="/load.js"></script></body></html>',
  },
  '/load.js': {
    type: 'text/javascript',
    body: `const b = document.createElement('button'); b.dataset.testid = 'start'; b.textContent = 'Start';
document.getElementById('app').append(b); document.documentElement.dataset.screen = 'attract';`,
  },
  '/tap': {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><div id="app"></div><script type="module" src="/tap.js"></script></body></html>',
  },
  '/tap.js': {
    type: 'text/javascript',
    body: `let n = 0; const app = document.getElementById('app');
function show() {
  const main = document.createElement('main'); const h = document.createElement('h1'); h.textContent = 'Screen ' + n;
  const b = document.createElement('button'); b.dataset.testid = 'next'; b.textContent = 'Next';
  b.addEventListener('click', () => { n += 1; show(); });
  main.append(h, b); app.replaceChildren(main); document.documentElement.dataset.screen = 's' + n;
}
show();`,
  },
};

export type BaselineServer = { url: string; close(): Promise<void> };

export async function startBaselineServer(): Promise<BaselineServer> {
  const server: Server = createServer((req, res) => {
    const page = PAGES[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!page || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
