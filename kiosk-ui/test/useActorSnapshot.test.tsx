import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyActorRef } from 'xstate';
import { useActorSnapshot } from '../src/hooks/useActorSnapshot.ts';

const machine = createMachine({
  initial: 'a',
  states: { a: { on: { NEXT: 'b' } }, b: { on: { NEXT: 'c' } }, c: {} },
});
const started = (n = 0) => {
  const actor = createActor(machine).start();
  for (let i = 0; i < n; i++) actor.send({ type: 'NEXT' });
  return actor;
};

function State({ actor }: { actor: AnyActorRef | undefined }) {
  const s = useActorSnapshot(actor);
  return <p>{s === undefined ? 'none' : String(s.value)}</p>;
}

let root: HTMLElement;
const shown = () => root.textContent;
/** Preact re-renders after a state change in a microtask. */
const microtasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('useActorSnapshot', () => {
  it('shows a new actor in the same render, before any effect or frame', () => {
    root = document.body.appendChild(document.createElement('div'));
    render(<State actor={undefined} />, root);
    expect(shown()).toBe('none');
    // A flow starts: its first screen must come with this render, not one frame later.
    render(<State actor={started(1)} />, root);
    expect(shown()).toBe('b');
    render(<State actor={started(2)} />, root);
    expect(shown()).toBe('c');
  });

  it('follows the actor it shows, and stops following one it no longer shows', async () => {
    root = document.body.appendChild(document.createElement('div'));
    const first = started();
    render(<State actor={first} />, root);
    first.send({ type: 'NEXT' });
    await microtasks();
    expect(shown()).toBe('b');
    const second = started();
    render(<State actor={second} />, root);
    expect(shown()).toBe('a');
    first.send({ type: 'NEXT' });
    await microtasks();
    expect(shown()).toBe('a');
    second.send({ type: 'NEXT' });
    await microtasks();
    expect(shown()).toBe('b');
  });

  it('catches a change made between the render and the subscription', async () => {
    root = document.body.appendChild(document.createElement('div'));
    const actor = started();
    function SendsWhileRendering() {
      const s = useActorSnapshot(actor);
      // The child below changes the actor after this read and before the subscription is made.
      return (
        <>
          <p>{String(s.value)}</p>
          <Sender />
        </>
      );
    }
    let sent = false;
    function Sender() {
      if (!sent) {
        sent = true;
        actor.send({ type: 'NEXT' });
      }
      return null;
    }
    render(<SendsWhileRendering />, root);
    await microtasks();
    expect(root.querySelector('p')!.textContent).toBe('b');
  });
});
