import type { TouchClock } from '../flows/session/session.machine.ts';

type TouchTarget = Pick<Window, 'addEventListener'> & { performance: Pick<Performance, 'now'> };

/**
 * Records when the glass was last touched (any pointerdown, before the page's own handlers see it),
 * for the session's inactivity watch to read when its time is up. A touch does nothing else here:
 * no event to the session, so no new snapshot and no render (session.machine.ts, TouchClock).
 */
export function watchTouches(win: TouchTarget): TouchClock {
  let last = -Infinity;
  // In the capture phase: the touch counts even where an element's handler stops it.
  win.addEventListener(
    'pointerdown',
    () => {
      last = win.performance.now();
    },
    true,
  );
  return { now: () => win.performance.now(), lastTouchAt: () => last };
}
