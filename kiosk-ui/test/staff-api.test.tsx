import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bundle, CountersResponse, Overview, PinLoginResponse } from '@hall-kiosk/shared';
import { parseDisplayEvent, sessionToken, StaffApiError, staffRequest } from '../src/staff/staff-api.ts';
import { technicianApi } from '../src/staff/maintenance/technician-api.ts';
import { MaintenanceApp } from '../src/staff/MaintenanceApp.tsx';
import { StaffApp } from '../src/staff/StaffApp.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

/** The daemon, answering each path with a status and a body (text as is, anything else as JSON). */
function daemon(answers: Record<string, [number, unknown]>) {
  const seen: string[] = [];
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    seen.push(`${init?.method ?? 'GET'} ${path}`);
    const [status, body] = answers[path.split('?')[0]!] ?? [404, { error: `no such endpoint: ${path}` }];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return seen;
}

const device = {
  device: 'ticketPrinter',
  state: 'online',
  connection: 'emulated',
  paper: 'full',
  since: '2026-11-30T08:00:00.000Z',
};
const overview = {
  version: '0.1.0',
  uptimeSeconds: 3600,
  hall: { zh: '政务服务中心', en: 'Government Service Centre' },
  devices: [device],
  queue: [{ areaId: 'tax', prefix: 'A', ticketsToday: 3, waiting: 1 }],
  ratings: {
    byLevel: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 2 },
    outbox: { pending: 1, delivered: 2, rejected: 0, oldestPendingAt: null },
  },
  printProblems: 0,
  statistics: { ticketPrinter: { PaperCutCount: 4 } },
  printProblemList: [],
  config: { maintenance: { pinHash: '[hidden]' } },
  node: 'v20.20.2',
};

async function refusalOf(p: Promise<unknown>): Promise<StaffApiError> {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StaffApiError);
  return e as StaffApiError;
}

describe('staffRequest: every answer is parsed with its shared schema', () => {
  it('returns a well-formed answer, parsed', async () => {
    daemon({ '/api/tech/overview': [200, overview] });
    const o = await staffRequest(Overview, 'GET', '/api/tech/overview');
    expect(o.devices[0]!.state).toBe('online');
    expect(o.ratings.outbox.pending).toBe(1);
  });

  it('refuses a malformed answer with a typed unexpectedResponse error that says where it differs', async () => {
    daemon({
      '/api/tech/overview': [200, { ...overview, devices: [{ ...device, state: 'exploded' }] }],
      '/api/staff/counters': [200, { counters: 'all of them' }],
    });
    const e = await refusalOf(staffRequest(Overview, 'GET', '/api/tech/overview'));
    expect(e.kind).toBe('unexpectedResponse');
    expect(e.status).toBe(200);
    expect(e.detail?.request).toBe('GET /api/tech/overview');
    expect(e.detail?.issues).toMatch(/^devices\.0\.state: /);
    const c = await refusalOf(staffRequest(CountersResponse, 'GET', '/api/staff/counters'));
    expect(c.kind).toBe('unexpectedResponse');
    expect(c.detail?.issues).toMatch(/counters: .*areas: /);
  });

  it('refuses a 2xx answer that is not JSON', async () => {
    daemon({ '/api/staff/login': [200, '<html>proxy</html>'] });
    const e = await refusalOf(staffRequest(PinLoginResponse, 'POST', '/api/staff/login', { pin: '1' }));
    expect(e).toMatchObject({ kind: 'unexpectedResponse', detail: { issues: 'not JSON' } });
  });

  it('turns a refusal into a refused error with its body, and a 401 signs out', async () => {
    daemon({
      '/api/staff/login': [429, { error: 'too many wrong PINs; wait', retryAfterSeconds: 30 }],
      '/api/staff/counters': [401, { error: 'sign in with the staff PIN first' }],
      '/api/tech/overview': [502, 'Bad Gateway'],
    });
    const store = sessionToken('test-token');
    store.set('t0k3n');
    const locked = await refusalOf(staffRequest(PinLoginResponse, 'POST', '/api/staff/login', {}, store));
    expect(locked).toMatchObject({ kind: 'refused', status: 429, body: { retryAfterSeconds: 30 } });
    expect(store.get()).toBe('t0k3n'); // a refused sign-in keeps nothing to clear
    const out = await refusalOf(
      staffRequest(CountersResponse, 'GET', '/api/staff/counters', undefined, store),
    );
    expect(out).toMatchObject({ kind: 'refused', status: 401, message: 'sign in with the staff PIN first' });
    expect(store.get()).toBeNull();
    const bad = await refusalOf(staffRequest(Overview, 'GET', '/api/tech/overview'));
    expect(bad).toMatchObject({ kind: 'refused', status: 502, body: null });
  });

  it('keeps the diagnostics bundle exactly as sent, but only when it matches its schema', async () => {
    const bundle = {
      ...overview,
      printProblems: [],
      generatedAt: '2026-11-30T08:00:00.000Z',
      platform: 'linux x64',
      events: [],
      audit: [],
      addedLater: { kept: true },
    };
    Bundle.parse(bundle);
    daemon({ '/api/tech/bundle': [200, bundle] });
    expect(await technicianApi().bundle()).toEqual(bundle);
    daemon({ '/api/tech/bundle': [200, { ...bundle, events: 'none' }] });
    const e = await refusalOf(technicianApi().bundle());
    expect(e).toMatchObject({ kind: 'unexpectedResponse', detail: { request: 'GET /api/tech/bundle' } });
    expect(e.detail?.issues).toMatch(/^events: /);
  });
});

