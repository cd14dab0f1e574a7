/** How the expected wait is worked out (docs/queue.md, "Wait estimate"). */
export type WaitEstimateRule = {
  /** Service times used: the most recent this many in the area today. */
  sample: number;
  /** Fewer finished services than this today: no estimate ("not enough history yet"). */
  minSample: number;
};

/**
 * Expected wait in whole minutes for someone with `peopleAhead` ahead of them: the mean of the area's
 * recent service times (a moving average), times the people ahead, shared among the counters serving
 * the area now (at least one). Null when there is too little history to say anything honest. Pure.
 */
export function estimateWaitMinutes(
  peopleAhead: number,
  recentServiceSeconds: readonly number[],
  activeCounters: number,
  rule: WaitEstimateRule,
): number | null {
  const sample = recentServiceSeconds.slice(0, rule.sample);
  if (sample.length < Math.max(1, rule.minSample)) return null;
  if (peopleAhead === 0) return 0;
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  return Math.ceil((peopleAhead * mean) / Math.max(1, activeCounters) / 60);
}
