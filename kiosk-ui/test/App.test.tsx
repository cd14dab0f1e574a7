import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { App } from '../src/app/App.tsx';
import { sessionMachine } from '../src/flows/session/session.machine.ts';
import { fakeDaemon, TICKET_EXTRAS } from './fakes.ts';
import type { VoiceBackend } from '../src/voice/voice.ts';
import { SCREENS, SCREEN_PROMPTS } from '../src/app/screens.ts';
import { en } from '../src/i18n/en.ts';
import { zh } from '../src/i18n/zh.ts';
import { KioskCatalogues } from '../src/i18n/kiosk-catalogues.ts';

afterEach(cleanup);

/** Records what the kiosk would say. */
class RecordingVoice implements VoiceBackend {
  said: { text: string; locale: string; volume: number }[] = [];
  speak(text: string, locale: string, volume: number) {
    this.said.push({ text, locale, volume });
  }
  cancel() {}
}

function mount(
  api = fakeDaemon(),
  voice = new RecordingVoice(),
  callStaff: (screen: string) => Promise<boolean> = async () => true,
) {
  const session = createActor(sessionMachine, { input: { api } }).start();
  // The page fetches its English file from the daemon; here the texts come from their source.
  const catalogues = new KioskCatalogues(async (locale) => (locale === 'en' ? en : zh));
  render(<App session={session} voice={voice} callStaff={callStaff} catalogues={catalogues} />);
  return session;
}

