import { useLayoutEffect, useState } from 'preact/hooks';
import type { AnyActorRef, SnapshotFrom } from 'xstate';

/**
 * Subscribes a component to an actor's snapshots. (There is no Preact binding for XState v5; this
 * is the part of one we need, without pulling React compatibility in.)
 *
 * The snapshot is read from the actor while rendering, so a component given a new actor (a flow
 * that has just started) shows that actor's snapshot in the same render — not one frame later,
 * after an effect has run: on a tap that starts a flow, that extra frame and second render were part
 * of the time to the next screen. Changes only ask for a new render.
 */
export function useActorSnapshot<T extends AnyActorRef>(ref: T): SnapshotFrom<T>;
export function useActorSnapshot<T extends AnyActorRef>(ref: T | undefined): SnapshotFrom<T> | undefined;
export function useActorSnapshot<T extends AnyActorRef>(ref: T | undefined): SnapshotFrom<T> | undefined {
  const [, setSeen] = useState<unknown>(undefined);
  const snapshot = ref?.getSnapshot() as SnapshotFrom<T> | undefined;
  useLayoutEffect(() => {
    if (!ref) return;
    const sub = ref.subscribe((s: SnapshotFrom<T>) => setSeen(s));
    // A change between this render and the subscription: render again.
    if (ref.getSnapshot() !== snapshot) setSeen(ref.getSnapshot());
    return () => sub.unsubscribe();
  }, [ref]);
  return snapshot;
}
