import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayState, LocalizedText, PadState } from '@hall-kiosk/shared';
import { PadApp, PAD_TIMEOUTS } from '../src/hall/pad/PadApp.tsx';
import { DisplayApp } from '../src/hall/display/DisplayApp.tsx';
import { navigate } from '../src/hall/devices.ts';

/** EventSource as the live feed hook uses it; the test opens, breaks and feeds the streams. */
class FakeEventSource extends EventTarget {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  send(data: unknown) {
    this.dispatchEvent(Object.assign(new Event('ticket'), { data: JSON.stringify(data) }));
  }
  close() {
    this.readyState = 2;
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const feedEvent = {
  id: 9,
  ticketId: 7,
  event: 'done',
  areaId: 'tax',
  counterId: 'w014',
  at: '2026-11-30T02:00:00.000Z',
};

let saved = { ...PAD_TIMEOUTS };
beforeEach(() => {
  saved = { ...PAD_TIMEOUTS };
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  cleanup();
  Object.assign(PAD_TIMEOUTS, saved);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function padState(over: Partial<PadState> = {}): PadState {
  return {
    counter: { id: 'w014', name: '14号窗口' },
    staff: { number: '1037', name: '李敏', initials: '李', photo: false },
    serving: null,
    toRate: null,
    now: '2026-11-30T02:00:00.000Z',
    ...over,
  };
}
const toRate = {
  ticketId: 7,
  number: 'A007',
  finishedAt: '2026-11-30T02:00:00.000Z',
  staff: { number: '1038', name: '王芳', initials: '王', photo: false },
};

describe('the rating pad', () => {
  it('asks after done, takes reasons for 不满意, and sends again with the same key after a failure', async () => {
    let state = padState({ serving: { ticketId: 7, number: 'A007' } });
    const posts: { key: string; body: Record<string, unknown> }[] = [];
    let failNext = true;
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      if (path === '/api/pad/state') return json(200, state);
      if (path === '/api/pad/ratings') {
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        posts.push({ key: String(body['idempotencyKey']), body });
        if (failNext) {
          failNext = false;
          return json(503, { error: 'the hall server could not do this' });
        }
        return json(201, { ratingId: 1, replayed: false });
      }
      return json(404, { error: 'no' });
    });
    render(<PadApp />);
    act(() => FakeEventSource.opened[0]!.open());
    await waitFor(() => expect(screen.getByTestId('pad-now').textContent).toContain('正在为 A007 号办理'));
    expect(screen.getByTestId('pad-staff').textContent).toContain('李敏');

    state = padState({ toRate });
    act(() => FakeEventSource.opened[0]!.send(feedEvent));
    const rating = await screen.findByTestId('pad-rating');
    expect(rating.textContent).toContain('王芳');
    fireEvent.click(screen.getByRole('button', { name: /^不满意/ }));
    fireEvent.click(await screen.findByRole('button', { name: /等候时间太长/ }));
    fireEvent.click(screen.getByRole('button', { name: /问题没有解决/ }));
    fireEvent.click(screen.getByRole('button', { name: /等候时间太长/ }));
    fireEvent.click(screen.getByTestId('pad-submit'));
    await screen.findByText(/提交未成功/);
    fireEvent.click(screen.getByTestId('pad-submit'));
    expect((await screen.findByTestId('pad-thanks')).textContent).toContain('谢谢您的评价');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.key).toBe(posts[1]!.key);
    expect(posts[1]!.body).toEqual({
      ticketId: 7,
      level: 2,
      reasons: ['notSolved'],
      idempotencyKey: posts[0]!.key,
    });
  });

  it('without a touch it goes back and does not ask about that ticket again', async () => {
    PAD_TIMEOUTS.askMs = 60;
    PAD_TIMEOUTS.thanksMs = 30;
    const posts: unknown[] = [];
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      if (path === '/api/pad/state') return json(200, padState({ toRate }));
      posts.push(JSON.parse(String(init?.body)));
      return json(201, { ratingId: 2, replayed: false });
    });
    render(<PadApp />);
    act(() => FakeEventSource.opened[0]!.open());
    await screen.findByTestId('pad-rating');
    // Nobody touches it: back to the window's card, and the same ticket is not asked again.
    await waitFor(() => expect(screen.queryByTestId('pad-rating')).toBeNull());
    act(() => FakeEventSource.opened[0]!.send(feedEvent));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('pad-rating')).toBeNull();
    expect(posts).toEqual([]);
  });

  it('sends a good rating at once, without reasons, thanks and goes back', async () => {
    PAD_TIMEOUTS.thanksMs = 30;
    let rated = false;
    const posts: unknown[] = [];
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      if (path === '/api/pad/state') return json(200, padState(rated ? {} : { toRate }));
      posts.push(JSON.parse(String(init?.body)));
      rated = true;
      return json(201, { ratingId: 3, replayed: false });
    });
    render(<PadApp />);
    act(() => FakeEventSource.opened[0]!.open());
    fireEvent.click(await screen.findByRole('button', { name: /^非常满意/ }));
    await screen.findByTestId('pad-thanks');
    expect(posts).toEqual([
      { ticketId: 7, level: 5, reasons: [], idempotencyKey: expect.stringMatching(/^pad-7-/) },
    ]);
    await waitFor(() => expect(screen.queryByTestId('pad-thanks')).toBeNull());
    expect(screen.getByTestId('pad-staff').textContent).toContain('李敏');
  });

  it('goes to /enrol when its credential no longer works', async () => {
    const to = vi.spyOn(navigate, 'to').mockImplementation(() => undefined);
    vi.stubGlobal('fetch', async () =>
      json(401, { error: 'sign in first (or enrol this device)', code: 'unauthenticated' }),
    );
    render(<PadApp />);
    act(() => FakeEventSource.opened[0]!.open());
    await waitFor(() => expect(to).toHaveBeenCalledWith('/enrol'));
  });
});

