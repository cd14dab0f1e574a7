import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HallCounterLayout, HallCounterState } from '@hall-kiosk/shared';
import { CounterDesk } from '../src/hall/counter/CounterDesk.tsx';
import { COUNTER_WORDS } from '../src/hall/counter/messages.ts';
import { words } from '../src/hall/common/text.ts';

afterEach(cleanup);

const layout: HallCounterLayout = {
  name: { zh: '区政务服务中心', en: 'District centre' },
  timeZone: 'Asia/Shanghai',
  areas: [
    { id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } },
    { id: 'social', prefix: 'C', name: { zh: '社保服务', en: 'Social security' } },
  ],
  counters: [
    { id: 'w014', name: '14号窗口', areaIds: ['tax'] },
    { id: 'w023', name: '23号窗口', areaIds: ['tax'] },
  ],
};

function state(over: Partial<HallCounterState> = {}): HallCounterState {
  return {
    counter: { id: 'w014', name: '14号窗口', areaIds: ['tax'], paused: false },
    staff: { id: 3, number: '1037', name: '李敏', since: '2026-11-30T01:00:00.000Z' },
    current: {
      ticketId: 7,
      number: 'A007',
      areaId: 'tax',
      priority: true,
      priorityReason: 'disability',
      appointment: false,
      calledAt: '2026-11-30T02:05:00.000Z',
      matter: null,
      transferredFrom: { counterId: 'w023', areaId: 'social' },
    },
    waiting: [{ areaId: 'tax', priority: 1, regular: 4 }],
    sentHere: [],
    ...over,
  };
}

function desk(props: Partial<Parameters<typeof CounterDesk>[0]> = {}) {
  const onAct = vi.fn();
  render(
    <CounterDesk
      t={words(COUNTER_WORDS, 'zh')}
      locale="zh"
      layout={layout}
      state={state()}
      mine
      feed="live"
      working={false}
      onAct={onAct}
      onReopen={() => {}}
      {...props}
    />,
  );
  return onAct;
}

const press = (key: string, repeat = false) => fireEvent.keyDown(window, { key, repeat });

