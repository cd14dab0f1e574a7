import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup as xstateSetup } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { setup } from '../src/flows/setup.ts';

/** A machine using each kind of implementation setup() takes: actors, actions, guards, delays. */
const implementations = {
  types: { context: {} as { n: number }, events: {} as { type: 'add' } | { type: 'done' } },
  actors: { load: fromPromise(async () => 5) },
  actions: { add: assign(({ context }: { context: { n: number } }) => ({ n: context.n + 1 })) },
  guards: { small: ({ context }: { context: { n: number } }) => context.n < 7 },
  delays: { soon: 10 },
};
const config = {
  id: 'm',
  context: { n: 0 },
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'load',
        onDone: {
          target: 'counting',
          actions: assign({ n: ({ event }: { event: { output: number } }) => event.output }),
        },
      },
    },
    counting: {
      on: { add: [{ guard: 'small', actions: 'add' }, { target: 'full' }], done: 'full' },
      after: { soon: 'full' },
    },
    full: { type: 'final' },
  },
} as const;

describe("the flows' setup()", () => {
  it("makes the same machine as XState's setup()", async () => {
    const ours = setup(implementations as never).createMachine(config as never);
    const theirs = xstateSetup(implementations as never).createMachine(config as never);
    expect(JSON.stringify(ours.definition)).toBe(JSON.stringify(theirs.definition));
    expect(getShortestPaths(ours).map((p) => p.state.value)).toEqual(
      getShortestPaths(theirs).map((p) => p.state.value),
    );
    // Its implementations run: the promise actor, the guard, the action and the delay.
    const actor = createActor(ours).start();
    await new Promise((r) => setTimeout(r, 0));
    expect(actor.getSnapshot().context.n).toBe(5);
    actor.send({ type: 'add' });
    actor.send({ type: 'add' });
    expect(actor.getSnapshot().context.n).toBe(7);
    actor.send({ type: 'add' });
    expect(actor.getSnapshot().value).toBe('full');
    const timed = createActor(ours).start();
    await new Promise((r) => setTimeout(r, 40));
    expect(timed.getSnapshot().value).toBe('full');
  });

  it('says so when anything but createMachine is asked of it', () => {
    const made = setup(implementations as never);
    expect(() => made.assign).toThrow("setup(…).assign is not available here: import it from 'xstate'");
    expect(() => made.extend).toThrow(/extend is not available/);
  });
});
