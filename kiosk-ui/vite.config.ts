import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The kiosk's Chromium is current; no legacy output.
    target: 'es2022',
    // Inline nothing: the daemon serves a strict Content-Security-Policy (no inline scripts or data: scripts).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The kiosk, its counter page, hall display and maintenance page; the hall server's pages (hall-*).
    rollupOptions: {
      input: {
        kiosk: fileURLToPath(new URL('index.html', import.meta.url)),
        staff: fileURLToPath(new URL('staff.html', import.meta.url)),
        display: fileURLToPath(new URL('display.html', import.meta.url)),
        maintenance: fileURLToPath(new URL('maintenance.html', import.meta.url)),
        'hall-enrol': fileURLToPath(new URL('hall-enrol.html', import.meta.url)),
        'hall-display': fileURLToPath(new URL('hall-display.html', import.meta.url)),
        'hall-pad': fileURLToPath(new URL('hall-pad.html', import.meta.url)),
        'hall-supervisor': fileURLToPath(new URL('hall-supervisor.html', import.meta.url)),
        'hall-admin': fileURLToPath(new URL('hall-admin.html', import.meta.url)),
        'hall-counter': fileURLToPath(new URL('hall-counter.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev -w kiosk-ui` against a running daemon on 8080. The daemon answers only to its own
    // Host and Origin (docs/security.md), so the proxy speaks as the daemon's own page.
    proxy: {
      '/ws': {
        target: 'ws://127.0.0.1:8080',
        ws: true,
        changeOrigin: true,
        headers: { origin: 'http://127.0.0.1:8080' },
      },
      '/api': {
        target: 'http://127.0.0.1:8080',
        changeOrigin: true,
        headers: { origin: 'http://127.0.0.1:8080' },
      },
    },
  },
});
