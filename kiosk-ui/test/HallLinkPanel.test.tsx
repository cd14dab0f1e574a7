// The maintenance screen's hall link: the link's state and since when (the hall's time zone), the offline
// tickets waiting to sync, and the kiosk clock's offset in words, a warning from 30 s — in zh and en, in
// 关怀模式 too; and the maintenance page shows it from the daemon's overview in hall mode only.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HallLinkStatus } from '@hall-kiosk/shared';
import { staffTranslator } from '../src/i18n/staff-i18n.ts';
import { HallLinkPanel, offsetText } from '../src/staff/maintenance/HallLinkPanel.tsx';
import { MaintenanceApp } from '../src/staff/MaintenanceApp.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  delete document.documentElement.dataset.care;
});

const link: HallLinkStatus = {
  state: 'offline',
  // 06:03 UTC is 14:03 in Shanghai.
  since: '2026-11-30T06:03:20.000Z',
  offlinePending: 4,
  clockOffsetMs: 602_000,
  clockUncertaintyMs: 800,
  clockWarnMs: 30_000,
  timeZone: 'Asia/Shanghai',
};

describe('the hall link on the maintenance screen', () => {
  it('says offline since when, the tickets waiting, and the clock 10 min 2 s slow with a warning (zh)', () => {
    render(<HallLinkPanel t={staffTranslator('zh')} locale="zh" link={link} />);
    expect(screen.getByTestId('hall-link').dataset.state).toBe('offline');
    expect(screen.getByTestId('hall-link-state').textContent).toBe(
      '⚠ 自 14:03 起无法连接大厅服务器，正在离线取号',
    );
    expect(screen.getByTestId('hall-link-pending').textContent).toBe('待同步的离线号：4 张');
    const clock = screen.getByTestId('hall-clock');
    expect(clock.textContent).toContain('本机时钟慢 10 分 02 秒');
    expect(clock.textContent).toContain('偏差达 30 秒以上');
    expect(clock.getAttribute('role')).toBe('alert');
    expect(clock.className).toBe('warning-box');
  });

  it('in English, suspect, the clock fast; and no warning under 30 s', () => {
    const { rerender } = render(
      <HallLinkPanel
        t={staffTranslator('en')}
        locale="en"
        link={{ ...link, state: 'suspect', clockOffsetMs: -3_725_000 }}
      />,
    );
    expect(screen.getByTestId('hall-link-state').textContent).toBe(
      '⚠ No answer from the hall server since 14:03: issuing offline tickets',
    );
    expect(screen.getByTestId('hall-clock').textContent).toMatch(
      /^⚠ Kiosk clock 1 h 2 min 5 s fast\. 30 s or more off/,
    );
    rerender(
      <HallLinkPanel
        t={staffTranslator('en')}
        locale="en"
        link={{ ...link, state: 'online', since: null, offlinePending: 0, clockOffsetMs: 29_000 }}
      />,
    );
    expect(screen.getByTestId('hall-link-state').textContent).toBe('Connected to the hall server');
    expect(screen.getByTestId('hall-link-state').className).toBe('notice');
    const clock = screen.getByTestId('hall-clock');
    expect(clock.textContent).toBe('Kiosk clock 29 s slow');
    expect(clock.dataset.warning).toBe('off');
    expect(clock.getAttribute('role')).toBeNull();
    rerender(<HallLinkPanel t={staffTranslator('en')} locale="en" link={{ ...link, clockOffsetMs: null }} />);
    expect(screen.getByTestId('hall-clock').textContent).toBe(
      'Kiosk clock not yet measured against the hall’s',
    );
  });

  it('keeps every word in 关怀模式 (the tokens enlarge them; nothing is said by colour alone)', () => {
    document.documentElement.dataset.care = 'on';
    render(<HallLinkPanel t={staffTranslator('zh')} locale="zh" link={link} />);
    expect(screen.getByTestId('hall-link-state').textContent).toContain('⚠');
    expect(screen.getByTestId('hall-clock').textContent).toContain('本机时钟慢 10 分 02 秒');
  });

  it('writes offsets with the largest unit first', () => {
    expect(offsetText(staffTranslator('zh'), 'zh', 5000)).toBe('5 秒');
    expect(offsetText(staffTranslator('zh'), 'zh', 86_400_000 + 62_000)).toBe('1 天 0 小时 1 分 02 秒');
    expect(offsetText(staffTranslator('en'), 'en', -602_000)).toBe('10 min 2 s');
  });

  it('is on the maintenance page in hall mode, from the overview, and switches language', async () => {
    sessionStorage.setItem('hall-kiosk.technician-token', 'tech');
    const overview = {
      version: '0.1.0',
      uptimeSeconds: 3600,
      hall: { zh: '政务服务中心', en: 'Government Service Centre' },
      devices: [],
      queue: [],
      queueProblem: "the hall's queue cannot be reached: issuing offline, 4 offline ticket(s) not yet sent",
      hallLink: link,
      ratings: {
        byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
        outbox: { pending: 0, delivered: 0, rejected: 0, oldestPendingAt: null },
      },
      printProblems: 0,
      statistics: {},
      printProblemList: [],
      config: {},
      node: 'v20.20.2',
    };
    vi.stubGlobal('fetch', async (path: string) => {
      const body = path.startsWith('/api/tech/overview') ? overview : { events: [] };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    render(<MaintenanceApp />);
    expect((await screen.findByTestId('hall-clock')).textContent).toContain('本机时钟慢 10 分 02 秒');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect((await screen.findByTestId('hall-clock')).textContent).toContain('Kiosk clock 10 min 2 s slow');
  });
});
