import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { EnrolApp, formatCode } from '../src/hall/enrol/EnrolApp.tsx';
import { browserSpeaker, callsToSpeak, SPEAK_WITHIN_MS } from '../src/hall/display/speech.ts';
import { leaveIfUnenrolled, navigate } from '../src/hall/devices.ts';
import { HallApiError } from '../src/hall/common/hall-api.ts';

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0);
const call = (eventId: number, agoMs: number) => ({ eventId, at: new Date(NOW - agoMs).toISOString() });

describe('what a zone display speaks', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('nothing on its first look (those calls were made before it came)', () => {
    expect(callsToSpeak([call(5, 0), call(4, 1000)], null, NOW)).toEqual([]);
  });

  it('each new call once, oldest first, and not a call older than a minute after a reconnect', () => {
    const calls = [call(9, 0), call(8, 2000), call(7, SPEAK_WITHIN_MS + 1), call(6, 0)];
    expect(callsToSpeak(calls, 6, NOW).map((c) => c.eventId)).toEqual([8, 9]);
    expect(callsToSpeak(calls, 9, NOW)).toEqual([]);
  });

  it('queues Chinese then English without cutting off a call still being spoken', () => {
    const said: string[] = [];
    const cancel = vi.fn();
    vi.stubGlobal('speechSynthesis', {
      speak: (u: SpeechSynthesisUtterance) => said.push(`${u.lang} ${u.text}`),
      cancel,
      getVoices: () => [],
    });
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        lang = '';
        rate = 1;
        voice: unknown = null;
        constructor(readonly text: string) {}
      },
    );
    const speak = browserSpeaker();
    speak({ zh: '请 A001 号到 37 号窗口办理', en: 'Number A 0 0 1, please go to window 37' });
    speak({ zh: '请 B002 号到 5 号窗口办理', en: 'Number B 0 0 2, please go to window 5' });
    expect(said).toEqual([
      'zh-CN 请 A001 号到 37 号窗口办理',
      'en-GB Number A 0 0 1, please go to window 37',
      'zh-CN 请 B002 号到 5 号窗口办理',
      'en-GB Number B 0 0 2, please go to window 5',
    ]);
    expect(cancel).not.toHaveBeenCalled();
    expect(document.documentElement.dataset['lastAnnouncement']).toBe('请 B002 号到 5 号窗口办理');
  });
});

describe('enrolment', () => {
  afterEach(() => vi.restoreAllMocks());

  it('groups a typed code as the admin page shows it', () => {
    expect(formatCode('abcd efgh-jk23')).toBe('ABCD-EFGH-JK23');
    expect(formatCode('ab')).toBe('AB');
    expect(formatCode('')).toBe('');
    expect(formatCode('ABCDEFGHJK2345678')).toBe('ABCD-EFGH-JK23');
    expect(formatCode('中文!@#9')).toBe('9');
  });

  it('says how long to wait when the hall has locked enrolment from this device', async () => {
    const answers: Record<string, [number, unknown]> = {
      'GET /api/device/me': [401, { error: 'sign in', code: 'unauthenticated' }],
      'POST /api/enrol': [429, { error: 'too many', code: 'locked', retryAfterSeconds: 481 }],
    };
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
      const [status, body] = answers[`${init?.method ?? 'GET'} ${new URL(url, 'https://hall').pathname}`]!;
      return Promise.resolve(new Response(JSON.stringify(body), { status }));
    });
    try {
      render(<EnrolApp />);
      fireEvent.input(screen.getByPlaceholderText('XXXX-XXXX-XXXX'), { target: { value: 'ABCDEFGHJK23' } });
      fireEvent.submit(screen.getByRole('button').closest('form')!);
      const message = await screen.findByTestId('enrol-message');
      expect(message.textContent).toContain('请 9 分钟后再试');
      expect(message.textContent).toContain('try again in 9 min');
    } finally {
      cleanup();
      vi.unstubAllGlobals();
    }
  });

  it('sends a device whose credential stopped working to /enrol, and nothing else', () => {
    const to = vi.spyOn(navigate, 'to').mockImplementation(() => undefined);
    expect(leaveIfUnenrolled(new HallApiError(0, 'down'))).toBe(false);
    expect(leaveIfUnenrolled(new HallApiError(500, 'oops'))).toBe(false);
    expect(leaveIfUnenrolled(new Error('x'))).toBe(false);
    expect(to).not.toHaveBeenCalled();
    expect(leaveIfUnenrolled(new HallApiError(401, 'sign in'))).toBe(true);
    expect(to).toHaveBeenCalledWith('/enrol');
  });
});
