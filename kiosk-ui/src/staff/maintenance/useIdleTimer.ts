import { useEffect, useState } from 'preact/hooks';

/**
 * Counts idle time while `active`: after `idleMs` without a touch (pointerdown anywhere) it counts
 * down `warnSeconds` (`secondsLeft`), then calls `onTimeout`. A touch ends the warning.
 */
export function useIdleTimer({
  active,
  idleMs,
  warnSeconds,
  onTimeout,
}: {
  active: boolean;
  idleMs: number;
  warnSeconds: number;
  onTimeout: () => void;
}): { secondsLeft: number | null; dismiss: () => void } {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
      setSecondsLeft(null);
    };
    window.addEventListener('pointerdown', touch, true);
    const id = setInterval(() => {
      const idle = Date.now() - last;
      if (idle >= idleMs + warnSeconds * 1000) onTimeout();
      else if (idle >= idleMs) setSecondsLeft(Math.ceil((idleMs + warnSeconds * 1000 - idle) / 1000));
    }, 1000);
    return () => {
      clearInterval(id);
      window.removeEventListener('pointerdown', touch, true);
    };
  }, [active]);

  return { secondsLeft, dismiss: () => setSecondsLeft(null) };
}
