import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  Bundle,
  CardLoginResponse,
  EmptyResponse,
  EventsResponse,
  HealthResult,
  Overview,
  PinLoginResponse,
  ReconnectResponse,
  StatisticsResetResponse,
} from '@hall-kiosk/shared';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { TECHNICIAN_CARD_KEY, technicianCardDigest } from '../../device-daemon/src/diagnostics/technician.ts';
import { FileSecretStore, SECRETS_FILE } from '../../device-daemon/src/storage/secret-file.ts';
import { runKiosk, startEmulatedDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { scanForPersonalData } from '../support/privacy-scan.ts';

type Result = { device: string; level: string; result: string; text: string; status: { state: string } };

describe('technician diagnostics: health checks, statistics, event log, metrics, maintenance API', () => {
  const dir = tempDir('diag');
  let daemon: DaemonProcess;
  let token = '';
  /** The daemon with emulated printer, card reader and scanner, all online. */
  const start = async () =>
    startEmulatedDaemon('diag', {
      dir,
      scanner: true,
      config: { maintenance: { pinHash: await hashPin('135790', { N: 1 << 12 }) } },
    });
  const control = async (device: string, action: Record<string, unknown>) => {
    const r = await fetch(`${daemon.url}emulator/api/emulators/${device}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action),
    });
    expect(r.ok).toBe(true);
  };
  const tech = (path: string, body?: unknown) =>
    fetch(`${daemon.url}api/tech/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  // Answers of the maintenance API are parsed with the shared wire schemas the maintenance page uses
  // (shared/src/http/technician.ts), so a change in what the daemon sends fails here.
  const refusal = async (response: Promise<Response>) => {
    const r = await response;
    ApiErrorBody.parse(await r.json());
    return r.status;
  };
  const diag = async (...args: string[]) => {
    const r = await runKiosk(['diag', '--config', join(dir, 'config.json'), '--json', ...args]);
    return {
      code: r.code,
      results: (JSON.parse(r.stdout) as { via: string; results: Result[] }).results,
      via: (JSON.parse(r.stdout) as { via: string }).via,
    };
  };

  beforeAll(async () => {
    daemon = await start();
  });
  afterAll(() => daemon?.stop());

  it('kiosk diag checks every device through the running daemon, and exits 1 when one is unhealthy', async () => {
    const good = await diag();
    expect(good.via).toMatch(/running daemon/);
    expect(good.code).toBe(0);
    expect(good.results.map((r) => `${r.device}:${r.result}`).sort()).toEqual([
      'idCardReader:ok',
      'scanner:ok',
      'ticketPrinter:ok',
    ]);

    await control('ticketPrinter', { action: 'paperOut' });
    await control('idCardReader', { action: 'samFail' });
    const bad = await diag();
    expect(bad.code).toBe(1);
    const byDevice = Object.fromEntries(bad.results.map((r) => [r.device, r]));
    expect(byDevice.ticketPrinter).toMatchObject({ result: 'failed', status: { state: 'userError' } });
    expect(byDevice.ticketPrinter!.text).toMatch(/paper out.*load paper/);
    expect(byDevice.idCardReader).toMatchObject({ result: 'failed' });
    expect(byDevice.idCardReader!.text).toMatch(/^SAM: /);

    await control('ticketPrinter', { action: 'loadPaper' });
    await control('ticketPrinter', { action: 'openCover' });
    await control('idCardReader', { action: 'samOk' });
    await control('idCardReader', { action: 'unplug' });
    await expect
      .poll(
        async () =>
          Object.fromEntries((await diag('--level', 'internal')).results.map((r) => [r.device, r.text])),
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({
        ticketPrinter: expect.stringMatching(/cover open/),
        idCardReader: expect.stringMatching(/^(offline|noDevice)/),
      });
    await control('ticketPrinter', { action: 'closeCover' });
    await control('idCardReader', { action: 'plug' });
    await control('scanner', { action: 'unplug' });
    await expect
      .poll(async () => (await diag('--level', 'internal', '--device', 'scanner')).results[0]!.result, {
        timeout: 10_000,
      })
      .toBe('failed');
    await control('scanner', { action: 'plug' });
    await expect.poll(async () => (await daemon.health()).status, { timeout: 10_000 }).toBe('ok');
    await control('ticketPrinter', { action: 'loadPaper' });
    await control('idCardReader', { action: 'samOk' });
  });

  it('kiosk status shows the daemon on one screen', async () => {
    const r = await runKiosk(['status', '--config', join(dir, 'config.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ticketPrinter\s+\w+/);
    expect(r.stdout).toMatch(/queue today: A 0/);
  });

  it('the maintenance API needs the technician PIN; every step is audited', async () => {
    expect(await refusal(tech('overview'))).toBe(401);
    const login = await tech('login', { pin: '135790' });
    expect(login.status).toBe(200);
    token = PinLoginResponse.parse(await login.json()).token;
    const overview = Overview.parse(await (await tech('overview')).json());
    expect((overview.config as { maintenance: { pinHash: string } }).maintenance.pinHash).toBe('[hidden]');

    // Interactive checks: a test page, a card placed (masked), a code scanned.
    const page = HealthResult.parse(
      await (await tech('check', { device: 'ticketPrinter', level: 'interactive' })).json(),
    );
    expect(page.result).toBe('ok');
    const receipts = (await (
      await fetch(`${daemon.url}emulator/api/emulators/ticketPrinter/receipts`)
    ).json()) as { receipts: { text: string }[] };
    expect(receipts.receipts.at(-1)!.text).toContain('打印机测试页');
    const cardCheck = tech('check', { device: 'idCardReader', level: 'interactive' });
    await new Promise((r) => setTimeout(r, 300));
    await control('idCardReader', { action: 'placeCard', card: 'elderResident' });
    const card = HealthResult.parse(await (await cardCheck).json());
    expect(card.text).toMatch(/^card read: 李\*\* 3601\*{10}1238/);
    await control('idCardReader', { action: 'removeCard' });

    expect(await refusal(tech('statistics/reset', { device: 'ticketPrinter' }))).toBe(400); // no confirm
    const stats = Overview.parse(await (await tech('overview')).json());
    expect(stats.statistics.ticketPrinter!.ReceiptLinePrintedCount).toBeGreaterThan(10);
    expect(stats.statistics.ticketPrinter!.PaperCutCount).toBeGreaterThanOrEqual(1);
    expect(stats.statistics.idCardReader!.GoodReadCount).toBe(1);

    const events = EventsResponse.parse(await (await tech('events?device=ticketPrinter&problems=1')).json());
    expect(events.events.some((e) => e.state === 'userError' && e.detail === 'paper out')).toBe(true);

    const bundle = await tech('bundle');
    expect(bundle.headers.get('content-disposition')).toMatch(/attachment; filename="kiosk-diagnostics-/);
    const text = await bundle.text();
    expect(JSON.parse(text)).toHaveProperty('statistics');
    expect(Bundle.parse(JSON.parse(text)).events.length).toBeGreaterThan(0);
    expect(scanForPersonalData([], { bundle: text }).hits).toEqual([]);

    const reset = await tech('statistics/reset', { device: 'ticketPrinter', confirm: true });
    expect(reset.status).toBe(200);
    expect(StatisticsResetResponse.parse(await reset.json()).statistics?.PaperCutCount).toBe(0);
    const out = await tech('logout', {});
    expect(out.status).toBe(200);
    EmptyResponse.parse(await out.json());
    token = '';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await refusal(tech('login', { pin: '000000' })));
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const audit = (db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map(
      (a) => a.action,
    );
    db.close();
    expect(audit).toEqual([
      'enter',
      'check',
      'check',
      'exportBundle',
      'resetStatistics',
      'leave',
      'wrongPin',
      'wrongPin',
      'wrongPin',
      'wrongPin',
      'locked',
    ]);
  });

  it('statistics survive a restart; /metrics serves them in Prometheus text from this machine', async () => {
    await control('ticketPrinter', { action: 'clearHistory' });
    await daemon.stop();
    daemon = await start();
    const metrics = await (await fetch(`${daemon.url}metrics`)).text();
    expect(metrics).toContain('# TYPE kiosk_device_online gauge');
    expect(metrics).toMatch(/kiosk_device_online\{device="ticketPrinter"\} 1/);
    expect(metrics).toMatch(/kiosk_device_statistic\{device="idCardReader",name="GoodReadCount"\} 1/);
    expect(metrics).toMatch(/kiosk_device_statistic\{device="ticketPrinter",name="PaperCutCount"\} 0/);
    expect(metrics).toMatch(/kiosk_rating_outbox\{state="pending"\} 0/);
    expect(metrics).toMatch(/kiosk_device_statistic\{device="ticketPrinter",name="HoursPoweredCount"\} \d/);
  });

  it('reconnect, the unfiltered event log and card sign-in answer in the shared wire types', async () => {
    token = PinLoginResponse.parse(await (await tech('login', { pin: '135790' })).json()).token;
    const reconnect = await tech('reconnect', { device: 'scanner' });
    expect(reconnect.status).toBe(200);
    expect(ReconnectResponse.parse(await reconnect.json()).status.device).toBe('scanner');
    expect(await refusal(tech('reconnect', { device: 'toaster' }))).toBe(400);
    const events = EventsResponse.parse(await (await tech('events')).json()).events;
    expect(new Set(events.map((e) => e.device)).size).toBeGreaterThan(1);
    expect(await refusal(tech('card-login', {}))).toBe(404); // no technician cards configured
    EmptyResponse.parse(await (await tech('logout', {})).json());
    token = '';
  });

  it('kiosk diag opens the devices itself when no daemon is running', async () => {
    await daemon.stop();
    const r = await diag('--level', 'external');
    expect(r.via).toMatch(/no daemon running/);
    expect(r.code).toBe(0);
    expect(r.results).toHaveLength(3);
    daemon = await start();
  });
});

describe('technician card sign-in', () => {
  let daemon: DaemonProcess;
  beforeAll(async () => {
    // As a technician would with `kiosk hash-card` on the kiosk: the digest is keyed with this
    // installation's own secret, made first in the data directory the daemon will use.
    const dir = tempDir('card-login');
    mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
    const key = await new FileSecretStore(join(dir, 'data', SECRETS_FILE)).secret(TECHNICIAN_CARD_KEY);
    daemon = await startEmulatedDaemon('card-login', {
      dir,
      config: {
        maintenance: {
          pinHash: await hashPin('135790', { N: 1 << 12 }),
          // The "resident" sample card is this hall's technician.
          technicianCards: [technicianCardDigest(key, '360102199208204522')],
        },
      },
    });
  });
  afterAll(() => daemon?.stop());

  const cardLogin = () =>
    fetch(`${daemon.url}api/tech/card-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

  it('serves one card sign-in at a time: a second waiting caller is refused and never gets the token', async () => {
    // Two callers at once: whichever the daemon takes first waits for a card, the other is refused at
    // once (no sleep guesses which comes first on a loaded machine).
    const callers = [cardLogin(), cardLogin()];
    const answered = await Promise.race(callers.map((c, i) => c.then((r) => ({ i, r }))));
    const second = answered.r;
    const first = callers[1 - answered.i]!;
    expect(second.status).toBe(409);
    const refusedBody = (await second.json()) as Record<string, unknown>;
    ApiErrorBody.parse(refusedBody);
    expect(refusedBody).not.toHaveProperty('token');

    const placed = await fetch(`${daemon.url}emulator/api/emulators/idCardReader/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'placeCard', card: 'resident' }),
    });
    expect(placed.ok).toBe(true);
    const answer = await first;
    expect(answer.status).toBe(200);
    const { token } = CardLoginResponse.parse(await answer.json());
    const overview = await fetch(`${daemon.url}api/tech/overview`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(overview.status).toBe(200);
  });

  it('makes no session when the page that asked has gone before the card is read', async () => {
    // The first test's card is taken away; the reader waits for the next.
    await fetch(`${daemon.url}emulator/api/emulators/idCardReader/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'removeCard' }),
    });
    const gone = new AbortController();
    const asked = fetch(`${daemon.url}api/tech/card-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: gone.signal,
    }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 300));
    gone.abort();
    expect(await asked).toBe('aborted');
    await fetch(`${daemon.url}emulator/api/emulators/idCardReader/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'placeCard', card: 'resident' }),
    });
    const db = () => new Database(join(daemon.dir, 'data', 'kiosk.db'), { readonly: true });
    const actions = () => {
      const d = db();
      try {
        return (d.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map(
          (r) => r.action,
        );
      } finally {
        d.close();
      }
    };
    const started = Date.now();
    while (!actions().includes('cardLoginAbandoned') && Date.now() - started < 10_000)
      await new Promise((r) => setTimeout(r, 50));
    // One session for the first test's sign-in; none for the page that went away.
    expect(actions().filter((a) => a === 'enter')).toHaveLength(1);
    expect(actions()).toContain('cardLoginAbandoned');
  });
});
