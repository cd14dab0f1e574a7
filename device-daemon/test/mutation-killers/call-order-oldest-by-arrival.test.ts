// "Oldest" in the call order means the earliest arrival (queuedAt), not the lowest ticket id. They differ
// after a transfer: the ticket keeps its arrival time in the new area and can have a higher id than
// someone who arrived later. Ids only break ties between tickets that arrived in the same millisecond.
import { describe, expect, it } from 'vitest';
import { nextToCall, type WaitingTicket } from '../../src/queue/call-order.ts';

const t = (id: number, queuedAt: number, priority = false): WaitingTicket => ({ id, priority, queuedAt });

describe('the call order picks the longest waiting by arrival time', () => {
  it('first come, first served: the earliest arrival, whatever its id', () => {
    const waiting = [t(3, 2_000), t(9, 1_000), t(5, 3_000)];
    expect(nextToCall(waiting, 0, { priorityPerRegular: 0 })?.id).toBe(9);
    expect(nextToCall(waiting, 0, { priorityPerRegular: 3 })?.id).toBe(9);
  });

  it('the regular ticket owed a turn after a priority streak is the earliest regular arrival', () => {
    const waiting = [t(2, 500, true), t(4, 2_000), t(8, 1_000)];
    expect(nextToCall(waiting, 2, { priorityPerRegular: 2 })?.id).toBe(8);
  });

  it('the next priority ticket is the earliest priority arrival', () => {
    const waiting = [t(1, 100), t(6, 2_000, true), t(7, 1_000, true)];
    expect(nextToCall(waiting, 0, { priorityPerRegular: 2 })?.id).toBe(7);
  });

  it('of two arrivals in the same millisecond, the lower id goes first', () => {
    const waiting = [t(12, 1_000), t(11, 1_000), t(10, 1_500)];
    expect(nextToCall(waiting, 0, { priorityPerRegular: 0 })?.id).toBe(11);
  });

  it('does not reorder the list it was given', () => {
    const waiting = [t(3, 2_000), t(9, 1_000)];
    nextToCall(waiting, 0, { priorityPerRegular: 0 });
    expect(waiting.map((w) => w.id)).toEqual([3, 9]);
  });
});