describe('App', () => {
  it('walks from the attract screen to a ticket on screen', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('不动产登记服务'));
    fireEvent.click(await screen.findByTestId('priority-no'));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('B001');
    expect(screen.getByText('请从下方出票口取走号票')).toBeTruthy();
  });

  it('says in plain words when the ticket was issued while the kiosk could not reach the hall', async () => {
    mount(
      fakeDaemon({
        'Queue.IssueTicket': async ({ areaId }) => ({
          result: 'issued',
          ticket: {
            ...TICKET_EXTRAS,
            id: 1,
            number: 'BK3-001',
            areaId,
            businessDate: '2026-03-02',
            issuedAt: '2026-03-02T01:03:00.000Z',
            peopleAhead: 4,
            priority: false,
            offline: true,
          },
          print: { printed: true },
          presented: false,
        }),
      }),
    );
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('不动产登记服务'));
    fireEvent.click(await screen.findByTestId('priority-no'));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('BK3-001');
    expect(screen.getByTestId('offline-badge').textContent).toBe(
      '离线取号：本机暂时无法连接大厅系统，按取号时间排队',
    );
  });

  it('shows no offline badge on a ticket the hall issued', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('不动产登记服务'));
    fireEvent.click(await screen.findByTestId('priority-no'));
    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('offline-badge')).toBeNull();
  });

  it("shows the hall's anti-hoarding policy above the areas", async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    expect((await screen.findByTestId('ticket-policy')).textContent).toBe(
      '刷身份证取号每人每个服务区每天限 1 个。',
    );
  });

  it('switches to English on any screen and marks the document language', async () => {
    mount();
    fireEvent.click(await screen.findByText('English'));
    expect(await screen.findByText('Touch to start')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    fireEvent.click(screen.getByTestId('start'));
    expect(await screen.findByText('What would you like to do?')).toBeTruthy();
  });

  it('stays in Chinese when the English texts cannot be had, and switches on the next tap', async () => {
    let failures = 1;
    const catalogues = new KioskCatalogues(async () => {
      if (failures-- > 0) throw new Error('the daemon is restarting');
      return en;
    });
    const session = createActor(sessionMachine, { input: { api: fakeDaemon() } }).start();
    render(
      <App
        session={session}
        voice={new RecordingVoice()}
        callStaff={async () => true}
        catalogues={catalogues}
      />,
    );
    fireEvent.click(await screen.findByText('English'));
    await waitFor(() => expect(failures).toBe(0));
    await new Promise((r) => setTimeout(r, 0));
    expect(session.getSnapshot().context.locale).toBe('zh');
    expect(screen.getByText(zh['attract.touchToStart'])).toBeTruthy();
    fireEvent.click(screen.getByText('English'));
    expect(await screen.findByText(en['attract.touchToStart'])).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });

  it('calls staff from any screen and says so calmly, or says to ask at the desk when the call fails', async () => {
    const calls: string[] = [];
    mount(fakeDaemon(), new RecordingVoice(), async (s) => {
      calls.push(s);
      return calls.length === 1;
    });
    fireEvent.click(await screen.findByTestId('call-staff'));
    expect((await screen.findByTestId('help-status')).textContent).toBe(zh['help.called']);
    expect(calls).toEqual(['attract']);
    expect(screen.queryByTestId('call-staff')).toBeNull();
    cleanup();
    mount(fakeDaemon(), new RecordingVoice(), async () => false);
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('call-staff'));
    expect((await screen.findByTestId('help-status')).textContent).toBe(zh['help.failed']);
  });

  it('says that help is coming once a supervisor acknowledged the call (hall mode), and not before', async () => {
    let acknowledge: (() => void) | null = null;
    const session = createActor(sessionMachine, { input: { api: fakeDaemon() } }).start();
    render(
      <App
        session={session}
        voice={new RecordingVoice()}
        callStaff={async () => true}
        onHelpComing={(listener) => {
          acknowledge = listener;
          return () => (acknowledge = null);
        }}
      />,
    );
    // An acknowledgement with no call on screen changes nothing.
    acknowledge!();
    fireEvent.click(await screen.findByTestId('call-staff'));
    expect((await screen.findByTestId('help-status')).textContent).toBe(zh['help.called']);
    acknowledge!();
    await waitFor(() => expect(screen.getByTestId('help-status').textContent).toBe(zh['help.coming']));
  });

  it('turns 关怀模式 on with one tap', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByText('关怀模式'));
    await waitFor(() => expect(document.documentElement.dataset.care).toBe('on'));
    expect(screen.getByText('标准模式').closest('button')?.getAttribute('aria-pressed')).toBe('true');
  });

  // The UI masks nothing itself: the daemon sends only the masked identity (device-daemon/src/identity/
  // mask.ts, tested in device-daemon/test/identity.test.ts; identifyForPriority.spec.ts checks the real
  // page never shows a sample card's name or number). What the UI does is greet with exactly what it was
  // sent and ask for the ticket "with the identity read", leaving priority to the daemon.
  it('identifies by card for 绿色通道: greets with the masked identity as sent and issues the ticket with it', async () => {
    const issued: unknown[] = [];
    const base = fakeDaemon();
    const api = fakeDaemon({
      'IdCard.Read': async () => ({
        result: 'identified',
        identity: {
          documentType: 'resident',
          maskedName: '欧**',
          maskedNumber: '4403**********0417',
          age: 71,
          expired: false,
        },
      }),
      'Queue.IssueTicket': async (payload) => {
        issued.push(payload);
        return base.request('Queue.IssueTicket', payload);
      },
    });
    mount(api);
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('办税服务'));
    expect(await screen.findByText('60 岁及以上的老年人，刷身份证可取绿色通道优先号。')).toBeTruthy();
    fireEvent.click(screen.getByTestId('priority-yes'));
    expect((await screen.findByTestId('masked-name')).textContent).toBe('您好，欧**');
    expect(screen.getByTestId('masked-number').textContent).toBe('4403**********0417');
    fireEvent.click(screen.getByTestId('identify-continue'));
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(issued).toEqual([
      { areaId: 'tax', useIdentity: true, requestKey: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
  });

  it('tells people before they start when the ticket printer is down, and stops when it is back', async () => {
    const api = fakeDaemon();
    mount(api);
    await screen.findByTestId('start');
    expect(screen.queryByTestId('printer-notice')).toBeNull();
    const status = {
      device: 'ticketPrinter' as const,
      connection: 'serial /dev/x',
      since: '2026-01-01T00:00:00Z',
    };
    api.emit('Common.StatusChanged', {
      status: { ...status, state: 'userError', paper: 'out', detail: 'paper out' },
    });
    expect((await screen.findByTestId('printer-notice')).textContent).toContain('号票打印机暂时无法使用');
    api.emit('Common.StatusChanged', { status: { ...status, state: 'online', paper: 'full' } });
    await waitFor(() => expect(screen.queryByTestId('printer-notice')).toBeNull());
  });

  it('speaks each screen’s prompt when voice is on, never the name, and resets voice for the next person', async () => {
    const voice = new RecordingVoice();
    const session = mount(fakeDaemon(), voice);
    await screen.findByTestId('start');
    expect(voice.said).toEqual([]); // voice is off by default in the standard mode
    expect(document.documentElement.dataset.voicePrompt).toBe('欢迎使用政务服务自助终端，请点击屏幕开始。');
    fireEvent.click(screen.getByTestId('care-toggle')); // 关怀模式 turns voice on
    fireEvent.click(screen.getByTestId('start'));
    await screen.findByTestId('home-take-ticket');
    await waitFor(() =>
      expect(voice.said.at(-1)).toMatchObject({ text: '请选择您要办理的业务', locale: 'zh' }),
    );
    fireEvent.click(screen.getByTestId('volume'));
    fireEvent.click(screen.getByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('办税服务'));
    fireEvent.click(await screen.findByTestId('priority-yes'));
    await screen.findByTestId('masked-name');
    await waitFor(() => expect(voice.said.at(-1)).toMatchObject({ text: '请取回您的身份证', volume: 1 }));
    expect(voice.said.map((v) => v.text).join(' ')).not.toContain('李');
    fireEvent.click(screen.getByTestId('identify-continue'));
    await screen.findByTestId('ticket-number');
    await waitFor(() => expect(voice.said.at(-1)?.text).toBe('您的号码是 A001。请从下方出票口取走号票。'));
    session.send({ type: 'session.timeout' });
    await screen.findByTestId('start');
    expect(session.getSnapshot().context).toMatchObject({
      voice: false,
      volume: 1,
      care: false,
      locale: 'zh',
    });
  });

  it('gives every screen a prompt in both languages', () => {
    for (const id of SCREENS) {
      expect(zh[SCREEN_PROMPTS[id]], id).toBeTruthy();
      expect(en[SCREEN_PROMPTS[id]], id).toBeTruthy();
    }
  });
});
