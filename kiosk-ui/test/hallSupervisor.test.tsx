import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DailyReport, RatingCounts, SupervisorOverview } from '@hall-kiosk/shared';
import { StaffSignIn } from '../src/hall/common/StaffSignIn.tsx';
import { duration, reasons, supervisorWords } from '../src/hall/supervisor/format.ts';
import { LiveView } from '../src/hall/supervisor/LiveView.tsx';
import { ReportView } from '../src/hall/supervisor/ReportView.tsx';
import type { HallLayout } from '../src/hall/supervisor/SupervisorApp.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const zh = supervisorWords('zh');
const none: RatingCounts = { levels: [0, 0, 0, 0, 0], bad: 0, badReasons: {} };

describe('supervisor formatting', () => {
  it('says durations in seconds, minutes, then hours and minutes', () => {
    expect(duration(zh, null)).toBe('—');
    expect(duration(zh, 45)).toBe('45 秒');
    expect(duration(zh, 750)).toBe('13 分');
    expect(duration(supervisorWords('en'), 3900)).toBe('1 h 5 min');
  });
  it('names 差评 reasons, most frequent first, unknown codes as they are', () => {
    expect(reasons(zh, { ...none, badReasons: { notSolved: 1, waitTooLong: 3, fromTheFuture: 1 } })).toBe(
      '等候时间太长 ×3, fromTheFuture ×1, 问题没有解决 ×1',
    );
  });
});

describe('staff sign-in on hall pages', () => {
  it('says how many tries are left, and how long a lock-out lasts', async () => {
    const answers = [
      { status: 401, body: { error: 'wrong', code: 'wrongPin', attemptsLeft: 3 } },
      { status: 429, body: { error: 'locked', code: 'locked', retryAfterSeconds: 300 } },
    ];
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      const a = answers.shift()!;
      return new Response(JSON.stringify(a.body), { status: a.status });
    });
    const signedIn = vi.fn();
    render(<StaffSignIn locale="zh" onSignedIn={signedIn} />);
    fireEvent.input(screen.getByLabelText('工号'), { target: { value: ' 8001 ' } });
    fireEvent.input(screen.getByLabelText('密码（PIN）'), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      '工号或密码不正确（还可尝试 3 次）',
    );
    expect(sent[0]).toEqual({ number: '8001', pin: '111111' });
    fireEvent.input(screen.getByLabelText('密码（PIN）'), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('错误次数过多，请 300 秒后再试'));
    expect(signedIn).not.toHaveBeenCalled();
  });
});

describe('the supervisors live view', () => {
  it('shows an open 帮办 call and acknowledges it with the call’s id', async () => {
    class FakeEventSource {
      onopen: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(readonly url: string) {
        setTimeout(() => this.onopen?.(), 0);
      }
      addEventListener() {}
      close() {}
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    let open = true;
    const posts: string[] = [];
    const overview = (): SupervisorOverview => ({
      businessDate: '2026-11-30',
      now: '2026-11-30T02:30:00.000Z',
      areas: [{ areaId: 'tax', waiting: 4, priorityWaiting: 1, longestWaitSeconds: 1260 }],
      windows: [],
      idleWindows: 190,
      people: [],
      totals: {
        issued: 0,
        served: 0,
        noShow: 0,
        avgWaitSeconds: null,
        longestWaitSeconds: null,
        avgServiceSeconds: null,
        ratings: none,
        kioskRatings: none,
      },
      help: open
        ? [{ id: 42, deviceId: 'kiosk-7', location: '24小时自助区', requestedAt: '2026-11-30T02:29:00.000Z' }]
        : [],
    });
    vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push(path);
        open = false;
        const at = '2026-11-30T02:31:00.000Z';
        return new Response(
          JSON.stringify({ id: 42, acknowledgedAt: at, acknowledgedBy: '8001', already: false }),
        );
      }
      return new Response(JSON.stringify(overview()));
    });
    const layout = {
      name: { zh: '大厅', en: 'Hall' },
      areas: [{ id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } }],
    };
    render(<LiveView t={zh} locale="zh" layout={layout} />);
    expect(await screen.findByText(/24小时自助区 的自助终端 kiosk-7 呼叫工作人员/)).toBeTruthy();
    expect(screen.getByText('21 分')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '我去处理' }));
    await screen.findByText('暂无呼叫');
    expect(posts).toEqual(['/api/supervisor/help/42/acknowledge']);
  });
});

const reportLayout: HallLayout = { name: { zh: '区政务服务中心', en: 'District centre' }, areas: [] };

describe('the daily report page', () => {
  it('lists the matters handled that day, by name and code, with their ratings', async () => {
    const report: DailyReport = {
      businessDate: '2026-11-30',
      hallName: { zh: '区政务服务中心', en: 'District centre' },
      generatedAt: '2026-11-30T10:00:00.000Z',
      totals: {
        issued: 2,
        served: 1,
        noShow: 1,
        avgWaitSeconds: 60,
        longestWaitSeconds: 60,
        avgServiceSeconds: 120,
        ratings: { ...none, levels: [1, 0, 0, 0, 0], bad: 1, badReasons: { notSolved: 1 } },
        kioskRatings: none,
      },
      areas: [],
      windows: [],
      people: [],
      matters: [
        {
          matterId: 'SW-002',
          name: { zh: '发票领用', en: 'Obtaining invoices' },
          served: 1,
          noShow: 0,
          avgServiceSeconds: 120,
          ratings: { levels: [1, 0, 0, 0, 0], bad: 1, badReasons: { notSolved: 1 } },
        },
        { matterId: 'XX-9', name: null, served: 0, noShow: 1, avgServiceSeconds: null, ratings: none },
      ],
    };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(report), { status: 200 }));
    render(<ReportView t={zh} locale="zh" layout={reportLayout} />);
    const table = await screen.findByTestId('report-matters');
    const rows = [...table.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((c) => c.textContent),
    );
    expect(rows[0]!.slice(0, 3)).toEqual(['发票领用（SW-002）', '1', '0']);
    expect(rows[0]![5]).toBe('1');
    expect(rows[0]![6]).toContain('问题没有解决');
    expect(rows[1]!.slice(0, 3)).toEqual(['XX-9', '0', '1']);
  });

  it('has no matter table on a day without matters', async () => {
    const empty: DailyReport = {
      businessDate: '2026-11-29',
      hallName: { zh: '区政务服务中心', en: 'District centre' },
      generatedAt: '2026-11-30T10:00:00.000Z',
      totals: {
        issued: 0,
        served: 0,
        noShow: 0,
        avgWaitSeconds: null,
        longestWaitSeconds: null,
        avgServiceSeconds: null,
        ratings: none,
        kioskRatings: none,
      },
      areas: [],
      windows: [],
      people: [],
      matters: [],
    };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(empty), { status: 200 }));
    render(<ReportView t={zh} locale="zh" layout={reportLayout} />);
    await screen.findByText(/自助终端|kiosk/i);
    expect(screen.queryByTestId('report-matters')).toBeNull();
  });
});
