import { useEffect, useState } from 'preact/hooks';

/**
 * The time the kiosk shows, ticking every `everyMs`: this machine's clock plus the offset the daemon
 * measured against the hall server (`Kiosk.Clock`; the hall's clock is authoritative in hall mode, and
 * the offset is 0 in local mode). The offset is asked again at every tick; until the first answer,
 * and when asking fails, the last offset known (0 at first) is used.
 */
export function useHallNow(offset?: () => Promise<number>, everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  const [offsetMs, setOffsetMs] = useState(0);
  useEffect(() => {
    let gone = false;
    const tick = () => {
      setNow(Date.now());
      offset?.().then(
        (o) => {
          if (!gone && Number.isFinite(o)) setOffsetMs(o);
        },
        () => undefined,
      );
    };
    tick();
    const id = setInterval(tick, everyMs);
    return () => {
      gone = true;
      clearInterval(id);
    };
  }, [offset, everyMs]);
  return now + offsetMs;
}
