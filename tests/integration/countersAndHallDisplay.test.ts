import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Announcement,
  ApiErrorBody,
  CounterActionResponse,
  CountersResponse,
  CounterView,
  DisplayCallsResponse,
  EmptyResponse,
  PinLoginResponse,
} from '@hall-kiosk/shared';
import { hashPin } from '../../device-daemon/src/auth/pin-hash.ts';
import { startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

describe('counters and the hall display, behind the staff PIN', () => {
  const dir = tempDir('counters');
  let daemon: DaemonProcess;
  let token = '';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${daemon.url}${path.slice(1)}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
  /** A refusal: its status, and a body in the shared ApiErrorBody shape the pages parse. */
  const refusal = async (response: Promise<Response>) => {
    const r = await response;
    ApiErrorBody.parse(await r.json());
    return r.status;
  };
  // What the daemon sends is parsed with the shared wire schemas the counter page and the display use
  // (shared/src/http/staff.ts): a field the daemon stops sending, or sends in another shape, fails here.

  beforeAll(async () => {
    daemon = await startDaemon({
      dir,
      config: {
        staff: {
          pinHash: await hashPin('246810', { N: 1 << 12 }),
          counters: [{ id: '3', areaIds: ['tax', 'realEstate'] }],
        },
        devices: {},
      },
    });
    const ws = await TestSocket.open(daemon.url);
    for (const [i, areaId] of ['tax', 'tax', 'realEstate'].entries()) {
      ws.command('Queue.IssueTicket', i + 1, { areaId });
      await ws.completion(i + 1);
    }
    ws.close();
  });
  afterAll(() => daemon?.stop());

  it('refuses every staff endpoint without signing in', async () => {
    expect(await refusal(api('/api/staff/counters'))).toBe(401);
    expect(await refusal(post('/api/staff/counters/3', { action: 'call' }))).toBe(401);
    expect(await refusal(api('/api/display/calls'))).toBe(401);
    expect(await refusal(api('/api/display/events?token=guess'))).toBe(401);
  });

  it('signs in, calls the next number, and the display hears it with its announcement', async () => {
    const login = await post('/api/staff/login', { pin: '246810' });
    expect(login.status).toBe(200);
    token = PinLoginResponse.parse(await login.json()).token;

    const setup = CountersResponse.parse(await (await api('/api/staff/counters')).json());
    expect(setup.counters).toEqual([{ id: '3', areaIds: ['tax', 'realEstate'] }]);
    expect(setup.areas.map((a) => a.id)).toEqual(expect.arrayContaining(['tax', 'realEstate']));

    const events = await api(`/api/display/events?token=${encodeURIComponent(token)}`);
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body!.getReader();

    const called = await post('/api/staff/counters/3', { action: 'call' });
    expect(CounterActionResponse.parse(await called.json()).ticket!.number).toBe('A001');

    let text = '';
    while (!text.includes('event: call')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('请 A001 号到 3 号窗口办理');
    const data = /event: call\ndata: (.*)\n/.exec(text)![1]!;
    expect(Announcement.parse(JSON.parse(data))).toMatchObject({ number: 'A001', counterId: '3' });
    await reader.cancel();

    expect(DisplayCallsResponse.parse(await (await api('/api/display/calls')).json()).calls[0]!.number).toBe(
      'A001',
    );
  });

  it('recalls, transfers, marks a no-show and finishes, each stored as an event', async () => {
    CounterActionResponse.parse(await (await post('/api/staff/counters/3', { action: 'recall' })).json());
    const moved = CounterActionResponse.parse(
      await (await post('/api/staff/counters/3', { action: 'transfer', toAreaId: 'realEstate' })).json(),
    );
    expect(moved.ticket).toMatchObject({ number: 'A001', areaId: 'realEstate' });
    // A001 keeps its original arrival, so it is called before B001 in real estate; A002 is older still.
    const next = async () =>
      CounterActionResponse.parse(await (await post('/api/staff/counters/3', { action: 'call' })).json())
        .ticket!.number;
    expect(await next()).toBe('A001');
    CounterActionResponse.parse(await (await post('/api/staff/counters/3', { action: 'noShow' })).json());
    expect(await next()).toBe('A002');
    const finished = CounterActionResponse.parse(
      await (await post('/api/staff/counters/3', { action: 'done' })).json(),
    );
    expect(finished.ticket).toMatchObject({ number: 'A002', state: 'done' });
    const view = CounterView.parse(await (await api('/api/staff/counters/3')).json());
    expect(view.current).toBeNull();
    expect(view.waiting.map((w) => w.number)).toEqual(['B001']);

    const db = new Database(join(dir, 'data', 'kiosk.db'), { readonly: true });
    const log = db
      .prepare(
        `SELECT t.number, e.event FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id ORDER BY e.id`,
      )
      .all()
      .map((r) => `${(r as { number: string }).number}:${(r as { event: string }).event}`);
    db.close();
    expect(log).toEqual([
      'A001:issued',
      'A002:issued',
      'B001:issued',
      'A001:called',
      'A001:recalled',
      'A001:transferred',
      'A001:called',
      'A001:noShow',
      'A002:called',
      'A002:done',
    ]);
  });

  it('refuses bad requests with a clear status and keeps running', async () => {
    expect(await refusal(post('/api/staff/counters/3', { action: 'transfer', toAreaId: 'moon' }))).toBe(400);
    expect(await refusal(post('/api/staff/counters/3', { action: 'dance' }))).toBe(400);
    expect(await refusal(post('/api/staff/counters/99', { action: 'call' }))).toBe(404);
    const raw = (body: string, type: string) =>
      refusal(api('/api/staff/counters/3', { method: 'POST', body, headers: { 'content-type': type } }));
    expect(await raw('x'.repeat(10_000), 'application/json')).toBe(413);
    expect(await raw('{', 'application/json')).toBe(400);
    expect(await raw('a=1', 'text/plain')).toBe(415);
    expect((await daemon.health()).status).toBeDefined();
  });

  it('serves the counter page and the hall display with the strict CSP', async () => {
    for (const page of ['staff', 'display']) {
      const r = await fetch(`${daemon.url}${page}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await r.text()).toContain(`/assets/${page}-`);
    }
  });

  it('signs out: the token is refused afterwards', async () => {
    const out = await post('/api/staff/logout', {});
    expect(out.status).toBe(200);
    EmptyResponse.parse(await out.json());
    expect(await refusal(api('/api/staff/counters'))).toBe(401);
  });

  it('locks sign-in after five wrong PINs', async () => {
    token = '';
    const statuses = [];
    const bodies: ApiErrorBody[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post('/api/staff/login', { pin: '000000' });
      statuses.push(r.status);
      bodies.push(ApiErrorBody.parse(await r.json()));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect(bodies.map((b) => b.attemptsLeft ?? b.retryAfterSeconds! > 0)).toEqual([4, 3, 2, 1, true, true]);
    expect((await post('/api/staff/login', { pin: '246810' })).status).toBe(429);
    expect(daemon.logs().some((l) => l.msg === 'staff login locked after repeated wrong PINs')).toBe(true);
  });
});
