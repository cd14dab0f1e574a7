import { act, cleanup, render, screen } from '@testing-library/preact';
import { useMemo } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useHallNow, type HallClock } from '../src/hooks/useHallNow.ts';

function Now({ offset, zone = 480 }: { offset?: () => Promise<number>; zone?: number }) {
  // One function for the component's life, as the page's own: a new one would start the ticking again.
  const ask = useMemo(
    () =>
      offset && ((): Promise<HallClock> => offset().then((o) => ({ offsetMs: o, zoneOffsetMinutes: zone }))),
    [offset, zone],
  );
  const { now, zoneOffsetMinutes } = useHallNow(ask);
  return (
    <>
      <p data-testid="now">{new Date(now).toISOString()}</p>
      <p data-testid="zone">{String(zoneOffsetMinutes)}</p>
    </>
  );
}
const shown = () => screen.getByTestId('now').textContent;
const zone = () => screen.getByTestId('zone').textContent;
const settle = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-12-01T15:50:00.000Z')); // this machine: a day ahead of the hall
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the time the kiosk shows', () => {
  it('is the hall’s: this machine’s clock plus the offset the daemon measured, asked at every tick', async () => {
    let offset = -24 * 3600_000;
    const asked = vi.fn(async () => offset);
    render(<Now offset={asked} zone={-300} />);
    expect(zone()).toBe('null');
    await settle();
    expect(shown()).toBe('2026-11-30T15:50:00.000Z');
    expect(zone()).toBe('-300');
    offset = -24 * 3600_000 + 60_000; // measured again: a minute less
    await act(() => {
      vi.advanceTimersByTime(30_000);
    });
    await settle();
    expect(shown()).toBe('2026-11-30T15:51:30.000Z');
    expect(asked).toHaveBeenCalledTimes(2);
  });

  it('keeps the last offset when asking fails, and is this machine’s clock in local mode', async () => {
    let fail = false;
    render(<Now offset={async () => (fail ? Promise.reject(new Error('daemon gone')) : -600_000)} />);
    await settle();
    expect(shown()).toBe('2026-12-01T15:40:00.000Z');
    fail = true;
    await act(() => {
      vi.advanceTimersByTime(30_000);
    });
    await settle();
    expect(shown()).toBe('2026-12-01T15:40:30.000Z');
    cleanup();
    render(<Now />);
    expect(shown()).toBe('2026-12-01T15:50:30.000Z');
    expect(zone()).toBe('null');
  });
});