describe('the counter desk', () => {
  it('shows the ticket large with its priority reason, where it came from and the time in the hall', () => {
    desk();
    expect(screen.getByTestId('current-number').textContent).toBe('A007');
    expect(screen.getByTestId('priority').textContent).toContain('绿色通道 · 残障人士');
    expect(screen.getByTestId('transferred-from').textContent).toBe('由 23号窗口 转来（社保服务）');
    expect(screen.getByTestId('current-meta').textContent).toContain('叫号时间 10:05');
    expect(screen.getByTestId('waiting-tax').textContent).toBe('办税服务 4 人，绿色通道 1 人');
    expect(screen.getByTestId('call-next').textContent).toContain('F1');
  });

  it('marks a ticket that arrived late from an offline kiosk, at the window and in the sent-here list', () => {
    const base = state();
    desk({
      state: state({
        current: { ...base.current!, number: 'AK3-007', offline: true },
        sentHere: [
          {
            ticketId: 9,
            number: 'AK3-008',
            areaId: 'tax',
            priority: false,
            queuedAt: '2026-11-30T02:00:00.000Z',
            fromCounterId: 'w023',
            offline: true,
          },
          {
            ticketId: 10,
            number: 'A010',
            areaId: 'tax',
            priority: false,
            queuedAt: '2026-11-30T02:01:00.000Z',
            fromCounterId: null,
          },
        ],
      }),
    });
    expect(screen.getByTestId('current-number').textContent).toBe('AK3-007');
    expect(screen.getByTestId('offline-ticket').textContent).toBe('离线取号，联网后补入');
    const sent = screen.getByTestId('sent-here').querySelectorAll('li');
    expect(sent[0]!.textContent).toContain('离线取号');
    expect(sent[1]!.textContent).not.toContain('离线取号');
  });

  it('shows no offline mark on an ordinary ticket', () => {
    desk();
    expect(screen.queryByTestId('offline-ticket')).toBeNull();
  });

  it('function keys act once per press (a held key does not repeat), only what the window allows', () => {
    const onAct = desk({ state: state({ current: null }) });
    press('F1');
    press('F1', true);
    press('F3'); // nobody is being served: nothing to finish
    press('F8');
    expect(onAct.mock.calls).toEqual([['call-next'], ['pause']]);
  });

  it('F8 resumes a paused window; call next is off while paused', () => {
    const onAct = desk({ state: state({ counter: { ...state().counter, paused: true } }) });
    expect(screen.getByTestId('paused')).toBeTruthy();
    expect((screen.getByTestId('call-next') as HTMLButtonElement).disabled).toBe(true);
    press('F1');
    press('F8');
    expect(onAct.mock.calls).toEqual([['resume']]);
  });

  it('F6 opens the transfer panel: to an area, or to one window', () => {
    const onAct = desk();
    press('F6');
    fireEvent.click(screen.getByTestId('transfer-area-social'));
    expect(onAct).toHaveBeenLastCalledWith('transfer', { toAreaId: 'social' });
    expect(screen.queryByTestId('transfer-panel')).toBeNull();
    press('F6');
    expect(screen.queryByTestId('transfer-area-tax')).toBeNull(); // not to its own area
    fireEvent.click(screen.getByTestId('transfer-send'));
    expect(onAct).toHaveBeenLastCalledWith('transfer', { toCounterId: 'w023' });
  });

  it('someone else at the window: every action is off and the page says so', () => {
    const onAct = desk({ mine: false });
    expect(screen.getByTestId('not-mine')).toBeTruthy();
    press('F1');
    press('F2');
    expect(onAct).not.toHaveBeenCalled();
  });

  it('a lost feed is said and what is shown is marked stale', () => {
    desk({ feed: 'lost' });
    expect(screen.getByTestId('feed-state').getAttribute('data-state')).toBe('lost');
    expect(screen.getByTestId('feed-state').textContent).toContain('连接已断开');
    expect(document.querySelector('.counter-desk.stale')).not.toBeNull();
  });

  describe('the matter (事项) of the current ticket', () => {
    // The hall's matters (GET /api/matters); window w014 serves tax.
    const matters = [
      { id: 'SW-001', name: { zh: '个体工商户税务登记', en: 'Tax registration' }, areaId: 'tax' },
      { id: 'SW-002', name: { zh: '发票领用', en: 'Invoices' }, areaId: 'tax' },
      { id: 'SB-001', name: { zh: '社保卡补办', en: 'Card' }, areaId: 'social' },
      { id: 'BDC-1', name: { zh: '不动产登记', en: 'Real estate' }, areaId: 'estate' },
    ];
    type Current = NonNullable<HallCounterState['current']>;
    const withMatter = (matter: Current['matter'], over: Partial<Current> = {}) =>
      state({ current: { ...state().current!, matter, ...over } });
    const named = (id: string) => {
      const m = matters.find((x) => x.id === id)!;
      return { id: m.id, name: m.name };
    };

    it('shows the matter the ticket came with, by name and code, or says none was chosen', () => {
      desk({ state: withMatter(named('SW-002')), matters });
      expect(screen.getByTestId('matter-name').textContent).toBe('发票领用 (SW-002)');
      cleanup();
      desk({ state: withMatter(null), matters });
      expect(screen.getByTestId('matter-name').textContent).toBe('未选择事项');
      cleanup();
      // A code the hall's catalogue does not name is shown as the code.
      desk({
        state: withMatter({ id: 'XX-9', name: null }),
        matters,
        locale: 'en',
        t: words(COUNTER_WORDS, 'en'),
      });
      expect(screen.getByTestId('matter-name').textContent).toBe('XX-9');
    });

    it("lets the person at the window set, change and clear the matter handled, from its areas' matters", () => {
      const onAct = desk({ state: withMatter(named('SW-001')), matters });
      const picker = screen.getByTestId('matter-picker') as HTMLSelectElement;
      expect(picker.value).toBe('SW-001');
      expect([...picker.options].map((o) => o.value)).toEqual(['', 'SW-001', 'SW-002']);
      fireEvent.change(picker, { target: { value: 'SW-002' } });
      expect(onAct).toHaveBeenLastCalledWith('matter', { matterId: 'SW-002' });
      fireEvent.change(picker, { target: { value: '' } });
      expect(onAct).toHaveBeenLastCalledWith('matter', { matterId: null });
    });

    it("offers the matters of the ticket's own area too, and keeps its matter choosable whatever it is", () => {
      desk({ state: withMatter(null, { areaId: 'social' }), matters });
      const options = () =>
        [...(screen.getByTestId('matter-picker') as HTMLSelectElement).options].map((o) => o.value);
      expect(options()).toEqual(['', 'SW-001', 'SW-002', 'SB-001']);
      cleanup();
      desk({ state: withMatter(named('BDC-1')), matters });
      expect(options()).toEqual(['', 'BDC-1', 'SW-001', 'SW-002']);
      expect((screen.getByTestId('matter-picker') as HTMLSelectElement).value).toBe('BDC-1');
    });

    it('has no picker for someone not at the window, nor without matters, nor with nobody served', () => {
      desk({ state: withMatter(null), matters, mine: false });
      expect(screen.queryByTestId('matter-picker')).toBeNull();
      cleanup();
      desk({ state: state() });
      expect(screen.queryByTestId('matter-picker')).toBeNull();
      expect(screen.getByTestId('matter-name').textContent).toBe('未选择事项');
      cleanup();
      desk({ state: state({ current: null }), matters });
      expect(screen.queryByTestId('current-matter')).toBeNull();
    });

    it('disables the picker while an action is under way', () => {
      desk({ state: withMatter(null), matters, working: true });
      expect((screen.getByTestId('matter-picker') as HTMLSelectElement).disabled).toBe(true);
    });
  });
});
