import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DaemonClient } from '../src/daemon/client.ts';

/** A WebSocket the test opens and closes by hand. */
class FakeSocket {
  static made: FakeSocket[] = [];
  static readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  FakeSocket.made = [];
});

describe('the connection to the daemon', () => {
  it('tells its followers when it is made again after it was lost, not when it is first made', async () => {
    const client = new DaemonClient('ws://127.0.0.1:1/ws');
    let reconnects = 0;
    const sentBefore: number[] = [];
    const stop = client.onReconnect(() => {
      reconnects++;
      sentBefore.push(FakeSocket.made.at(-1)!.sent.length);
    });
    FakeSocket.made[0]!.open();
    expect(reconnects).toBe(0);
    // The daemon restarts: the socket closes, the client tries again after its back-off.
    FakeSocket.made[0]!.close();
    const waiting = client.request('Kiosk.Info', {}).catch(() => undefined);
    vi.advanceTimersByTime(250);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.made[1]!.open();
    expect(reconnects).toBe(1);
    // The request made while it was down went out once it was back, before the followers asked theirs.
    expect(sentBefore).toEqual([1]);
    expect(JSON.parse(FakeSocket.made[1]!.sent[0]!).header.name).toBe('Kiosk.Info');
    // A follower that throws does not keep the others from being told.
    let others = 0;
    const stopThrowing = client.onReconnect(() => {
      throw new Error('broken follower');
    });
    const stopOther = client.onReconnect(() => others++);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    FakeSocket.made[1]!.close();
    vi.advanceTimersByTime(250);
    FakeSocket.made[2]!.open();
    expect(others).toBe(1);
    expect(reconnects).toBe(2);
    expect(errors).toHaveBeenCalledTimes(1);
    stopThrowing();
    stopOther();
    // A follower that stopped following is not told.
    stop();
    FakeSocket.made[2]!.close();
    vi.advanceTimersByTime(250);
    FakeSocket.made[3]!.open();
    expect(reconnects).toBe(2);
    client.close();
    vi.advanceTimersByTime(20_000);
    await waiting;
  });

  it('tells its followers when it opens at last after its first attempts failed (the daemon was not up yet)', () => {
    const client = new DaemonClient('ws://127.0.0.1:1/ws');
    let reconnects = 0;
    client.onReconnect(() => reconnects++);
    FakeSocket.made[0]!.close();
    vi.advanceTimersByTime(250);
    FakeSocket.made[1]!.close();
    vi.advanceTimersByTime(500);
    FakeSocket.made[2]!.open();
    expect(reconnects).toBe(1);
    client.close();
  });

  it('opens only when told to, when made to open later, and sends what was asked before then', async () => {
    const client = new DaemonClient('ws://127.0.0.1:1/ws', { open: 'later' });
    const answered = client.request('Kiosk.Clock', {}, { timeoutMs: 5000 });
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.made).toHaveLength(0);
    client.open();
    client.open();
    expect(FakeSocket.made).toHaveLength(1);
    FakeSocket.made[0]!.open();
    const sent = JSON.parse(FakeSocket.made[0]!.sent[0]!);
    expect(sent.header.name).toBe('Kiosk.Clock');
    FakeSocket.made[0]!.onmessage!({
      data: JSON.stringify({
        header: {
          type: 'completion',
          name: 'Kiosk.Clock',
          requestId: sent.header.requestId,
          completionCode: 'success',
        },
        payload: { offsetMs: 0, measured: true, zoneOffsetMinutes: 480 },
      }),
    });
    await expect(answered).resolves.toEqual({ offsetMs: 0, measured: true, zoneOffsetMinutes: 480 });
    // Lost, and waiting out its back-off: opening again does not make a second connection.
    FakeSocket.made[0]!.close();
    client.open();
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(FakeSocket.made).toHaveLength(2);
    client.open();
    expect(FakeSocket.made).toHaveLength(2);
    client.close();
  });

  it('answers a request made before it opened with "disconnected" when it never opens', async () => {
    const client = new DaemonClient('ws://127.0.0.1:1/ws', { open: 'later' });
    const answered = client.request('Kiosk.Clock', {}, { timeoutMs: 100 });
    vi.advanceTimersByTime(1100);
    await expect(answered).rejects.toMatchObject({ name: 'DaemonError', code: 'disconnected' });
  });
});
