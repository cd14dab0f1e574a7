// The supervisors' page and the admin page in Chromium against a real hall server (`kiosk hall init`
// and `kiosk hall start` as a separate process) on a throw-away PostgreSQL: a kiosk calls for staff
// (帮办) and a supervisor sees it arrive and acknowledges it; the admin registers a display and sees
// its one-time code and the hall CA's fingerprint, and the code enrols the display.
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { KIOSK_BIN, stop, tempDir } from '../support/harness.ts';
import { freePort, startPostgres, type PgCluster } from '../support/postgres.ts';
import { screenshotPath } from '../support/artifacts.ts';

let cluster: PgCluster;
let server: ChildProcess;
let dir: string;
let url: string;
let ca: string;

/** A JSON request to the hall over HTTPS, trusting only the hall's CA. */
function api(
  method: string,
  path: string,
  o: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request(
      `${url}${path}`,
      {
        method,
        ca,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function login(number: string, pin: string): Promise<string> {
  const r = await api('POST', '/api/staff/login', { body: { number, pin } });
  expect(r.status).toBe(200);
  return r.body['token'] as string;
}

function kiosk(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [KIOSK_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startPostgres();
  dir = tempDir('hall-e2e');
  const c = cluster.connection;
  const config = join(dir, 'hall.json');
  writeFileSync(
    config,
    JSON.stringify({
      hall: { name: { zh: '区政务服务中心', en: 'District Service Centre' }, timeZone: 'Asia/Shanghai' },
      server: {
        host: '127.0.0.1',
        port: await freePort(),
        tls: { certFile: 'server.pem', keyFile: 'server.key', caFile: 'ca.pem' },
      },
      database: { url: `postgres://${c.user}@127.0.0.1:${c.port}/${c.database}`, poolSize: 5 },
      areas: [
        { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } },
        { id: 'social', prefix: 'C', name: { zh: '社保服务', en: 'Social security' } },
      ],
      counters: [
        { id: '1', areaIds: ['tax', 'social'] },
        { id: '37', areaIds: ['tax'] },
      ],
      zones: [{ id: 'z1', name: { zh: '一楼', en: 'Floor 1' }, areaIds: ['tax', 'social'] }],
    }),
  );
  const init = kiosk(
    ['hall', 'init', '--config', config, '--admin', '9001', '--name', '管理员', '--cert-names', '127.0.0.1'],
    { HALL_ADMIN_PIN: '900190' },
  );
  const initCode = await new Promise<number | null>((resolve) => init.once('exit', resolve));
  expect(initCode).toBe(0);
  ca = readFileSync(join(dir, 'ca.pem'), 'utf8');

  server = kiosk(['hall', 'start', '--config', config]);
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hall server did not start: ${out}`)), 60_000);
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /hall server: (https:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server.once('exit', (code) => reject(new Error(`hall server exited with ${code}: ${out}`)));
  });

  const admin = await login('9001', '900190');
  for (const [number, name, role, pin] of [
    ['8001', '值班主任', 'supervisor', '800180'],
    ['1037', '李敏', 'counter', '103710'],
  ] as const)
    expect(
      (await api('POST', '/api/admin/staff', { token: admin, body: { number, name, role, pin } })).status,
    ).toBe(201);
});

test.afterAll(async () => {
  if (server) await stop(server);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page, path: string, number: string, pin: string) {
  await page.goto(`${url}${path}`);
  await page.getByLabel('工号').fill(number);
  await page.getByLabel('密码（PIN）').fill(pin);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a kiosk calls for staff; the supervisor sees it arrive and acknowledges it; the kiosk is told', async ({
  browser,
}) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, '/supervisor', '8001', '800180');
  const help = page.getByRole('region', { name: '帮办呼叫' });
  await expect(help).toContainText('暂无呼叫');

  // The kiosk is registered and enrolled, then its "呼叫工作人员" button is pressed (the daemon's request).
  const admin = await login('9001', '900190');
  const reg = await api('POST', '/api/admin/devices', {
    token: admin,
    body: { id: 'kiosk-24h', kind: 'kiosk', location: '24小时自助区' },
  });
  const enrolled = await api('POST', '/api/enrol', { body: { code: reg.body['code'] } });
  const token = enrolled.body['token'] as string;
  const call = await api('POST', '/api/kiosk/help', { token, body: {} });
  expect(call.status).toBe(200);

  // No reload: the page fetches again at least every 5 s.
  await expect(help).toContainText('24小时自助区 的自助终端 kiosk-24h 呼叫工作人员', { timeout: 12_000 });
  await page.screenshot({ path: screenshotPath('hall-supervisor-help-call') });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await help.getByRole('button', { name: '我去处理' }).click();
  await expect(help).toContainText('暂无呼叫');
  const state = await api('GET', `/api/kiosk/help/${call.body['id']}`, { token });
  expect(state.body['state']).toBe('acknowledged');

  // The daily report of today is one click away and prints on A4.
  await page.getByRole('link', { name: '日通报 →' }).click();
  await expect(page).toHaveURL(/\/supervisor\/report\?date=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole('heading', { level: 2 })).toContainText('区政务服务中心 日通报');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await page.screenshot({ path: screenshotPath('hall-report-print'), fullPage: true });
  await context.close();
});

test('the admin registers a display and sees its one-time code, expiry and CA fingerprint; the code enrols it', async ({
  browser,
}) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, '/admin', '9001', '900190');
  const devices = page.getByRole('region', { name: '设备' });
  await devices.getByLabel('设备编号').fill('display-floor1');
  await devices.getByLabel('类型').selectOption('display');
  await devices.getByLabel('位置').fill('一楼大厅入口');
  await devices.getByLabel('区域分屏（显示屏）').selectOption('z1');
  await devices.getByRole('button', { name: '登记设备，生成一次性码' }).click();

  const box = devices.getByRole('status');
  await expect(box).toContainText('display-floor1 的一次性登记码');
  const code = (await box.locator('[data-code]').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(box).toContainText('有效至');
  await expect(box.locator('[data-fingerprint]')).toHaveText(new X509Certificate(ca).fingerprint256);
  await expect(devices.locator('[data-device="display-floor1"]')).toContainText('待登记');
  await expect(page.getByRole('region', { name: /审计日志/ })).toContainText('deviceRegistered');
  await page.screenshot({ path: screenshotPath('hall-admin-code') });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  const enrolled = await api('POST', '/api/enrol', { body: { code } });
  expect(enrolled.status).toBe(200);
  expect(enrolled.body['device']).toMatchObject({ id: 'display-floor1', kind: 'display', zoneId: 'z1' });
  await page.reload();
  await expect(devices.locator('[data-device="display-floor1"]')).toContainText('已登记');

  // A supervisor is not an admin.
  const other = await browser.newContext({ ignoreHTTPSErrors: true });
  const p2 = await other.newPage();
  await signIn(p2, '/admin', '8001', '800180');
  await expect(p2.getByRole('alert')).toContainText('此页面仅供管理员使用');
  await other.close();
  await context.close();
});
