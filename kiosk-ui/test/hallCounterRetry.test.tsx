import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HallCounterLayout, HallCounterState } from '@hall-kiosk/shared';
import { ACTION_RETRY, CounterPage } from '../src/hall/counter/CounterPage.tsx';

/** EventSource that never opens: the page's feed is not what these tests look at. */
class QuietEventSource extends EventTarget {
  static CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  close() {
    this.readyState = 2;
  }
}

const layout: HallCounterLayout = {
  name: { zh: '区政务服务中心', en: 'District centre' },
  timeZone: 'Asia/Shanghai',
  areas: [{ id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } }],
  counters: [{ id: 'w014', name: '14号窗口', areaIds: ['tax'] }],
};
const me = { id: 3, number: '1037', name: '李敏', role: 'counter' };
function windowState(current: string | null): HallCounterState {
  return {
    counter: { id: 'w014', name: '14号窗口', areaIds: ['tax'], paused: false },
    staff: { id: 3, number: '1037', name: '李敏', since: '2026-11-30T01:00:00.000Z' },
    current: current
      ? {
          ticketId: 7,
          number: current,
          areaId: 'tax',
          priority: false,
          priorityReason: null,
          appointment: false,
          matter: null,
          calledAt: '2026-11-30T02:05:00.000Z',
          transferredFrom: null,
        }
      : null,
    waiting: [{ areaId: 'tax', priority: 0, regular: 3 }],
    sentHere: [],
  };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/** The hall as the page sees it: `link` says whether a call-next gets through. */
function hall() {
  const h = { link: 'down' as 'down' | 'up' | 'refuse', keys: [] as string[], done: new Set<string>() };
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    if (path === '/api/staff/me') return json(me);
    if (path === '/api/hall') return json(layout);
    if (path === '/api/counter/w014/open' || path === '/api/counter/w014') return json(windowState(null));
    if (path === '/api/counter/w014/call-next') {
      const key = (init?.headers as Record<string, string>)['idempotency-key']!;
      h.keys.push(key);
      if (h.link === 'down') throw new TypeError('Failed to fetch');
      if (h.link === 'refuse') return json({ error: 'not signed in there', code: 'notAtCounter' }, 403);
      h.done.add(key);
      return json({
        ticket: { id: 7, number: 'A001', areaId: 'tax', priority: false },
        state: windowState('A001'),
      });
    }
    return json({ error: 'not here' }, 404);
  });
  return h;
}

const saved = { ...ACTION_RETRY };
beforeEach(() => {
  Object.assign(ACTION_RETRY, { attempts: 3, timeoutMs: 500, pausesMs: [10, 10] });
  vi.stubGlobal('EventSource', QuietEventSource);
  history.replaceState(null, '', '/counter?window=w014');
});
afterEach(() => {
  cleanup();
  Object.assign(ACTION_RETRY, saved);
  vi.unstubAllGlobals();
});

describe('a window action while the hall server cannot be reached', () => {
  it('is tried again with the same key, says plainly it is not confirmed, and Retry sends the same key', async () => {
    const h = hall();
    render(<CounterPage />);
    fireEvent.click(await screen.findByTestId('call-next'));
    const error = await screen.findByTestId('error');
    expect(error.textContent).toContain('无法连接大厅服务器（已尝试 3 次）');
    expect(h.keys).toHaveLength(3);
    expect(new Set(h.keys).size).toBe(1);
    expect(h.keys[0]).toMatch(/^counter-[0-9a-f-]{36}$/);
    // What it showed before stays (nobody called): nothing half-done on the screen.
    expect(screen.getByTestId('current-number').textContent).toBe('—');

    h.link = 'up';
    fireEvent.click(screen.getByTestId('retry-action'));
    await waitFor(() => expect(screen.getByTestId('current-number').textContent).toBe('A001'));
    expect(h.keys).toHaveLength(4);
    expect(h.keys[3]).toBe(h.keys[0]);
    expect(screen.getByTestId('action-notice').textContent).toContain('只办理了一次');
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('a new press is a new action with a new key; a refusal is not retried', async () => {
    const h = hall();
    h.link = 'up';
    render(<CounterPage />);
    fireEvent.click(await screen.findByTestId('call-next'));
    await waitFor(() => expect(h.keys).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('call-next')).not.toHaveProperty('disabled', true));
    fireEvent.click(screen.getByTestId('call-next'));
    await waitFor(() => expect(h.keys).toHaveLength(2));
    expect(h.keys[1]).not.toBe(h.keys[0]);
    expect(screen.queryByTestId('action-notice')).toBeNull();
    // An answer, even a refusal, is final: not sent again, and no Retry offered.
    h.link = 'refuse';
    await waitFor(() => expect(screen.getByTestId('call-next')).not.toHaveProperty('disabled', true));
    fireEvent.click(screen.getByTestId('call-next'));
    expect((await screen.findByTestId('error')).textContent).toContain('你已不在此窗口登录');
    expect(h.keys).toHaveLength(3);
    expect(screen.queryByTestId('retry-action')).toBeNull();
  });

  it('gets through on the second attempt by itself: done once, and says so', async () => {
    const h = hall();
    render(<CounterPage />);
    const press = await screen.findByTestId('call-next');
    setTimeout(() => (h.link = 'up'), 5);
    fireEvent.click(press);
    await waitFor(() => expect(screen.getByTestId('current-number').textContent).toBe('A001'));
    expect(new Set(h.keys).size).toBe(1);
    expect(h.done.size).toBe(1);
    expect(screen.getByTestId('action-notice').textContent).toContain('只办理了一次');
  });
});
