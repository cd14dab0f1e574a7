// A zone display and a rating pad in Chromium against a real hall server on a real PostgreSQL: both
// enrol with one-time codes on /enrol, a call appears on the display and is spoken, the display
// recovers alone after the hall server restarts, the done ticket is rated on the pad and stored
// with the person who served it, and a revoked display goes back to /enrol.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { silentLogger } from '@hall-kiosk/device-daemon';
import { systemClock } from '@hall-kiosk/shared';
import { startPostgres, type PgCluster } from '../support/postgres.ts';
import { screenshotPath } from '../support/artifacts.ts';
import { parseHallConfig } from '../../hall-server/src/config.ts';
import { openHall, type RunningHall } from '../../hall-server/src/hall.ts';
import {
  seedHallConfig,
  startHallFixture,
  testCertificates,
  type HallFixture,
} from '../../hall-server/test/hall-fixture.ts';

const PAGES = fileURLToPath(new URL('../../kiosk-ui/dist', import.meta.url));

let cluster: PgCluster;
let f: HallFixture;
let restarted: RunningHall | null = null;
const dirs: string[] = [];

test.beforeAll(async () => {
  cluster = await startPostgres();
  f = await startHallFixture(cluster, { pagesRoot: PAGES });
});
test.afterAll(async () => {
  await restarted?.close();
  await f?.close();
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A browser page whose speech synthesis is a recorder: `window.__spoken` lists what was said. */
async function devicePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(() => {
    const spoken: string[] = [];
    Object.assign(window, { __spoken: spoken });
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        speak: (u: SpeechSynthesisUtterance) => spoken.push(`${u.lang}: ${u.text}`),
        cancel: () => undefined,
        getVoices: () => [],
      },
    });
  });
  return context.newPage();
}

