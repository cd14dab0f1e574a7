import { useEffect, useState } from 'preact/hooks';
import type { AnyActorRef, SnapshotFrom } from 'xstate';

/**
 * Subscribes a component to an actor's snapshots. (There is no Preact binding for XState v5; this
 * is the part of one we need, without pulling React compatibility in.)
 */
export function useActorSnapshot<T extends AnyActorRef>(ref: T): SnapshotFrom<T>;
export function useActorSnapshot<T extends AnyActorRef>(ref: T | undefined): SnapshotFrom<T> | undefined;
export function useActorSnapshot<T extends AnyActorRef>(ref: T | undefined): SnapshotFrom<T> | undefined {
  const [snapshot, setSnapshot] = useState(() => ref?.getSnapshot() as SnapshotFrom<T> | undefined);
  useEffect(() => {
    if (!ref) {
      setSnapshot(undefined);
      return;
    }
    setSnapshot(ref.getSnapshot());
    const sub = ref.subscribe((s: SnapshotFrom<T>) => setSnapshot(s));
    return () => sub.unsubscribe();
  }, [ref]);
  return snapshot;
}
