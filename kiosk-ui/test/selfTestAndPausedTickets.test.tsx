import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, waitFor } from 'xstate';
import type { DeviceStatus } from '@hall-kiosk/shared';
import { App } from '../src/app/App.tsx';
import { sessionMachine } from '../src/flows/session/session.machine.ts';
import { KIOSK_INFO, fakeDaemon } from './fakes.ts';

afterEach(cleanup);

const status = (
  device: DeviceStatus['device'],
  state: DeviceStatus['state'],
  detail?: string,
): DeviceStatus => ({
  device,
  state,
  connection: `serial /dev/kiosk-${device}`,
  ...(device === 'ticketPrinter'
    ? { paper: state === 'online' ? ('full' as const) : ('unknown' as const) }
    : {}),
  ...(detail ? { detail } : {}),
  since: '2026-11-30T01:00:00.000Z',
});

/** A kiosk whose daemon lists these devices at boot and says what it does when the printer is down. */
function kiosk(devices: DeviceStatus[], whenTicketPrinterDown: 'pause' | 'numberOnScreen' = 'pause') {
  const api = fakeDaemon({
    'Common.Status': async () => ({ devices }),
    'Kiosk.Info': async () => ({ ...KIOSK_INFO, whenTicketPrinterDown, selfTestMinMs: 2_000 }),
  });
  const clock = new SimulatedClock();
  const session = createActor(sessionMachine, {
    input: { api, timing: { selfTestMs: 15_000 } },
    clock,
  }).start();
  return { api, clock, session };
}

describe('boot from what the page was served with', () => {
  it('draws the attract screen at once, with no round trip, when every device answered', () => {
    const api = fakeDaemon();
    const devices = [status('ticketPrinter', 'online'), status('idCardReader', 'online')];
    const session = createActor(sessionMachine, {
      input: { api, boot: { info: KIOSK_INFO, devices } },
    }).start();
    const first = session.getSnapshot();
    expect(first.matches({ attract: 'ready' })).toBe(true);
    expect(first.context.info).toEqual(KIOSK_INFO);
    expect(first.context.devices.ticketPrinter).toEqual(devices[0]);
    expect(api.calls).not.toContain('Kiosk.Info');
  });

  it('still holds the self-test for its minimum and for a device still starting', () => {
    const clock = new SimulatedClock();
    const session = createActor(sessionMachine, {
      input: {
        api: fakeDaemon(),
        timing: { selfTestMs: 15_000 },
        boot: {
          info: { ...KIOSK_INFO, selfTestMinMs: 2_000 },
          devices: [status('ticketPrinter', 'offline', 'starting')],
        },
      },
      clock,
    }).start();
    expect(session.getSnapshot().matches({ attract: 'selfTest' })).toBe(true);
    clock.increment(2_000);
    expect(session.getSnapshot().matches({ attract: 'selfTest' })).toBe(true);
    clock.increment(13_000);
    expect(session.getSnapshot().matches({ attract: 'ready' })).toBe(true);
  });

  it('asks the daemon again on every later return to the attract screen', async () => {
    const api = fakeDaemon();
    const session = createActor(sessionMachine, {
      input: { api, boot: { info: KIOSK_INFO, devices: [] } },
    }).start();
    expect(api.calls).not.toContain('Kiosk.Info');
    session.send({ type: 'user.start' });
    session.send({ type: 'user.leave' });
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
    expect(api.calls).toContain('Kiosk.Info');
  });
});

describe('boot self-test', () => {
  it('holds the kiosk on the self-test until every device has been tried, and ignores a touch meanwhile', async () => {
    const { api, clock, session } = kiosk([
      status('ticketPrinter', 'offline', 'starting'),
      status('idCardReader', 'online'),
    ]);
    await waitFor(session, (s) => s.matches({ attract: 'selfTest' }));
    session.send({ type: 'user.start' });
    expect(session.getSnapshot().matches({ attract: 'selfTest' })).toBe(true);
    api.emit('Common.StatusChanged', { status: status('ticketPrinter', 'noDevice', 'no such port') });
    // Every device tried, but the self-test stays up for its minimum.
    expect(session.getSnapshot().matches({ attract: 'selfTest' })).toBe(true);
    clock.increment(2_000);
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
  });

  it('gives up waiting after its time, and runs only once per page load', async () => {
    const { clock, session } = kiosk([status('ticketPrinter', 'offline', 'starting')]);
    await waitFor(session, (s) => s.matches({ attract: 'selfTest' }));
    clock.increment(14_999);
    expect(session.getSnapshot().matches({ attract: 'selfTest' })).toBe(true);
    clock.increment(1);
    expect(session.getSnapshot().matches({ attract: 'ready' })).toBe(true);
    session.send({ type: 'user.start' });
    session.send({ type: 'user.leave' });
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
  });

  it('shows each device and whether it answered', async () => {
    const { session } = kiosk([
      status('ticketPrinter', 'offline', 'starting'),
      status('idCardReader', 'online'),
      status('scanner', 'noDevice', 'no such port'),
    ]);
    render(<App session={session} voice={{ speak() {}, cancel() {} }} callStaff={async () => true} />);
    const list = await screen.findByTestId('self-test-devices');
    expect(document.documentElement.dataset.screen).toBe('selfTest');
    expect(list.querySelector('[data-device="idCardReader"]')!.textContent).toBe('身份证读卡器正常');
    expect(list.querySelector('[data-device="ticketPrinter"]')!.textContent).toBe('号票打印机检查中…');
    expect(list.querySelector('[data-device="scanner"]')!.textContent).toBe('扫码器暂不可用');
  });
});

