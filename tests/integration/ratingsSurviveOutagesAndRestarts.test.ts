import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationEndpoint, type DeliveryAttempt } from '@hall-kiosk/hardware-mocks';
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

/**
 * The Idempotency-Key headers the endpoint saw for each rating (by the ticket it rates), over every
 * attempt: refused while down, before and after a kill -9, and the one that was delivered.
 */
function keysByRating(attempts: readonly DeliveryAttempt[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const attempt of attempts) {
    const body = JSON.parse(attempt.body) as { serviceEvent: { ref: string }; idempotencyKey: string };
    // The key in the body must be the header's, or the provincial system could see two keys at once.
    expect(body.idempotencyKey).toBe(attempt.key);
    const ref = body.serviceEvent.ref;
    keys.set(ref, [...(keys.get(ref) ?? []), attempt.key ?? '(no key)']);
  }
  return keys;
}

/** Each rating was tried at least `minAttempts` times and carried one and the same key every time. */
function expectOneKeyPerRating(
  attempts: readonly DeliveryAttempt[],
  ratings: number,
  minAttempts: number,
): void {
  const keys = keysByRating(attempts);
  expect(keys.size).toBe(ratings);
  for (const [ref, seen] of keys) {
    expect(seen.length, `attempts for ticket ${ref}`).toBeGreaterThanOrEqual(minAttempts);
    expect(new Set(seen).size, `keys for ticket ${ref}: ${seen.join(', ')}`).toBe(1);
  }
  const distinct = [...keys.values()].map((seen) => seen[0]);
  expect(new Set(distinct).size, 'two ratings share a key').toBe(ratings);
}

describe('the idempotency-key check itself', () => {
  const attempt = (ref: string, key: string): DeliveryAttempt => ({
    key,
    body: JSON.stringify({ serviceEvent: { kind: 'ticket', ref }, idempotencyKey: key }),
  });

  it('passes when each rating keeps its key', () => {
    expect(() =>
      expectOneKeyPerRating(
        [
          attempt('1', 'key-aaaa'),
          attempt('2', 'key-bbbb'),
          attempt('1', 'key-aaaa'),
          attempt('2', 'key-bbbb'),
        ],
        2,
        2,
      ),
    ).not.toThrow();
  });

  it('fails when a rating gets a new key on a later attempt', () => {
    expect(() =>
      expectOneKeyPerRating(
        [
          attempt('1', 'key-aaaa'),
          attempt('2', 'key-bbbb'),
          attempt('1', 'key-cccc'),
          attempt('2', 'key-bbbb'),
        ],
        2,
        2,
      ),
    ).toThrow(/keys for ticket 1/);
  });

  it('fails when two ratings share a key, or a rating was tried only once', () => {
    expect(() =>
      expectOneKeyPerRating(
        [
          attempt('1', 'key-aaaa'),
          attempt('2', 'key-aaaa'),
          attempt('1', 'key-aaaa'),
          attempt('2', 'key-aaaa'),
        ],
        2,
        2,
      ),
    ).toThrow(/share a key/);
    expect(() => expectOneKeyPerRating([attempt('1', 'key-aaaa'), attempt('2', 'key-bbbb')], 2, 2)).toThrow(
      /attempts for ticket/,
    );
  });
});

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
    // Each rating refused at least twice before the crash.
    await expect
      .poll(() => [...keysByRating(endpoint.attempts).values()].filter((k) => k.length >= 2).length, {
        timeout: 10_000,
      })
      .toBe(2);
    const beforeCrash = endpoint.attempts.length;
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
    // The same key on every attempt of a rating, before and after the kill -9, delivered one included.
    expect(endpoint.attempts.length).toBeGreaterThan(beforeCrash);
    expectOneKeyPerRating(endpoint.attempts, 2, 3);
    expect([...endpoint.received.values()].map((r) => r.body.levelName).sort()).toEqual([
      '不满意',
      '非常满意',
    ]);
    const done = await runKiosk(['ratings', '--config', `${dir}/config.json`, '--json']);
    expect(JSON.parse(done.stdout)).toMatchObject({ outbox: { pending: 0, delivered: 2, rejected: 0 } });
  });
});
