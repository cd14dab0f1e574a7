import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (no browser download), the real daemon and emulators as
 * separate processes. Screenshots of key screens go to artifacts/screens/.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: '../artifacts/e2e-results',
  timeout: 60_000,
  // A `test.only` left in a spec fails the run, on a laptop as in CI.
  forbidOnly: true,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../artifacts/playwright-report.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
