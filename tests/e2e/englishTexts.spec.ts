import { expect, test, type Request } from '@playwright/test';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';

// The kiosk page's English texts are a JSON file of their own (docs/performance.md: the page's size),
// fetched once the attract screen is up: the first load does not wait for them, a tap on "English" finds them
// there, and a load that failed (the daemon restarting at that moment) is tried again by the tap.
test.describe('the English texts', () => {
  let daemon: DaemonProcess;

  test.beforeAll(async () => {
    daemon = await startDaemon({ dir: tempDir('e2e-english'), config: { ui: { selfTestMinSeconds: 0 } } });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
  });

  test.afterAll(async () => {
    await daemon?.stop();
  });

  const ENGLISH_FILE = /\/assets\/en-values-[^/]+\.json$/;
  const isEnglish = (r: Request) => ENGLISH_FILE.test(r.url());

  test('load after the start button is up, and the tap switches at once', async ({ page }) => {
    let type: string | undefined;
    page.on('response', (r) => {
      if (ENGLISH_FILE.test(r.url())) type = r.headers()['content-type'];
    });
    // The page's own clock: when the start button first entered the document.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="start"]')) return;
        (window as unknown as { startAt: number }).startAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    let requests = 0;
    page.on('request', (r) => (requests += isEnglish(r) ? 1 : 0));
    await page.goto(daemon.url);
    await page.getByTestId('start').waitFor();
    const english = () =>
      page.evaluate(
        (pattern) =>
          performance
            .getEntriesByType('resource')
            .filter((e) => new RegExp(pattern).test(e.name))
            .map((e) => e.startTime)[0] ?? null,
        ENGLISH_FILE.source,
      );
    await expect.poll(english).not.toBeNull();
    const startAt = await page.evaluate(() => (window as unknown as { startAt: number }).startAt);
    expect(await english()).toBeGreaterThan(startAt);
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('start')).toHaveText('Touch to start');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(requests).toBe(1);
    expect(type).toBe('application/json; charset=utf-8');
  });

  test('that could not be loaded at first are loaded by the tap', async ({ page }) => {
    let refused = 0;
    await page.route(ENGLISH_FILE, (route) => {
      if (refused++ === 0) return route.abort('connectionrefused');
      return route.continue();
    });
    await page.goto(daemon.url);
    await page.getByTestId('start').waitFor();
    await expect.poll(() => refused).toBe(1);
    await expect(page.getByTestId('start')).toHaveText('点击开始');
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('start')).toHaveText('Touch to start');
    expect(refused).toBe(2);
  });
});
