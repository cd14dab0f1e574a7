import { ISSUE_TICKET_TIMEOUT_MS } from '@hall-kiosk/shared';

/**
 * The hall's part of one ticket: every attempt at the hall, the waits between them included, ends
 * within this long after the kiosk first asked (ms). It is derived from the page's wait for the
 * command (`ISSUE_TICKET_TIMEOUT_MS`, the one place that owns both numbers) and leaves the rest of that
 * wait for what follows a hall that did not answer: a number from the kiosk's offline series and its
 * printing. With the defaults (20 s) it is 8 s: the first attempt's 5 s time-out, a quarter second,
 * and a second attempt cut to what is left.
 */
export const HALL_ISSUE_BUDGET_MS = Math.floor(ISSUE_TICKET_TIMEOUT_MS * 0.4);

/** An attempt with less than this left of the budget is not started (it could not be answered). */
export const MIN_ATTEMPT_MS = 200;
