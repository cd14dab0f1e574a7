/**
 * Runs exchanges with a device one at a time (a status poll, a print job, a read): whatever was
 * queued before finishes, or fails, first. A failure never blocks what comes after.
 */
export class ExchangeQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