describe('when the ticket printer cannot print', () => {
  it('pauses taking tickets: the tile says so and does nothing; guides still open; technicians see why', async () => {
    const { clock, session } = kiosk([status('ticketPrinter', 'userError', 'paper out')]);
    render(<App session={session} voice={{ speak() {}, cancel() {} }} callStaff={async () => true} />);
    // A printer out of paper has been tried: the self-test ends after its minimum.
    await waitFor(session, (s) => s.matches({ attract: 'selfTest' }));
    clock.increment(2_000);
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
    expect((await screen.findByTestId('printer-notice')).textContent).toContain('暂停取号');
    fireEvent.click(screen.getByTestId('start'));
    const tile = (await screen.findByTestId('home-take-ticket')) as HTMLButtonElement;
    expect(tile.disabled).toBe(true);
    expect(tile.textContent).toContain('暂停取号');
    expect(screen.getByTestId('printer-notice-technical').textContent).toBe(
      '维护信息: ticketPrinter userError — paper out',
    );
    session.send({ type: 'user.chooseTakeTicket' });
    expect(session.getSnapshot().matches({ active: { flow: 'home' } })).toBe(true);
    fireEvent.click(screen.getByTestId('home-guide'));
    expect(session.getSnapshot().matches({ active: { flow: 'guide' } })).toBe(true);
  });

  it('comes back by itself when the printer does', async () => {
    const { api, clock, session } = kiosk([status('ticketPrinter', 'userError', 'paper out')]);
    await waitFor(session, (s) => s.matches({ attract: 'selfTest' }));
    clock.increment(2_000);
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
    session.send({ type: 'user.start' });
    api.emit('Common.StatusChanged', { status: status('ticketPrinter', 'online') });
    session.send({ type: 'user.chooseTakeTicket' });
    expect(session.getSnapshot().matches({ active: { flow: 'takeTicket' } })).toBe(true);
  });

  it('a hall that chose numbers on screen keeps issuing, with the notice', async () => {
    const { clock, session } = kiosk([status('ticketPrinter', 'userError', 'paper out')], 'numberOnScreen');
    render(<App session={session} voice={{ speak() {}, cancel() {} }} callStaff={async () => true} />);
    await waitFor(session, (s) => s.matches({ attract: 'selfTest' }));
    clock.increment(2_000);
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
    fireEvent.click(await screen.findByTestId('start'));
    const tile = (await screen.findByTestId('home-take-ticket')) as HTMLButtonElement;
    expect(tile.disabled).toBe(false);
    expect(screen.getByTestId('printer-notice').textContent).toContain('记下屏幕上的号码');
    session.send({ type: 'user.chooseTakeTicket' });
    expect(session.getSnapshot().matches({ active: { flow: 'takeTicket' } })).toBe(true);
  });
});

describe('the device states after the connection to the daemon came back', () => {
  it('are asked again: a change announced while the page was cut off is not missed', async () => {
    let devices = [status('ticketPrinter', 'offline', 'noDevice'), status('scanner', 'online')];
    const api = fakeDaemon({ 'Common.Status': async () => ({ devices }) });
    const session = createActor(sessionMachine, { input: { api } }).start();
    await waitFor(session, (s) => s.context.devicesListed);
    expect(session.getSnapshot().context.devices.ticketPrinter?.state).toBe('offline');
    // The daemon restarts, its printer plugged in and its scanner no longer configured; the printer
    // comes online before the page is connected again.
    devices = [status('ticketPrinter', 'online')];
    api.reconnect();
    await waitFor(session, (s) => s.context.devices.ticketPrinter?.state === 'online');
    expect(Object.keys(session.getSnapshot().context.devices)).toEqual(['ticketPrinter']);
    const asked = api.calls.filter((c) => c === 'Common.Status').length;
    expect(asked).toBe(2);
    // A session's end stops the watch with the page: nothing asks after it.
    session.stop();
    api.reconnect();
    await Promise.resolve();
    expect(api.calls.filter((c) => c === 'Common.Status')).toHaveLength(asked);
  });
});
