/** A waiting ticket as the call order sees it. */
export type WaitingTicket = { id: number; priority: boolean; /** ms */ queuedAt: number };

/** How priority (绿色通道) and waiting time are balanced when a counter calls the next person. */
export type CallOrderRule = {
  /**
   * After this many priority tickets called in a row in an area, the longest-waiting regular ticket
   * is called next (if one waits). 0 turns priority off: strictly first come, first served.
   */
  priorityPerRegular: number;
};

/**
 * The one rule that decides who is called next in an area:
 *
 * 1. Priority tickets go first, oldest first —
 * 2. — but after `priorityPerRegular` priority calls in a row, the oldest regular ticket is called,
 *    so nobody without priority waits for ever behind a stream of priority tickets (NovoSGA's most
 *    frequent complaint runs both ways: priority lost at the back, or priority jumping everyone).
 * 3. Otherwise, first come, first served.
 *
 * `streak` is the number of priority tickets called in a row most recently in this area. Pure.
 */
export function nextToCall(
  waiting: readonly WaitingTicket[],
  streak: number,
  rule: CallOrderRule,
): WaitingTicket | null {
  if (waiting.length === 0) return null;
  const byArrival = [...waiting].sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id);
  if (rule.priorityPerRegular === 0) return byArrival[0]!;
  const firstPriority = byArrival.find((t) => t.priority);
  const firstRegular = byArrival.find((t) => !t.priority);
  if (!firstPriority) return firstRegular!;
  if (!firstRegular) return firstPriority;
  return streak >= rule.priorityPerRegular ? firstRegular : firstPriority;
}

/** The rule in one sentence, as the screen and the ticket show it. */
export function describeCallOrder(rule: CallOrderRule): { zh: string; en: string } {
  if (rule.priorityPerRegular === 0) {
    return { zh: '按取号先后顺序叫号。', en: 'Numbers are called in the order they were taken.' };
  }
  const n = rule.priorityPerRegular;
  return {
    zh: `绿色通道号优先叫号；每连续叫 ${n} 个绿色通道号后，叫 1 个普通号。`,
    en: `Priority numbers are called first; after every ${n} priority number${n === 1 ? '' : 's'} in a row, one regular number is called.`,
  };
}
