// The hall end to end, every part real: PostgreSQL, the hall server as its own process over HTTPS,
// two kiosk daemons in hall mode (enrolled with `kiosk enrol`, emulated printers and card readers),
// and in Chromium the two kiosks' pages, the counter page at window 37, the zone display of floor 2
// and the rating pad of window 37 (both enrolled on /enrol with one-time codes from the admin API).
// A citizen takes a ticket at each kiosk; the one printed by kiosk 2 is called at window 37, shown and
// spoken on the display, served, rated 满意 on the pad, and counted in the daily report under 李敏
// (1037) at w037.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { screenshotPath } from '../support/artifacts.ts';
import {
  runKiosk,
  startEmulatedDaemon,
  tempDir,
  type DaemonProcess,
  type ReceiptJson,
} from '../support/harness.ts';
import { startHallProcess, type HallProcess } from '../support/hall-process.ts';
import { AREAS } from '../../hall-server/test/support.ts';

const HALL_NAME = { zh: '区政务服务中心', en: 'District Government Service Centre' };
/** Window 37 of the seed hall serves one area: 法律援助与公证服务 (legal, numbers F…), shown on floor 2. */
const LEGAL = AREAS.find((a) => a.id === 'legal')!;

let hall: HallProcess;
const kiosks: DaemonProcess[] = [];

/** A one-time code for a device, made by the hall's admin (9001) over the admin API. */
async function codeFor(device: { id: string; kind: string; counterId?: string; zoneId?: string }) {
  const r = await hall.send({ op: 'register', device: { location: `${device.id} 测试`, ...device } });
  if (!r.ok) throw new Error(String(r['error']));
  return { code: r['code'] as string, fingerprint: r['caFingerprint'] as string };
}

/** Enrols a kiosk with `kiosk enrol` and starts its daemon in hall mode with emulated devices. */
async function startHallKiosk(id: string): Promise<DaemonProcess> {
  const { code, fingerprint } = await codeFor({ id, kind: 'kiosk' });
  const dir = tempDir(`e2e-${id}`);
  const credentialFile = join(dir, 'hall-credential.json');
  const enrol = await runKiosk([
    'enrol',
    hall.url,
    code,
    '--fingerprint',
    fingerprint,
    '--out',
    credentialFile,
  ]);
  if (enrol.code !== 0) throw new Error(`kiosk enrol ${id}: ${enrol.stderr}`);
  return startEmulatedDaemon(id, {
    dir,
    config: {
      queue: { mode: 'hall' },
      hall: { name: HALL_NAME, server: { url: hall.url, credentialFile, timeoutMs: 5000, attempts: 2 } },
      areas: AREAS,
    },
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  hall = await startHallProcess();
  // Both at once; one that started is stopped afterwards even if the other did not start.
  const started = await Promise.allSettled([startHallKiosk('kiosk-1'), startHallKiosk('kiosk-2')]);
  for (const r of started) if (r.status === 'fulfilled') kiosks.push(r.value);
  for (const r of started) if (r.status === 'rejected') throw r.reason;
});
test.afterAll(async () => {
  for (const k of kiosks) {
    await k.stop();
    // The kiosk's data and its hall credential (a bearer token) go with it.
    rmSync(k.dir, { recursive: true, force: true });
  }
  await hall?.stop();
});

/** A page of its own (own cookies); speech synthesis is a recorder: `window.__spoken`. */
async function newPage(browser: Browser, https: boolean): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: https });
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
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

/** WCAG 2.2 AA problems axe finds on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What a kiosk's emulated ticket printer printed, one text per ticket. */
async function printed(kiosk: DaemonProcess): Promise<string[]> {
  const body = (await (await fetch(`${kiosk.url}emulator/api/emulators/ticketPrinter/receipts`)).json()) as
    { receipts: ReceiptJson[] } | ReceiptJson[];
  return (Array.isArray(body) ? body : body.receipts).map((r) => r.text.join('\n'));
}

/** A citizen taps through the kiosk page for a ticket in 法律援助与公证服务; returns the number shown. */
async function takeTicket(page: Page, kiosk: DaemonProcess): Promise<string> {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { name: HALL_NAME.zh })).toBeVisible();
  await page.getByTestId('start').click();
  await page.getByTestId('home-take-ticket').click();
  await page.getByRole('button', { name: new RegExp(LEGAL.name.zh) }).click();
  await page.getByTestId('priority-no').click();
  const number = page.getByTestId('ticket-number');
  await expect(number, 'the ticket number on the kiosk screen').toHaveText(/^F\d{3}$/);
  await expect(
    page.getByText('请从下方出票口取走号票'),
    'the kiosk saying the ticket is printed',
  ).toBeVisible();
  return (await number.textContent())!;
}

