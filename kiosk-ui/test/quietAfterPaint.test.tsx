import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import type { DeviceStatus } from '@hall-kiosk/shared';
import { sessionMachine } from '../src/flows/session/session.machine.ts';
import { useHallNow, type HallClock } from '../src/hooks/useHallNow.ts';
import { KIOSK_INFO, fakeDaemon } from './fakes.ts';

// What the page does just after its first screen is painted — connect, list the devices, end any
// session a page before it left, ask the hall's clock — is where a first touch lands. What changes
// nothing on the glass must not render the page again (docs/performance.md).

afterEach(cleanup);

const printer: DeviceStatus = {
  device: 'ticketPrinter',
  state: 'online',
  connection: 'serial /dev/kiosk-ticketPrinter',
  paper: 'full',
  since: '2026-11-30T01:00:00.000Z',
};
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A session booted from the page's data, its snapshots counted as the page's subscription sees them. */
function booted(listed: DeviceStatus[]) {
  const api = fakeDaemon({ 'Common.Status': async () => ({ devices: listed }) });
  const session = createActor(sessionMachine, {
    input: { api, boot: { info: KIOSK_INFO, devices: [printer] } },
  });
  const seen: unknown[] = [];
  session.subscribe((s) => seen.push(s));
  session.start();
  const first = session.getSnapshot();
  return {
    api,
    session,
    first,
    changes: () => seen.filter((s, i) => s !== (i ? seen[i - 1] : first)).length,
  };
}

describe('the session after the first paint', () => {
  it('keeps its snapshot when the daemon lists the devices the page was served with', async () => {
    const { api, session, first, changes } = booted([{ ...printer }]);
    await settle();
    expect(api.calls).toContain('Common.Status');
    expect(api.calls).toContain('Session.End'); // a page before this one may have left a session
    expect(session.getSnapshot()).toBe(first);
    expect(changes()).toBe(0);
  });

  it('takes a list that differs, device by device', async () => {
    for (const listed of [
      [{ ...printer, paper: 'low' as const }],
      [{ ...printer, detail: 'cover open' }],
      [{ ...printer, since: '2026-11-30T01:05:00.000Z' }],
      [printer, { ...printer, device: 'scanner' as const, connection: 'hid 1a86:e026', paper: undefined }],
      [],
    ]) {
      const { session, first } = booted(listed);
      await settle();
      expect(session.getSnapshot()).not.toBe(first);
      expect(Object.values(session.getSnapshot().context.devices)).toEqual(listed);
      session.stop();
    }
  });

  it('takes the first list when there was no boot data', async () => {
    const api = fakeDaemon({ 'Common.Status': async () => ({ devices: [printer] }) });
    const session = createActor(sessionMachine, { input: { api } }).start();
    await settle();
    expect(session.getSnapshot().context.devicesListed).toBe(true);
    expect(session.getSnapshot().context.devices.ticketPrinter).toEqual(printer);
  });
});

describe("the hall's clock on the glass", () => {
  function Clock({ ask, onRender }: { ask: () => Promise<HallClock>; onRender: () => void }) {
    onRender();
    const { now, zoneOffsetMinutes } = useHallNow(ask);
    return <p>{`${now} ${zoneOffsetMinutes}`}</p>;
  }

  it('renders once for the first answer, and not again for the same answer', async () => {
    vi.useFakeTimers();
    try {
      // Each ask is answered by the test, after the tick that made it has rendered.
      const answers: ((c: HallClock) => void)[] = [];
      const ask = () => new Promise<HallClock>((resolve) => answers.push(resolve));
      const answer = (c: HallClock) => act(async () => answers.shift()!(c));
      const onRender = vi.fn();
      const { container } = render(<Clock ask={ask} onRender={onRender} />);
      await act(settle);
      expect(onRender).toHaveBeenCalledTimes(1); // mounting reads the clock; it does not set it again
      await answer({ offsetMs: 0, zoneOffsetMinutes: 480 });
      expect(onRender).toHaveBeenCalledTimes(2); // the zone is known now
      await act(() => void vi.advanceTimersByTime(30_000));
      expect(onRender).toHaveBeenCalledTimes(3); // the tick: a new time
      await answer({ offsetMs: 0, zoneOffsetMinutes: 480 });
      expect(onRender).toHaveBeenCalledTimes(3); // the same answer: nothing new to draw
      await act(() => void vi.advanceTimersByTime(30_000));
      await answer({ offsetMs: 1_000, zoneOffsetMinutes: 480 });
      expect(onRender).toHaveBeenCalledTimes(5); // the tick, then the new offset
      expect(container.textContent).toBe(`${Date.now() + 1_000} 480`);
    } finally {
      vi.useRealTimers();
    }
  });
});
