// The hall server's counter page in Chromium against a real hall (PostgreSQL, HTTPS, the built
// pages): sign in with 工号 + PIN, choose the window, call next with the button and with F1, transfer
// to another window, and the page following the hall live when a ticket arrives.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { screenshotPath } from '../support/artifacts.ts';

const SCRIPT = fileURLToPath(new URL('../../hall-server/test/browser-hall.ts', import.meta.url));

/** The hall in its own process (hall-server/test/browser-hall.ts), driven by JSON lines. */
type Hall = {
  url: string;
  send(command: object): Promise<{ ok: boolean; [k: string]: unknown }>;
  stop(): Promise<void>;
};

async function startHall(): Promise<Hall> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on('line', (l) => {
    const next = waiting.shift();
    if (next) next(l);
    else early.push(l);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const queued = early.shift();
      if (queued !== undefined) return resolve(queued);
      const ended = (code: number | null) => reject(new Error(`the hall process ended (${code})`));
      child.once('exit', ended);
      waiting.push((line) => {
        child.off('exit', ended);
        resolve(line);
      });
    });
  const ready = await nextLine();
  if (!ready.startsWith('READY ')) throw new Error(`the hall did not start: ${ready}`);
  const { url } = JSON.parse(ready.slice(6)) as { url: string };
  let chain = Promise.resolve();
  return {
    url,
    send(command) {
      const reply = chain.then(async () => {
        child.stdin!.write(`${JSON.stringify(command)}\n`);
        return JSON.parse(await nextLine()) as { ok: boolean; [k: string]: unknown };
      });
      chain = reply.then(
        () => undefined,
        () => undefined,
      );
      return reply;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

let hall: Hall;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  hall = await startHall();
});
test.afterAll(async () => {
  await hall?.stop();
});
test.use({ ignoreHTTPSErrors: true });

async function signIn(page: Page, path: string, number: string, pin: string) {
  await page.goto(`${hall.url}${path}`);
  await page.getByTestId('staff-number').fill(number);
  await page.getByTestId('pin').fill(pin);
  await page.getByTestId('sign-in').click();
}

