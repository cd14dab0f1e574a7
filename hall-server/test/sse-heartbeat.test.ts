// The live feed's heartbeat: an `event: beat` the page can see (EventSource hides comments), carrying
// the hall's clock, every HEARTBEAT_MS on the injected clock; the stream ends when the session does.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { HEARTBEAT_MS, openEventStream } from '../src/http/sse.ts';
import type { HallServices } from '../src/hall.ts';
import type { RouteContext } from '../src/http/server.ts';

function stream(stillAllowed?: () => Promise<boolean>) {
  const clock = new ManualClock(Date.parse('2026-11-30T10:00:00+08:00'));
  const written: string[] = [];
  let ended = false;
  const res = {
    writeHead: () => res,
    write: (s: string) => written.push(s),
    end: () => {
      ended = true;
    },
  };
  const live = Object.assign(new EventEmitter(), { lastId: 41 });
  const ctx = {
    req: new EventEmitter(),
    res,
    hall: { clock, live },
  } as unknown as RouteContext<HallServices>;
  openEventStream(ctx, stillAllowed ? { stillAllowed } : {});
  return { clock, written, ended: () => ended, live };
}

describe('the live feed heartbeat', () => {
  it('writes event: beat with the hall clock every HEARTBEAT_MS, and events between', async () => {
    const s = stream();
    expect(s.written).toEqual(['retry: 2000\n: live since 41\n\n']);
    await s.clock.advance(HEARTBEAT_MS - 1);
    expect(s.written).toHaveLength(1);
    await s.clock.advance(1);
    await new Promise((r) => setImmediate(r));
    expect(s.written[1]).toBe(`event: beat\ndata: ${s.clock.now()}\n\n`);
    s.live.emit('event', { id: 42, ticketId: 7, event: 'called', areaId: 'tax', counterId: 'w014', at: 'x' });
    expect(s.written[2]).toMatch(/^id: 42\nevent: ticket\ndata: /);
    await s.clock.advance(HEARTBEAT_MS);
    await new Promise((r) => setImmediate(r));
    expect(s.written.filter((w) => w.startsWith('event: beat'))).toHaveLength(2);
  });

  it('ends at the next beat when the session is gone, and writes nothing more', async () => {
    let allowed = true;
    const s = stream(async () => allowed);
    await s.clock.advance(HEARTBEAT_MS);
    await new Promise((r) => setImmediate(r));
    expect(s.ended()).toBe(false);
    allowed = false;
    await s.clock.advance(HEARTBEAT_MS);
    await new Promise((r) => setImmediate(r));
    expect(s.ended()).toBe(true);
    const n = s.written.length;
    await s.clock.advance(HEARTBEAT_MS * 3);
    expect(s.written).toHaveLength(n);
  });
});