describe('hall display events', () => {
  const call = {
    ticketId: 1,
    number: 'A001',
    areaId: 'tax',
    counterId: '3',
    at: '2026-11-30T08:00:00.000Z',
    areaName: { zh: '税务', en: 'Tax' },
    text: { zh: '请 A001 号到 3 号窗口办理', en: 'Number A 0 0 1, please go to counter 3' },
  };

  it('parses a call event and refuses a malformed one with a typed error', () => {
    expect(parseDisplayEvent('call', JSON.stringify(call))).toEqual(call);
    const wrong = parseDisplayEvent('call', JSON.stringify({ ...call, number: 42 }));
    expect(wrong).toBeInstanceOf(StaffApiError);
    expect(wrong).toMatchObject({ kind: 'unexpectedResponse', detail: { request: 'event: call' } });
    expect(parseDisplayEvent('call', '{not json')).toMatchObject({ detail: { issues: 'not JSON' } });
  });
});

describe('the pages show an answer they cannot read, and keep working', () => {
  it('maintenance: a malformed overview is an alert, not a crash', async () => {
    sessionStorage.setItem('hall-kiosk.technician-token', 'tech');
    const seen = daemon({
      '/api/tech/overview': [200, { ...overview, devices: [{ device: 'toaster' }] }],
      '/api/tech/events': [200, { events: [] }],
    });
    render(<MaintenanceApp />);
    const alert = await screen.findByTestId('maintenance-error');
    expect(alert.textContent).toContain('服务程序的应答无法识别（GET /api/tech/overview：devices.0.device');
    expect(screen.getByTestId('device-table')).toBeTruthy();
    expect(screen.getByTestId('export-bundle')).toBeTruthy();
    expect(seen).toEqual(['GET /api/tech/overview']);
  });

  it('maintenance: a well-formed overview fills the panels', async () => {
    sessionStorage.setItem('hall-kiosk.technician-token', 'tech');
    daemon({
      '/api/tech/overview': [200, overview],
      '/api/tech/events': [
        200,
        {
          events: [
            {
              id: 1,
              at: '2026-11-30T08:00:00.000Z',
              device: 'ticketPrinter',
              state: 'userError',
              paper: 'out',
              detail: 'paper out',
            },
          ],
        },
      ],
    });
    render(<MaintenanceApp />);
    expect((await screen.findByTestId('device-ticketPrinter')).textContent).toContain('online');
    expect((await screen.findByTestId('events')).textContent).toContain('paper out');
    expect(screen.getByTestId('statistics').textContent).toContain('PaperCutCount 4');
    expect(screen.getByTestId('outbox').textContent).toContain('1');
    expect(screen.getByTestId('config').textContent).toContain('[hidden]');
    expect(screen.queryByTestId('maintenance-error')).toBeNull();
  });

  it('counter page: a malformed counter list is an alert, not a crash', async () => {
    sessionStorage.setItem('hall-kiosk.staff-token', 'staff');
    daemon({ '/api/staff/counters': [200, { counters: [{ id: 3 }], areas: [] }] });
    render(<StaffApp />);
    expect((await screen.findByRole('alert')).textContent).toContain('GET /api/staff/counters');
  });
});
