import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SILENT_MS, useLiveFeed } from '../src/hall/common/useLiveFeed.ts';

/** EventSource as the live feed hook uses it; the test opens the streams and says what they carry. */
class FakeEventSource extends EventTarget {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  beat() {
    this.dispatchEvent(Object.assign(new Event('beat'), { data: String(Date.now()) }));
  }
  close() {
    this.readyState = 2;
    this.closed = true;
  }
}

let resyncs = 0;
function Feed() {
  const state = useLiveFeed('/api/display/events', {
    resync: () => {
      resyncs++;
    },
  });
  return <p data-testid="feed">{state}</p>;
}
const feed = () => screen.getByTestId('feed').textContent;
const latest = () => FakeEventSource.opened[FakeEventSource.opened.length - 1]!;
/** Lets the resync promise settle. */
const settle = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });

beforeEach(() => {
  vi.useFakeTimers();
  resyncs = 0;
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the live feed on a half-open link', () => {
  it('a stream that goes silent is lost after SILENT_MS, replaced, and live again once it opens', async () => {
    render(<Feed />);
    latest().open();
    await settle();
    expect(feed()).toBe('live');
    expect(resyncs).toBe(1);
    // Heartbeats every 15 s keep it live well past SILENT_MS.
    for (let i = 0; i < 4; i++) {
      await act(() => {
        vi.advanceTimersByTime(15_000);
      });
      latest().beat();
    }
    expect(feed()).toBe('live');
    expect(FakeEventSource.opened).toHaveLength(1);
    // Then nothing more: the link went half-open (no error, no close, just silence).
    await act(() => {
      vi.advanceTimersByTime(SILENT_MS - 1);
    });
    expect(feed()).toBe('live');
    await act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(feed()).toBe('lost');
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    // The new stream does not open either (still half-open): replaced again after SILENT_MS.
    await act(() => {
      vi.advanceTimersByTime(SILENT_MS);
    });
    expect(FakeEventSource.opened).toHaveLength(3);
    expect(feed()).toBe('lost');
    // The link is back: the stream opens, the page reads its whole state, and it is live.
    latest().open();
    await settle();
    expect(feed()).toBe('live');
    expect(resyncs).toBe(2);
  });

  it('says lost at once when the stream errors (a reset), without waiting for silence', async () => {
    render(<Feed />);
    latest().open();
    await settle();
    act(() => {
      latest().dispatchEvent(new Event('error'));
      latest().onerror?.();
    });
    expect(feed()).toBe('lost');
  });
});
