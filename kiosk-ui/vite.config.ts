import { build, defineConfig, type BuildEnvironmentOptions, type LogLevel, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { englishValues } from './vite-plugins/catalogue-values.ts';
import { classicJsx } from './vite-plugins/classic-jsx.ts';
import { iconPaths } from './vite-plugins/icon-paths.ts';
import { messageIds } from './vite-plugins/message-ids.ts';
import { shortErrors } from './vite-plugins/short-errors.ts';
import { fileURLToPath } from 'node:url';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The plugins every page is built with (the kiosk page by kioskPageAlone, the others by the config). */
const pagePlugins = () => [preact(), englishValues(), classicJsx(), iconPaths()];

/** The build options every page shares. */
const shared: BuildEnvironmentOptions = {
  // The kiosk's Chromium is current; no legacy output.
  target: 'es2022',
  // Inline nothing: the daemon serves a strict Content-Security-Policy (no inline scripts or data: scripts).
  assetsInlineLimit: 0,
  modulePreload: { polyfill: false },
};

/**
 * The kiosk page (index.html) is built on its own, after the other pages, into the same directory: a
 * page built with the others shares chunks with them (Preact, the protocol's checks, the Chinese
 * texts), and every chunk boundary costs bytes — its own gzip stream, its imports and exports. Alone,
 * the page is one script (and its English texts, loaded later); 0.5 KB less gzipped
 * (docs/performance.md). The build options given on the command line (`--outDir`, `--sourcemap`,
 * `--minify`) carry over.
 */
function kioskPageAlone(): Plugin {
  let options: BuildEnvironmentOptions = {};
  let logLevel: LogLevel | undefined;
  return {
    name: 'kiosk-page-alone',
    apply: 'build',
    configResolved(config) {
      options = config.build;
      logLevel = config.logLevel;
    },
    async closeBundle() {
      await build({
        configFile: false,
        root: page('.'),
        logLevel,
        plugins: [...pagePlugins(), messageIds(), shortErrors('xstate')],
        build: {
          ...shared,
          outDir: options.outDir,
          sourcemap: options.sourcemap,
          minify: options.minify,
          emptyOutDir: false,
          rollupOptions: { input: { kiosk: page('index.html') } },
        },
      });
    },
  };
}

export default defineConfig({
  plugins: [...pagePlugins(), kioskPageAlone()],
  build: {
    ...shared,
    outDir: 'dist',
    emptyOutDir: true,
    // The kiosk's counter page, hall display and maintenance page; the hall server's pages (hall-*). The
    // kiosk page itself: kioskPageAlone.
    rollupOptions: {
      input: {
        staff: page('staff.html'),
        display: page('display.html'),
        maintenance: page('maintenance.html'),
        'hall-enrol': page('hall-enrol.html'),
        'hall-display': page('hall-display.html'),
        'hall-pad': page('hall-pad.html'),
        'hall-supervisor': page('hall-supervisor.html'),
        'hall-admin': page('hall-admin.html'),
        'hall-counter': page('hall-counter.html'),
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