describe('the zone display', () => {
  const text = (n: string): LocalizedText => ({ zh: `请 ${n} 号到 14 号窗口办理`, en: `Number ${n}` });
  const displayState = (numbers: string[], now = Date.now()): DisplayState => ({
    hallName: { zh: '区政务服务中心', en: 'District centre' },
    zone: { id: 'z1', name: { zh: '一楼', en: 'Floor 1' } },
    areas: [{ id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' }, waiting: 3 }],
    calls: numbers.map((n, i) => ({
      eventId: 100 - i,
      ticketId: 100 - i,
      number: n,
      areaId: 'tax',
      counterId: 'w014',
      counterName: '14号窗口',
      window: { zh: '14 号窗口', en: 'window 14' },
      at: new Date(now).toISOString(),
      recall: false,
      text: text(n),
    })),
    now: new Date(now).toISOString(),
  });

  it('speaks only calls made while it watches, marks calls stale while the stream is down, resyncs after', async () => {
    let state = displayState(['A002', 'A001']);
    vi.stubGlobal('fetch', async () => json(200, state));
    const said: string[] = [];
    render(<DisplayApp speak={(t) => said.push(t.zh)} />);
    const feed = FakeEventSource.opened[0]!;
    act(() => feed.open());
    expect((await screen.findByTestId('display-number')).textContent).toBe('A002');
    expect(said).toEqual([]);

    state = {
      ...displayState(['A003', 'A002', 'A001']),
      calls: displayState(['A003', 'A002', 'A001']).calls.map((c, i) => ({ ...c, eventId: 101 - i })),
    };
    act(() => feed.send({ ...feedEvent, event: 'called' }));
    await waitFor(() => expect(screen.getByTestId('display-number').textContent).toBe('A003'));
    expect(said).toEqual(['请 A003 号到 14 号窗口办理']);

    act(() => feed.onerror?.());
    await waitFor(() => expect(screen.getByRole('main').dataset['stale']).toBe('yes'));
    expect(screen.getByTestId('display-lost').textContent).toContain('连接中断');
    act(() => feed.open());
    await waitFor(() => expect(screen.getByRole('main').dataset['stale']).toBe('no'));
    expect(screen.queryByTestId('display-lost')).toBeNull();
    // The resync after reconnecting did not speak A003 again.
    expect(said).toEqual(['请 A003 号到 14 号窗口办理']);
  });

  it('marks a call of a ticket that arrived late from an offline kiosk, in the latest call and the list', async () => {
    const base = displayState(['AK3-001', 'A001']);
    const state = { ...base, calls: base.calls.map((c, i) => (i === 0 ? { ...c, offline: true } : c)) };
    vi.stubGlobal('fetch', async () => json(200, state));
    render(<DisplayApp speak={() => undefined} />);
    act(() => FakeEventSource.opened[0]!.open());
    expect((await screen.findByTestId('display-number')).textContent).toBe('AK3-001');
    const marks = screen.getAllByTestId('display-offline');
    // The latest call and its row in the list; the ordinary ticket has none.
    expect(marks.length).toBeGreaterThanOrEqual(1);
    expect(marks.every((m) => m.textContent === ' 离线取号 offline')).toBe(true);
    const rows = [...document.querySelectorAll('.zone-call-number')].map((td) => td.textContent);
    expect(rows.filter((r) => r?.startsWith('A001'))).toEqual(['A001']);
  });
});