test('sign in, call next by button and by F1, transfer to a window, and follow the hall live', async ({
  browser,
}) => {
  const a1 = await hall.send({ op: 'issue', areaId: 'tax' });
  const a2 = await hall.send({ op: 'issue', areaId: 'tax', priority: true });
  expect([a1.number, a2.number]).toEqual(['A001', 'A002']);

  // 李敏 (1037) opens the page at `/` (the counter page is the hall's first page) and chooses w014 (tax).
  const li = await (await browser.newContext()).newPage();
  await signIn(li, '/', '1037', '000000');
  await expect(li.getByTestId('sign-in-message')).toContainText('还可尝试 4 次');
  await li.getByTestId('pin').fill('103710');
  await li.getByTestId('sign-in').click();
  await li.getByTestId('window-select').selectOption('w014');
  await li.getByTestId('open-window').click();
  await expect(li).toHaveURL(/\?window=w014$/);
  await expect(li.getByTestId('feed-state')).toHaveAttribute('data-state', 'live');
  await expect(li.getByTestId('waiting-tax')).toContainText('1 人，绿色通道 1 人');
  await expect(li.getByTestId('call-next')).toContainText('F1');

  // The button: priority first, with its reason.
  await li.getByTestId('call-next').click();
  await expect(li.getByTestId('current-number')).toHaveText('A002');
  await expect(li.getByTestId('priority')).toContainText('绿色通道 · 老年人');
  // The function key: done with A002, A001 called.
  await li.keyboard.press('F1');
  await expect(li.getByTestId('current-number')).toHaveText('A001');
  await expect(li.getByTestId('waiting-tax')).toContainText('0 人，绿色通道 0 人');

  // A ticket arriving at a kiosk shows up at once (the live feed), without reloading.
  await hall.send({ op: 'issue', areaId: 'tax' });
  await expect(li.getByTestId('waiting-tax')).toContainText('1 人，绿色通道 0 人');

  // 王芳 (1038) works at w023 (also tax), opened straight from the address, in English.
  const wang = await (await browser.newContext()).newPage();
  await signIn(wang, '/counter?window=w023', '1038', '103810');
  await expect(wang.getByTestId('feed-state')).toHaveAttribute('data-state', 'live');
  await wang.getByTestId('language').click();
  await expect(wang.getByTestId('call-next')).toContainText('Call next');

  // F6 opens the transfer panel; A001 goes to w023 only.
  await li.keyboard.press('F6');
  await li.getByTestId('transfer-window').selectOption('w023');
  await li.getByTestId('transfer-send').click();
  await expect(li.getByTestId('current-number')).toHaveText('—');
  await expect(wang.getByTestId('sent-here')).toContainText('A001');
  // w014 calls the next tax ticket (A003), not A001; w023 calls A001, sent from w014.
  await li.getByTestId('call-next').click();
  await expect(li.getByTestId('current-number')).toHaveText('A003');
  await wang.keyboard.press('F1');
  await expect(wang.getByTestId('current-number')).toHaveText('A001');
  await expect(wang.getByTestId('transferred-from')).toContainText('Transferred from');
  await expect(wang.getByTestId('transferred-from')).toContainText('14号窗口');

  // F8 pauses: call next is off until resumed.
  await wang.keyboard.press('F8');
  await expect(wang.getByTestId('paused')).toBeVisible();
  await expect(wang.getByTestId('call-next')).toBeDisabled();
  await wang.keyboard.press('F8');
  await expect(wang.getByTestId('paused')).toBeHidden();
  for (const page of [li, wang]) {
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  }
  await wang.screenshot({ path: screenshotPath('hall-counter-en'), fullPage: true });
  await li.screenshot({ path: screenshotPath('hall-counter-zh'), fullPage: true });

  // Every call is the person's who works at the window, in the audit log by number only.
  const events = await hall.send({
    op: 'sql',
    text: `SELECT t.number, e.event, e.counter_id, s.number AS staff FROM ticket_events e
           JOIN tickets t ON t.id = e.ticket_id LEFT JOIN staff s ON s.id = e.staff_id
           WHERE e.event IN ('called', 'transferred') ORDER BY e.id`,
  });
  expect(
    (events['rows'] as { number: string; event: string; counter_id: string; staff: string }[]).map(
      (r) => `${r.number} ${r.event} ${r.counter_id} ${r.staff}`,
    ),
  ).toEqual([
    'A002 called w014 1037',
    'A001 called w014 1037',
    'A001 transferred w014 1037',
    'A003 called w014 1037',
    'A001 called w023 1038',
  ]);
  const audit = await hall.send({
    op: 'sql',
    text: `SELECT actor, action, detail FROM audit WHERE action IN ('called', 'transferred') ORDER BY id`,
  });
  expect(audit['rows']).toContainEqual({
    actor: 'staff#1037',
    action: 'transferred',
    detail: 'A001 at w014 to window w023',
  });

  // 李敏 takes w023 over (shift change): 王芳's next key press is refused and her page says so.
  await li.goto(`${hall.url}/counter?window=w023`);
  await expect(li.getByTestId('current-number')).toHaveText('A001');
  await wang.keyboard.press('F3');
  await expect(wang.getByTestId('not-mine')).toBeVisible();
  await expect(wang.getByTestId('done')).toBeDisabled();
  let staffed = await hall.send({ op: 'sql', text: `SELECT counter_id FROM counter_staff ORDER BY 1` });
  expect(staffed['rows']).toEqual([{ counter_id: 'w023' }]);

  // Signing out closes the window: nobody works anywhere now.
  await li.getByTestId('sign-out').click();
  await expect(li.getByTestId('staff-number')).toBeVisible();
  staffed = await hall.send({ op: 'sql', text: `SELECT counter_id FROM counter_staff ORDER BY 1` });
  expect(staffed['rows']).toEqual([]);
});

test("the current ticket's matter is shown and changed at the window before done", async ({ page }) => {
  test.setTimeout(60_000);
  // 李敏 (1037) at w032 (tax); the hall's catalogue is the kiosks' sample one (SW-001 … are tax matters).
  await signIn(page, '/counter?window=w032', '1037', '103710');
  await expect(page.getByTestId('current-number')).toHaveText('—');
  const waiting = await hall.send({
    op: 'sql',
    text: `SELECT count(*)::int AS n FROM tickets WHERE state = 'waiting' AND queue_area_id = 'tax'`,
  });
  const mine = await hall.send({ op: 'issue', areaId: 'tax', matterId: 'SW-001' });
  // Call until the ticket with the matter is the one served (earlier tax tickets go first).
  const ahead = (waiting['rows'] as { n: number }[])[0]!.n;
  for (let i = 0; i <= ahead; i++) {
    await page.keyboard.press('F1');
    await expect(page.getByTestId('call-next')).toBeEnabled();
  }
  await expect(page.getByTestId('current-number')).toHaveText(String(mine['number']));
  await expect(page.getByTestId('matter-name')).toHaveText(/^.+ \(SW-001\)$/);
  const picker = page.getByTestId('matter-picker');
  await expect(picker).toHaveValue('SW-001');
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

  await picker.selectOption('SW-002');
  await expect(page.getByTestId('matter-name')).toHaveText(/\(SW-002\)$/);
  await expect(picker).toHaveValue('SW-002');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('current-number')).toHaveText('—');
  const events = await hall.send({
    op: 'sql',
    text: `SELECT e.event, e.matter_id FROM ticket_events e WHERE e.ticket_id = ${Number(mine['id'])}
           AND e.event IN ('issued', 'done') ORDER BY e.id`,
  });
  expect(events['rows']).toEqual([
    { event: 'issued', matter_id: 'SW-001' },
    { event: 'done', matter_id: 'SW-002' },
  ]);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('staff-number')).toBeVisible();
});
