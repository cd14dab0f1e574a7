// A retry of a request with the same key gets the first answer: the page's Queue.IssueTicket after a
// lost answer must not issue a second number.
import { describe, expect, it } from 'vitest';
import { RepliesByKey } from '../src/tickets/replies-by-key.ts';

type Reply = { result: 'issued'; n: number } | { result: 'refused' };

function counter() {
  let t = 0;
  let n = 0;
  const replies = new RepliesByKey<Reply>({
    now: () => t,
    keep: (r) => r.result === 'issued',
    keepMs: 1000,
    max: 3,
  });
  const issue = () => Promise.resolve<Reply>({ result: 'issued', n: ++n });
  return { replies, issue, advance: (ms: number) => (t += ms), issuedCount: () => n };
}

describe('answers kept by request key', () => {
  it('a repeat with the same key gets the first ticket; another key issues anew; no key always issues', async () => {
    const c = counter();
    const a = await c.replies.once('key-aaaa-1', c.issue);
    expect(await c.replies.once('key-aaaa-1', c.issue)).toEqual(a);
    expect(await c.replies.once('key-bbbb-2', c.issue)).toEqual({ result: 'issued', n: 2 });
    await c.replies.once(undefined, c.issue);
    await c.replies.once(undefined, c.issue);
    expect(c.issuedCount()).toBe(4);
  });

  it('a repeat while the first is still running waits for it instead of running again', async () => {
    const c = counter();
    let release!: () => void;
    let runs = 0;
    const slow = () =>
      new Promise<Reply>((r) => {
        runs++;
        release = () => r({ result: 'issued', n: runs });
      });
    const first = c.replies.once('key-slow-01', slow);
    const second = c.replies.once('key-slow-01', slow);
    release();
    expect(await second).toEqual(await first);
    expect(runs).toBe(1);
  });

  it('refusals and failures are not kept: a retry is decided again', async () => {
    const c = counter();
    expect(await c.replies.once('key-refused', () => Promise.resolve<Reply>({ result: 'refused' }))).toEqual({
      result: 'refused',
    });
    await Promise.resolve();
    expect(await c.replies.once('key-refused', c.issue)).toEqual({ result: 'issued', n: 1 });
    await expect(c.replies.once('key-failed1', () => Promise.reject(new Error('printer')))).rejects.toThrow();
    await Promise.resolve();
    expect(await c.replies.once('key-failed1', c.issue)).toEqual({ result: 'issued', n: 2 });
  });

  it('keys are forgotten after their time and beyond the most kept', async () => {
    const c = counter();
    await c.replies.once('key-old-001', c.issue);
    c.advance(1001);
    expect(await c.replies.once('key-old-001', c.issue)).toEqual({ result: 'issued', n: 2 });
    for (const k of ['key-m-0001', 'key-m-0002', 'key-m-0003', 'key-m-0004'])
      await c.replies.once(k, c.issue);
    expect(c.replies.size).toBeLessThanOrEqual(4);
  });
});