/** WCAG 2.2 AA problems axe finds on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

async function enrolOnPage(
  page: Page,
  device: Parameters<HallFixture['hall']['services']['devices']['register']>[0],
) {
  const { code } = await f.hall.services.devices.register(device, {
    staffId: 1,
    actor: 'staff#9001',
    source: 'test',
  });
  await page.getByLabel(/登记码/).fill(code.toLowerCase());
  await page.getByRole('button', { name: /登记/ }).click();
}

test('enrol a display and a pad; a call is shown and spoken, survives a restart, is rated on the pad', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const display = await devicePage(browser);
  const pad = await devicePage(browser);
  const store = () => (restarted ?? f.hall).services.store;

  // Never enrolled: both are sent to /enrol, and go to their own page with their code.
  await display.goto(`${f.url}/display`);
  await expect(display).toHaveURL(/\/enrol$/);
  expect(await axeViolations(display)).toEqual([]);
  await enrolOnPage(display, { id: 'display-z1', kind: 'display', zoneId: 'z1', location: '1F' });
  await expect(display).toHaveURL(/\/display$/);
  await expect(display.getByTestId('zone-name')).toContainText('一楼');
  await expect(display.locator('main')).toHaveAttribute('data-live', 'live');

  await pad.goto(`${f.url}/pad`);
  await expect(pad).toHaveURL(/\/enrol$/);
  // A wrong code is refused with a reason.
  await pad.getByLabel(/登记码/).fill('2345-6789-ABCD');
  await pad.getByRole('button', { name: /登记/ }).click();
  await expect(pad.getByTestId('enrol-message')).toContainText('登记码无效');
  await enrolOnPage(pad, { id: 'pad-w014', kind: 'pad', counterId: 'w014' });
  await expect(pad).toHaveURL(/\/pad$/);

  // 李敏 (1037) works at window 14 (tax); a ticket is called there.
  await f.db.pool.query(
    `INSERT INTO counter_staff (counter_id, staff_id, since) SELECT 'w014', id, now() FROM staff WHERE number = '1037'`,
  );
  const issued = await store().issue({
    areaId: 'tax',
    kioskId: 'kiosk-2',
    idempotencyKey: 'e2e-ticket-1',
    now: Date.now(),
  });
  if (!issued.ok) throw new Error(issued.reason);
  const number = issued.ticket.number;
  await expect(
    display.getByTestId('display-waiting').locator('[data-area="tax"] .zone-area-count'),
  ).toHaveText(/^1/);
  await store().callNext({ counterId: 'w014', now: Date.now() });

  await expect(display.getByTestId('display-number')).toHaveText(number);
  await expect(display.getByTestId('display-latest')).toContainText('请到 14 号窗口');
  await expect
    .poll(() => spoken(display))
    .toEqual([
      `zh-CN: 请 ${number} 号到 14 号窗口办理`,
      `en-GB: Number ${number.split('').join(' ')}, please go to window 14`,
    ]);
  await display.screenshot({ path: screenshotPath('hall-display') });
  expect(await axeViolations(display)).toEqual([]);
  expect(await axeViolations(pad)).toEqual([]);
  await expect(pad.getByTestId('pad-staff')).toContainText('李敏');
  await expect(pad.getByTestId('pad-staff')).toContainText('1037');
  await expect(pad.getByTestId('pad-now')).toContainText(`正在为 ${number} 号办理`);

  // The hall server stops: the display says so and marks the calls stale; it comes back by itself.
  const port = Number(new URL(f.url).port);
  await f.hall.close();
  await expect(display.getByTestId('display-lost')).toBeVisible({ timeout: 15_000 });
  await expect(display.locator('main')).toHaveAttribute('data-stale', 'yes');
  const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-'));
  dirs.push(dir);
  const tls = testCertificates();
  writeFileSync(join(dir, 'server.pem'), tls.cert);
  writeFileSync(join(dir, 'server.key'), tls.key);
  writeFileSync(join(dir, 'ca.pem'), tls.caCert);
  const base = seedHallConfig(f.db, dir);
  restarted = await openHall(
    parseHallConfig({ ...base, server: { ...base.server, port } }, 'restarted hall', dir),
    { clock: systemClock, log: silentLogger, pagesRoot: PAGES },
  );
  // A recall made while the display reconnects is shown and spoken once it is back.
  await store().recall({ counterId: 'w014', now: Date.now() });
  await expect(display.getByTestId('display-lost')).toBeHidden({ timeout: 20_000 });
  await expect(display.locator('main')).toHaveAttribute('data-stale', 'no');
  await expect(display.getByTestId('display-latest')).toContainText('再次呼叫');
  await expect.poll(() => spoken(display)).toHaveLength(4);

  await expect(pad.locator('main')).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
  // Done at the window: the pad asks; 不满意 asks for reasons; the rating names who served.
  const done = await store().finish({ counterId: 'w014', now: Date.now(), outcome: 'done' });
  await f.db.pool.query(
    `UPDATE ticket_events SET staff_id = (SELECT id FROM staff WHERE number = '1037') WHERE ticket_id = $1 AND event = 'done'`,
    [done!.id],
  );
  await expect(pad.getByTestId('pad-rating')).toBeVisible({ timeout: 15_000 });
  await expect(pad.getByTestId('pad-rating')).toContainText('李敏');
  await pad.screenshot({ path: screenshotPath('hall-pad-rating') });
  expect(await axeViolations(pad)).toEqual([]);
  await pad.getByRole('button', { name: /^不满意/ }).click();
  await pad.getByRole('button', { name: /等候时间太长/ }).click();
  await pad.getByTestId('pad-submit').click();
  await expect(pad.getByTestId('pad-thanks')).toContainText('谢谢您的评价');
  const { rows } = await f.db.pool.query(
    `SELECT r.ticket_id, r.counter_id, s.number AS staff, r.level, r.reasons FROM ratings r JOIN staff s ON s.id = r.staff_id`,
  );
  expect(rows).toEqual([
    { ticket_id: done!.id, counter_id: 'w014', staff: '1037', level: 2, reasons: ['waitTooLong'] },
  ]);

  // Call → painted on the display: the time from a window's call next to the number on screen.
  const painted: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = await store().issue({
      areaId: 'tax',
      kioskId: 'kiosk-2',
      idempotencyKey: `e2e-paint-${i}`,
      now: Date.now(),
    });
    if (!t.ok) throw new Error(t.reason);
    await display.waitForTimeout(150);
    const start = Date.now();
    await store().callNext({ counterId: 'w023', now: Date.now() });
    await display.waitForFunction(
      (n) => document.querySelector('[data-testid="display-number"]')?.textContent === n,
      t.ticket.number,
      { polling: 'raf', timeout: 5000 },
    );
    painted.push(Date.now() - start);
  }
  painted.sort((a, b) => a - b);
  const at = (q: number) => painted[Math.min(painted.length - 1, Math.ceil(q * painted.length) - 1)];
  const figure = `call → display painted over ${painted.length} calls: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
  test.info().annotations.push({ type: 'figure', description: figure });
  console.log(figure);

  // Revoked: the display's next look at the hall sends it back to /enrol.
  await restarted.services.devices.revoke('display-z1', { actor: 'staff#9001', source: 'test' });
  await store().issue({ areaId: 'tax', kioskId: 'kiosk-2', idempotencyKey: 'e2e-ticket-2', now: Date.now() });
  await expect(display).toHaveURL(/\/enrol$/, { timeout: 30_000 });
});
