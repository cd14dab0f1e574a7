import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Announcement } from '@hall-kiosk/shared';
import { DisplayApp } from '../src/staff/DisplayApp.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const call: Announcement = {
  ticketId: 1,
  number: 'A001',
  areaId: 'tax',
  counterId: '3',
  at: '2026-11-30T08:01:00.000Z',
  areaName: { zh: '税务', en: 'Tax' },
  text: { zh: '请 A001 号到 3 号窗口办理', en: 'Number A001, please go to counter 3' },
};

/** EventSource as the display uses it: records the URLs opened, and lets the test end a stream. */
class FakeEventSource extends EventTarget {
  static opened: FakeEventSource[] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
    queueMicrotask(() => this.dispatchEvent(new Event('open')));
  }
  close() {
    this.closed = true;
  }
}

describe('the hall display', () => {
  it('opens its stream with a single-use ticket and, once the daemon answers 401, goes back to sign-in', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    sessionStorage.setItem('hall-kiosk.display-token', 'display-session-token');
    let restarted = false;
    const requests: string[] = [];
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${path}`);
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
      if (restarted) return json(401, { error: 'sign in with the staff PIN first' });
      if (path === '/api/display/calls') return json(200, { calls: [call] });
      if (path === '/api/display/ticket' && init?.method === 'POST')
        return json(200, { ticket: 'ticket-0123456789abcdef', expiresAt: '2026-11-30T08:02:00.000Z' });
      return json(404, { error: 'no' });
    });
    render(<DisplayApp />);
    expect((await screen.findByTestId('display-latest')).textContent).toContain('A001');
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual([
      '/api/display/events?ticket=ticket-0123456789abcdef',
    ]);

    // The daemon restarts: the stream breaks, and the session it knew is gone.
    restarted = true;
    act(() => {
      FakeEventSource.opened[0]!.dispatchEvent(new Event('error'));
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    await waitFor(() => expect(screen.getByTestId('pin')).toBeTruthy());
    expect(screen.queryByTestId('display-latest')).toBeNull();
    expect(sessionStorage.getItem('hall-kiosk.display-token')).toBeNull();
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    expect(requests).toContain('GET /api/display/calls');
  });

  it('signs in as a display, not as staff', async () => {
    const requests: string[] = [];
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${path}`);
      return new Response(JSON.stringify({ error: 'wrong PIN', attemptsLeft: 4 }), { status: 401 });
    });
    render(<DisplayApp />);
    for (const d of '246810') (await screen.findByTestId(`pin-${d}`)).click();
    screen.getByTestId('pin-OK').click();
    await screen.findByTestId('pin-message');
    expect(requests).toEqual(['POST /api/display/login']);
  });
});
