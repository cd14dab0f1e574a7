// The expected wait at its boundaries: which service times count, when there is too little history to
// say anything, nobody ahead, and how the wait is shared among counters and rounded up to whole minutes.
import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes } from '../../src/queue/wait-estimate.ts';

const rule = { sample: 3, minSample: 2 };

describe('the wait estimate', () => {
  it('uses only the most recent `sample` service times', () => {
    // The first three (most recent) average 60 s; the old 6000 s one is out of the sample.
    expect(estimateWaitMinutes(2, [60, 60, 60, 6000], 1, rule)).toBe(2);
  });

  it('says nothing with fewer than `minSample` times, and something with exactly that many', () => {
    expect(estimateWaitMinutes(2, [120], 1, rule)).toBeNull();
    expect(estimateWaitMinutes(2, [120, 120], 1, rule)).toBe(4);
  });

  it('needs at least one service time even when minSample is 0', () => {
    expect(estimateWaitMinutes(2, [], 1, { sample: 3, minSample: 0 })).toBeNull();
    expect(estimateWaitMinutes(2, [90], 1, { sample: 3, minSample: 0 })).toBe(3);
  });

  it('is 0 minutes with nobody ahead, once there is history', () => {
    expect(estimateWaitMinutes(0, [300, 300], 1, rule)).toBe(0);
    expect(estimateWaitMinutes(0, [300], 1, rule)).toBeNull();
  });

  it('is the mean time per person, times the people ahead, shared among counters, rounded up', () => {
    // Mean 90 s; 3 ahead = 270 s; 2 counters = 135 s = 2.25 min → 3.
    expect(estimateWaitMinutes(3, [60, 120], 2, rule)).toBe(3);
    // Exactly 4 min stays 4.
    expect(estimateWaitMinutes(4, [60, 60], 1, rule)).toBe(4);
    // No counter open counts as one.
    expect(estimateWaitMinutes(3, [60, 120], 0, rule)).toBe(5);
  });
});
