import { describe, expect, it } from 'vitest';
import { HelpRequests } from '../src/help/help-requests.ts';
import { silentLogger } from '../src/log.ts';

describe('calls for staff', () => {
  it('records each call with the injected clock and the screen, newest last, keeping the last ones', () => {
    let t = Date.parse('2026-11-30T01:00:00.000Z');
    const help = new HelpRequests({ now: () => new Date((t += 1000)), log: silentLogger, keep: 2 });
    expect(help.call('home')).toEqual({ at: '2026-11-30T01:00:01.000Z', screen: 'home' });
    help.call('guideFind');
    help.call('ticketPrinted');
    expect(help.list()).toEqual([
      { at: '2026-11-30T01:00:02.000Z', screen: 'guideFind' },
      { at: '2026-11-30T01:00:03.000Z', screen: 'ticketPrinted' },
    ]);
  });

  it('hands out a copy: the record cannot be changed from outside', () => {
    const help = new HelpRequests({ now: () => new Date(0), log: silentLogger });
    help.call('home');
    (help.list() as unknown[]).length = 0;
    expect(help.list()).toHaveLength(1);
  });
});