async function enrolOnPage(page: Page, path: string, device: Parameters<typeof codeFor>[0]) {
  await page.goto(`${hall.url}${path}`);
  await expect(page, `${device.id} never enrolled: sent to /enrol`).toHaveURL(/\/enrol$/);
  const { code } = await codeFor(device);
  await page.getByLabel(/登记码/).fill(code);
  await page.getByRole('button', { name: /登记/ }).click();
  await expect(page, `${device.id} enrolled: back on its own page`).toHaveURL(new RegExp(`${path}$`));
  await expect(page.locator('main'), `${device.id} following the hall live`).toHaveAttribute(
    'data-live',
    'live',
  );
}

async function signIn(page: Page, path: string, number: string, pin: string) {
  await page.goto(`${hall.url}${path}`);
  await page.getByTestId('staff-number').fill(number);
  await page.getByTestId('pin').fill(pin);
  await page.getByTestId('sign-in').click();
}

/** Today in the hall's time zone (the report's business day). */
const hallToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

test("kiosk 2's printed number is called at window 37, spoken, rated on the pad, and in the daily report", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const started = Date.now();
  const [kiosk1, kiosk2] = kiosks as [DaemonProcess, DaemonProcess];

  // The window, the display of its floor and its pad, before anyone takes a ticket.
  const counter = await newPage(browser, true);
  await signIn(counter, '/counter?window=w037', '1037', '103710');
  await expect(counter.getByTestId('feed-state'), 'the counter page live').toHaveAttribute(
    'data-state',
    'live',
  );
  await expect(counter.getByTestId('waiting-legal'), 'nobody waiting for legal yet').toContainText(
    '0 人，绿色通道 0 人',
  );
  const display = await newPage(browser, true);
  await enrolOnPage(display, '/display', { id: 'display-z2', kind: 'display', zoneId: 'z2' });
  await expect(display.getByTestId('zone-name'), 'the display showing floor 2').toContainText('二楼');
  const pad = await newPage(browser, true);
  await enrolOnPage(pad, '/pad', { id: 'pad-w037', kind: 'pad', counterId: 'w037' });

  // A citizen at each kiosk. What counts is what each kiosk's own printer printed: one ticket each,
  // from the hall's one series, the number the screen showed.
  const k1Page = await newPage(browser, false);
  const onScreen1 = await takeTicket(k1Page, kiosk1);
  const k2Page = await newPage(browser, false);
  const onScreen2 = await takeTicket(k2Page, kiosk2);
  const [paper1, paper2] = [await printed(kiosk1), await printed(kiosk2)];
  expect(paper1, 'kiosk 1 printed one ticket').toHaveLength(1);
  expect(paper2, 'kiosk 2 printed one ticket').toHaveLength(1);
  expect(paper2[0]).toContain(LEGAL.name.zh);
  const first = /F\d{3}/.exec(paper1[0]!)?.[0];
  const second = /F\d{3}/.exec(paper2[0]!)?.[0];
  expect([first, second], 'the printed numbers are the ones on screen').toEqual([onScreen1, onScreen2]);
  if (!first || !second) throw new Error('no number on the printed tickets');
  expect([first, second], "one hall series across both kiosks, kiosk 1's first").toEqual(['F001', 'F002']);
  await k2Page.screenshot({ path: screenshotPath('hall-e2e-kiosk2-ticket') });

  // Both wait for window 37; the display of floor 2 counts them.
  await expect(counter.getByTestId('waiting-legal'), 'the counter sees both tickets').toContainText(
    '2 人，绿色通道 0 人',
  );
  await expect(
    display.getByTestId('display-waiting').locator('[data-area="legal"] .zone-area-count'),
    'the display counts both tickets',
  ).toHaveText(/^2/);

  // Call next reaches kiosk 1's citizen first (first come); nobody comes: 过号, and call next again.
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-number'), "kiosk 1's number called first").toHaveText(first);
  await expect(display.getByTestId('display-number'), 'the display shows the first call').toHaveText(first);
  await expect(pad.getByTestId('pad-now'), 'the pad names the first ticket').toContainText(
    `正在为 ${first} 号办理`,
  );
  await counter.getByTestId('no-show').click();
  await expect(counter.getByTestId('current-number'), 'no-show leaves the window free').toHaveText('—');
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-number'), "kiosk 2's number at window 37").toHaveText(second);

  // The display shows it and says it, in Chinese then English.
  await expect(display.getByTestId('display-number'), 'the display shows the second call').toHaveText(second);
  await expect(display.getByTestId('display-latest'), 'the display naming window 37').toContainText(
    '请到 37 号窗口',
  );
  // Every call is spoken once, in the order made: the no-show's first, then kiosk 2's.
  const said = (n: string) => [
    `zh-CN: 请 ${n} 号到 37 号窗口办理`,
    `en-GB: Number ${n.split('').join(' ')}, please go to window 37`,
  ];
  await expect
    .poll(() => spoken(display), { message: "the display speaking both calls, kiosk 2's last" })
    .toEqual([...said(first), ...said(second)]);
  await expect(display.locator('html'), 'the last announcement left on the page').toHaveAttribute(
    'data-last-announcement',
    `请 ${second} 号到 37 号窗口办理`,
  );
  // The pad shows who serves and what; the no-show was never offered for rating.
  await expect(pad.getByTestId('pad-now'), 'the pad names the ticket being served').toContainText(
    `正在为 ${second} 号办理`,
  );
  await expect(pad.getByTestId('pad-staff'), 'the pad naming who serves').toContainText('李敏');
  await expect(pad.getByTestId('pad-staff'), 'the pad giving the staff number').toContainText('1037');
  await expect(pad.getByTestId('pad-rating'), 'the no-show was not offered for rating').toBeHidden();

  // Done at the window: the pad asks; the citizen rates 满意.
  await counter.getByTestId('done').click();
  await expect(counter.getByTestId('current-number'), 'done leaves the window free').toHaveText('—');
  await expect(pad.getByTestId('pad-rating'), 'the pad asking for a rating after done').toBeVisible();
  await expect(pad.getByTestId('pad-rating'), 'the rating names who served').toContainText('李敏');
  await pad.screenshot({ path: screenshotPath('hall-e2e-pad-rating') });
  await pad.getByRole('button', { name: /^满意/ }).click();
  await expect(pad.getByTestId('pad-thanks'), 'the pad thanking for the rating').toContainText(
    '谢谢您的评价',
  );

  // The pages at the end of the story are accessible.
  await display.screenshot({ path: screenshotPath('hall-e2e-display') });
  expect(await axeViolations(counter), 'axe on the counter page').toEqual([]);
  expect(await axeViolations(display), 'axe on the display').toEqual([]);
  expect(await axeViolations(pad), 'axe on the pad').toEqual([]);

  // The daily report as the supervisor (8001) sees it: the printable page and the CSV.
  const day = hallToday();
  const supervisor = await newPage(browser, true);
  await supervisor.goto(`${hall.url}/supervisor/report?date=${day}`);
  await supervisor.getByLabel('工号').fill('8001');
  await supervisor.getByLabel('密码（PIN）').fill('800180');
  await supervisor.getByRole('button', { name: '登录' }).click();
  const sheet = supervisor.locator('.report-sheet');
  await expect(sheet.locator('h2'), 'the report of today').toContainText(day);
  const cells = (row: ReturnType<Page['locator']>) =>
    row.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent!.trim()));
  // Area: issued 2, served 1, no-show 1.
  expect((await cells(sheet.locator('tr[data-area="legal"]'))).slice(0, 4)).toEqual([
    LEGAL.name.zh,
    '2',
    '1',
    '1',
  ]);
  // Window 37: served 1, no-show 1, one 满意 (levels 5★…1★), no 差评.
  const w037 = await cells(sheet.locator('tr[data-window="w037"]'));
  expect([w037[0], w037[1], w037[2], w037[4], w037[5]]).toEqual([
    '37号窗口',
    '1',
    '1',
    '0 · 1 · 0 · 0 · 0',
    '0',
  ]);
  const li = await cells(sheet.locator('tr', { hasText: '李敏（1037）' }));
  expect([li[1], li[2], li[4], li[5]]).toEqual(['1', '1', '0 · 1 · 0 · 0 · 0', '0']);
  await supervisor.screenshot({ path: screenshotPath('hall-e2e-report'), fullPage: true });

  const csv = await supervisor.request.get(`${hall.url}/api/supervisor/report/${day}.csv`);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  // 类别,编号,名称,取号,办结,未到,平均等候,最长等候,平均办理,非常满意,满意,基本满意,不满意,非常不满意,差评,差评原因
  expect(lines).toContainEqual(
    expect.stringMatching(/^区域,legal,法律援助与公证服务,2,1,1,[\d.]+,[\d.]+,[\d.]+,/),
  );
  expect(lines).toContainEqual(expect.stringMatching(/^窗口,w037,37号窗口,,1,1,,,[\d.]+,0,1,0,0,0,0,$/));
  expect(lines).toContainEqual(expect.stringMatching(/^人员,1037,李敏,,1,1,,,[\d.]+,0,1,0,0,0,0,$/));

  // Final invariants in the database: each ticket with its kiosk, one rating tied to all it names.
  const tickets = await hall.send({ op: 'sql', text: 'SELECT number, kiosk_id FROM tickets ORDER BY id' });
  expect(tickets['rows']).toEqual([
    { number: first, kiosk_id: 'kiosk-1' },
    { number: second, kiosk_id: 'kiosk-2' },
  ]);
  const ratings = await hall.send({
    op: 'sql',
    text: `SELECT t.number, r.counter_id, s.number AS staff, r.level, r.reasons
           FROM ratings r JOIN tickets t ON t.id = r.ticket_id JOIN staff s ON s.id = r.staff_id`,
  });
  expect(ratings['rows']).toEqual([
    { number: second, counter_id: 'w037', staff: '1037', level: 4, reasons: [] },
  ]);

  const figure = `hall end to end: the story took ${((Date.now() - started) / 1000).toFixed(1)} s`;
  test.info().annotations.push({ type: 'figure', description: figure });
  console.log(figure);
});
