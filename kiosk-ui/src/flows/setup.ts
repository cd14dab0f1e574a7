import { createMachine, type setup as xstateSetup } from 'xstate';

type Setup = typeof xstateSetup;

/**
 * XState's `setup(…)`, for `setup(…).createMachine(…)` only. XState's own returns every action
 * creator besides (`sendTo`, `emit`, `enqueueActions`, `log`, …), so a bundle that calls it carries
 * them all; this one makes the same machine (the same call XState makes: `createMachine` with the
 * setup's schemas in the config and its implementations), and its other members throw when read.
 * Action creators the machines use are imported from 'xstate' themselves.
 */
export const setup: Setup = ((implementations: Parameters<Setup>[0]) => {
  const { schemas, actors, actions, guards, delays } = implementations;
  const made = {
    createMachine: (config: object) =>
      createMachine({ ...config, schemas } as never, { actors, actions, guards, delays } as never),
  };
  return new Proxy(made, {
    get(target, name) {
      if (name === 'createMachine') return target.createMachine;
      throw new Error(`setup(…).${String(name)} is not available here: import it from 'xstate'`);
    },
  });
}) as unknown as Setup;
