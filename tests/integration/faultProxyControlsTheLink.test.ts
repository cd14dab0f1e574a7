// The failure tests' link between kiosks and the hall: each mode does to a real TCP connection what
// it says (bytes unchanged when up; refused and reset when down; swallowed without FIN when
// blackholed; late, never lost, under latency and loss).
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';

let echo: Server;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  let i = 0;
  // A repeatable "random": every second chunk is lost.
  proxy = await startFaultProxy(
    { host: '127.0.0.1', port: (echo.address() as AddressInfo).port },
    { random: () => (i++ % 2 === 0 ? 0 : 0.99) },
  );
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => echo.close(r));
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(proxy.port, proxy.host, () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends `text` and resolves with what came back and how long it took (or null after `waitMs`). */
function roundTrip(s: Socket, text: string, waitMs = 2000): Promise<{ text: string; ms: number } | null> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let got = '';
    const onData = (b: Buffer) => {
      got += b.toString();
      if (got.length >= text.length) {
        s.off('data', onData);
        clearTimeout(timer);
        resolve({ text: got, ms: performance.now() - t0 });
      }
    };
    const timer = setTimeout(() => {
      s.off('data', onData);
      resolve(null);
    }, waitMs);
    s.on('data', onData);
    s.write(text);
  });
}

describe('the fault proxy', () => {
  it('forwards bytes unchanged when up', async () => {
    proxy.set({ mode: 'up' });
    const s = await open();
    expect((await roundTrip(s, 'A001 请到37号窗口'))?.text).toBe('A001 请到37号窗口');
    s.destroy();
  });

  it('down: resets open connections at once and refuses new ones', async () => {
    proxy.set({ mode: 'up' });
    const s = await open();
    const closed = new Promise<string>((r) => {
      s.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      s.once('close', () => r('close'));
    });
    proxy.set({ mode: 'down' });
    expect(['ECONNRESET', 'close']).toContain(await closed);
    const refusedBefore = proxy.stats().refused;
    // A new connection is accepted by the kernel, then reset by the proxy before a byte goes through.
    const ended = await new Promise<string>((r) => {
      const s2 = connect(proxy.port, proxy.host);
      s2.on('data', () => r('data'));
      s2.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      s2.once('close', () => r('close'));
    });
    expect(['ECONNRESET', 'close']).toContain(ended);
    expect(proxy.stats().refused).toBe(refusedBefore + 1);
    proxy.set({ mode: 'up' });
  });

  it('blackhole: the connection stays open but nothing comes back (half-open)', async () => {
    proxy.set({ mode: 'up' });
    const s = await open();
    proxy.set({ mode: 'blackhole' });
    expect(await roundTrip(s, 'hello', 500)).toBeNull();
    expect(s.destroyed).toBe(false);
    s.destroy();
    proxy.set({ mode: 'up' });
  });

  it('latency: each direction late by the delay, bytes in order', async () => {
    proxy.set({ mode: 'latency', delayMs: 150 });
    const s = await open();
    const r = await roundTrip(s, 'abc');
    expect(r?.text).toBe('abc');
    expect(r!.ms).toBeGreaterThanOrEqual(290);
    s.destroy();
    proxy.set({ mode: 'up' });
  });

  it('loss: a lost chunk arrives after a retransmission time-out, never missing', async () => {
    proxy.set({ mode: 'loss', rate: 0.5, rtoMs: 100 });
    const s = await open();
    const r = await roundTrip(s, 'ticket');
    expect(r?.text).toBe('ticket');
    // Of the two chunks (there and back), the repeatable pattern loses one: one RTO of delay.
    expect(r!.ms).toBeGreaterThanOrEqual(95);
    s.destroy();
    proxy.set({ mode: 'up' });
  });
});
