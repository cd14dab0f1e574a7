import type { Logger } from '../log.ts';

/** One call for staff made at the kiosk: when, and on which screen (nothing about the person). */
export type HelpRequest = { at: string; screen: string };

/**
 * Calls for staff ("呼叫工作人员") made at this kiosk, newest last, kept in memory (the last
 * `keep`) for the staff side to read, and logged. In a hall with several kiosks the call will later
 * be routed to the supervisors; on a single kiosk this is where it is recorded.
 */
export class HelpRequests {
  readonly #now: () => Date;
  readonly #log: Logger;
  readonly #keep: number;
  readonly #calls: HelpRequest[] = [];

  constructor(deps: { now: () => Date; log: Logger; keep?: number }) {
    this.#now = deps.now;
    this.#log = deps.log;
    this.#keep = deps.keep ?? 100;
  }

  call(screen: string): HelpRequest {
    const request = { at: this.#now().toISOString(), screen };
    this.#calls.push(request);
    if (this.#calls.length > this.#keep) this.#calls.splice(0, this.#calls.length - this.#keep);
    this.#log.warn({ screen }, 'a citizen at the kiosk asked for staff');
    return request;
  }

  /** The calls kept, newest last. */
  list(): readonly HelpRequest[] {
    return [...this.#calls];
  }
}
