import type { Logger } from '../log.ts';

export type ShutdownStep = { name: string; run: () => void | Promise<void> };

/**
 * What stopping the daemon does, as an explicit list of named steps run one after the other in the
 * order they were added. A step that fails is logged and the next ones still run: a failed statistics
 * flush must not leave the database open. Running it again does nothing.
 */
export class ShutdownSequence {
  readonly #steps: ShutdownStep[] = [];
  #done: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  add(name: string, run: ShutdownStep['run']): this {
    this.#steps.push({ name, run });
    return this;
  }

  /** The step names in the order they run. */
  get names(): string[] {
    return this.#steps.map((s) => s.name);
  }

  run(): Promise<void> {
    this.#done ??= (async () => {
      for (const step of this.#steps) {
        try {
          await step.run();
          this.log.debug({ step: step.name }, 'shutdown step done');
        } catch (e) {
          this.log.error({ step: step.name, error: (e as Error).message }, 'shutdown step failed');
        }
      }
    })();
    return this.#done;
  }
}
