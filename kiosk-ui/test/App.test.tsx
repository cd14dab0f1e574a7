import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { App } from '../src/app/App.tsx';
import { sessionMachine } from '../src/flows/session/session.machine.ts';
import { fakeDaemon } from './fakes.ts';

afterEach(cleanup);

function mount(api = fakeDaemon()) {
  const session = createActor(sessionMachine, { input: { api } }).start();
  render(<App session={session} />);
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

  it('switches to English on any screen and marks the document language', async () => {
    mount();
    fireEvent.click(await screen.findByText('English'));
    expect(await screen.findByText('Touch to start')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    fireEvent.click(screen.getByTestId('start'));
    expect(await screen.findByText('What would you like to do?')).toBeTruthy();
  });

  it('turns 关怀模式 on with one tap', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByText('关怀模式'));
    await waitFor(() => expect(document.documentElement.dataset.care).toBe('on'));
    expect(screen.getByText('标准模式').closest('button')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('identifies by card for 绿色通道 and shows only the masked name', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('start'));
    fireEvent.click(await screen.findByTestId('home-take-ticket'));
    fireEvent.click(await screen.findByText('办税服务'));
    expect(await screen.findByText('60 岁及以上的老年人，刷身份证可取绿色通道优先号。')).toBeTruthy();
    fireEvent.click(screen.getByTestId('priority-yes'));
    expect((await screen.findByTestId('masked-name')).textContent).toBe('您好，李**');
    expect(screen.getByTestId('masked-number').textContent).toBe('3601**********1238');
    fireEvent.click(screen.getByTestId('identify-continue'));
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
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
});
