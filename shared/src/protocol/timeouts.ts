/**
 * How long the kiosk page waits for `Queue.IssueTicket` (it sends this as the command's timeout). The
 * daemon's hall link derives its own budget for a ticket from it (device-daemon/src/hall-link/budget.ts),
 * so the link always gives up, and the kiosk issues offline, well before the page stops waiting.
 */
export const ISSUE_TICKET_TIMEOUT_MS = 20_000;
