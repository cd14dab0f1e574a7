import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleTimer } from '../src/staff/maintenance/useIdleTimer.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Probe({ active, onTimeout }: { active: boolean; onTimeout: () => void }) {
  const idle = useIdleTimer({ active, idleMs: 10_000, warnSeconds: 5, onTimeout });
  return (
    <p data-testid="left" onClick={idle.dismiss}>
      {idle.secondsLeft ?? 'none'}
    </p>
  );
}

const left = () => screen.getByTestId('left').textContent;
const advance = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });

describe('useIdleTimer', () => {
  it('warns after the idle time, counts down, then times out', () => {
    const onTimeout = vi.fn();
    render(<Probe active onTimeout={onTimeout} />);
    advance(9_000);
    expect(left()).toBe('none');
    advance(1_000);
    expect(left()).toBe('5');
    advance(3_000);
    expect(left()).toBe('2');
    expect(onTimeout).not.toHaveBeenCalled();
    advance(2_000);
    expect(onTimeout).toHaveBeenCalled();
  });

  it('a touch anywhere ends the warning and starts the idle time again', () => {
    const onTimeout = vi.fn();
    render(<Probe active onTimeout={onTimeout} />);
    advance(11_000);
    expect(left()).toBe('4');
    act(() => {
      window.dispatchEvent(new Event('pointerdown'));
    });
    expect(left()).toBe('none');
    advance(9_000);
    expect(left()).toBe('none');
    advance(5_000); // 14 s since the touch: warning, not yet gone
    expect(left()).toBe('1');
    expect(onTimeout).not.toHaveBeenCalled();
    advance(1_000);
    expect(onTimeout).toHaveBeenCalled();
  });

  it('counts nothing while not active', () => {
    const onTimeout = vi.fn();
    render(<Probe active={false} onTimeout={onTimeout} />);
    advance(60_000);
    expect(left()).toBe('none');
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
