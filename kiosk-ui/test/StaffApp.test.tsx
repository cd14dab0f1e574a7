import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CounterView, QueueTicket } from '@hall-kiosk/shared';
import { StaffApp } from '../src/staff/StaffApp.tsx';
import { PinLogin } from '../src/staff/PinLogin.tsx';
import { staffTranslator } from '../src/i18n/staff-i18n.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const ticket: QueueTicket = {
  id: 1,
  number: 'A001',
  areaId: 'tax',
  businessDate: '2026-11-30',
  issuedAt: '2026-11-30T08:00:00.000Z',
  peopleAhead: 0,
  priority: false,
  priorityReason: null,
  appointment: false,
  estimatedWaitMinutes: null,
  state: 'called',
  counterId: '3',
  calledAt: '2026-11-30T08:01:00.000Z',
};
const counter = { id: '3', areaIds: ['tax', 'realEstate'] };

/** A counter with A001 waiting; POSTs are recorded and answered like the daemon would. */
function counterDaemon() {
  const posted: unknown[] = [];
  let view: CounterView = {
    counter,
    current: null,
    waiting: [{ areaId: 'tax', number: 'A001', priority: false, appointment: false }],
  };
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (path === '/api/staff/counters')
      return json({
        counters: [counter],
        areas: [
          { id: 'tax', prefix: 'A', name: { zh: '税务', en: 'Tax' } },
          { id: 'realEstate', prefix: 'B', name: { zh: '不动产登记', en: 'Real estate' } },
        ],
      });
    if (path === '/api/staff/counters/3' && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as { action: string; toAreaId?: string };
      posted.push(body);
      const current = body.action === 'transfer' ? null : { ...ticket };
      view = { counter, current, waiting: body.action === 'transfer' ? view.waiting : [] };
      return json({ ticket, view });
    }
    if (path === '/api/staff/counters/3') return json(view);
    return new Response(JSON.stringify({ error: 'no' }), { status: 404 });
  });
  return posted;
}

describe('the counter page', () => {
  it('chooses a counter, calls the next number and transfers it, as the daemon answers', async () => {
    sessionStorage.setItem('hall-kiosk.staff-token', 'staff');
    const posted = counterDaemon();
    render(<StaffApp />);
    fireEvent.click(await screen.findByTestId('counter-3'));
    expect((await screen.findByTestId('waiting-list')).textContent).toBe('A001');
    expect(screen.getByTestId('current-number').textContent).toBe('—');
    expect((screen.getByTestId('recall') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('call-next'));
    await waitFor(() => expect(screen.getByTestId('current-number').textContent).toBe('A001'));
    expect((screen.getByTestId('recall') as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByTestId('transfer'));
    const areas = await screen.findByTestId('transfer-areas');
    expect(areas.textContent).toBe('不动产登记'); // not the ticket's own area
    fireEvent.click(screen.getByText('不动产登记'));
    await waitFor(() => expect(screen.queryByTestId('transfer-areas')).toBeNull());
    expect(posted).toEqual([{ action: 'call' }, { action: 'transfer', toAreaId: 'realEstate' }]);
  });
});

describe('the PIN sign-in', () => {
  const answer = (status: number, body: unknown) =>
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));
  const typeAndSend = (pin: string) => {
    for (const k of pin) fireEvent.click(screen.getByTestId(`pin-${k}`));
    fireEvent.click(screen.getByTestId('pin-OK'));
  };

  it('says when a lock-out ends: the time of day and the seconds from retryAfterSeconds', async () => {
    answer(429, { error: 'too many wrong PINs; wait', retryAfterSeconds: 300 });
    const at = new Date(2026, 10, 30, 14, 0, 20).getTime();
    render(<PinLogin t={staffTranslator('zh')} onSignedIn={() => {}} now={() => at} />);
    typeAndSend('246810');
    const message = await screen.findByTestId('pin-message');
    expect(message.textContent).toContain('14:05');
    expect(message.textContent).toContain('300');
  });

  it('says a PIN has at least six digits when the daemon refuses a short one', async () => {
    answer(400, { error: 'pin: a PIN has at least 6 digits' });
    render(<PinLogin t={staffTranslator('en')} onSignedIn={() => {}} />);
    typeAndSend('2468');
    expect((await screen.findByTestId('pin-message')).textContent).toBe('A PIN has at least 6 digits.');
  });
});
