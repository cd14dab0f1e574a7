import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { runKiosk, startDaemon, tempDir, type DaemonProcess } from '../support/harness.ts';
import { TestSocket } from '../support/ws-client.ts';

/** Takes a ticket and rates it, over the daemon's WebSocket API, as the UI does. */
async function rateATicket(daemon: DaemonProcess, level: number, id: number): Promise<void> {
  const ws = await TestSocket.open(daemon.url);
  ws.command('Queue.IssueTicket', id, { areaId: 'tax' });
  const ticket = (await ws.completion(id)).payload as { ticket: { id: number } };
  ws.command('Rating.Submit', id + 1, { event: { kind: 'ticket', ref: String(ticket.ticket.id) }, level });
  expect((await ws.completion(id + 1)).payload).toMatchObject({ result: 'recorded' });
  // 一次一评: the same ticket cannot be rated twice.
  ws.command('Rating.Submit', id + 2, { event: { kind: 'ticket', ref: String(ticket.ticket.id) }, level: 1 });
  expect((await ws.completion(id + 2)).payload).toEqual({ result: 'alreadyRated' });
  ws.close();
}

describe('好差评 delivery through a provincial outage and a daemon restart', () => {
  const dir = tempDir('ratings');
  const endpoint = new EvaluationEndpoint();
  let daemon: DaemonProcess | undefined;
  afterAll(async () => {
    await daemon?.stop();
    await endpoint.close();
  });

  it('keeps every rating while the system is down, across a kill -9, and delivers each once when it is back', async () => {
    const url = await endpoint.listen();
    endpoint.setMode({ mode: 'down' });
    const config = {
      devices: {},
      ratings: {
        endpoint: { url: `${url}/evaluations`, timeoutMs: 500 },
        retry: { initialMs: 100, maxMs: 1000 },
      },
    };
    daemon = await startDaemon({ dir, config });
    await rateATicket(daemon, 5, 1);
    await rateATicket(daemon, 2, 10);
    await expect.poll(() => endpoint.requests, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await daemon.kill9();

    const waiting = await runKiosk(['ratings', '--config', `${dir}/config.json`, '--json']);
    expect(JSON.parse(waiting.stdout)).toMatchObject({
      byLevel: { '5': 1, '2': 1 },
      outbox: { pending: 2, delivered: 0 },
    });

    endpoint.setMode({ mode: 'ok' });
    daemon = await startDaemon({ dir, config });
    await expect.poll(() => endpoint.received.size, { timeout: 10_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 1500)); // a few more retry periods: nothing else arrives
    expect(endpoint.received.size).toBe(2);
    expect(endpoint.duplicates).toBe(0);
    expect([...endpoint.received.values()].map((r) => r.body.levelName).sort()).toEqual([
      '不满意',
      '非常满意',
    ]);
    const done = await runKiosk(['ratings', '--config', `${dir}/config.json`, '--json']);
    expect(JSON.parse(done.stdout)).toMatchObject({ outbox: { pending: 0, delivered: 2, rejected: 0 } });
  });
});
