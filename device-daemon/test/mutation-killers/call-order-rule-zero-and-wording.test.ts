// With priority turned off (0), the earliest arrival is called even if that is a priority ticket; and
// the sentence on the screen says the rule with its number, singular or plural.
import { describe, expect, it } from 'vitest';
import { describeCallOrder, nextToCall } from '../../src/queue/call-order.ts';

describe('call order with priority off', () => {
  it('calls a priority ticket that arrived first, however long the streak', () => {
    const waiting = [
      { id: 1, priority: true, queuedAt: 100 },
      { id: 2, priority: false, queuedAt: 200 },
    ];
    expect(nextToCall(waiting, 5, { priorityPerRegular: 0 })?.id).toBe(1);
  });

  it('calls nobody when nobody waits', () => {
    expect(nextToCall([], 0, { priorityPerRegular: 0 })).toBeNull();
  });
});

describe('the call order in one sentence', () => {
  it('for first come, first served', () => {
    expect(describeCallOrder({ priorityPerRegular: 0 })).toEqual({
      zh: '按取号先后顺序叫号。',
      en: 'Numbers are called in the order they were taken.',
    });
  });

  it('for one priority number in a row, in the singular', () => {
    expect(describeCallOrder({ priorityPerRegular: 1 }).en).toBe(
      'Priority numbers are called first; after every 1 priority number in a row, one regular number is called.',
    );
  });

  it('for three, in the plural', () => {
    expect(describeCallOrder({ priorityPerRegular: 3 })).toEqual({
      zh: '绿色通道号优先叫号；每连续叫 3 个绿色通道号后，叫 1 个普通号。',
      en: 'Priority numbers are called first; after every 3 priority numbers in a row, one regular number is called.',
    });
  });
});
