import { useEffect, useState } from 'preact/hooks';

/** What the daemon says of the hall's time (`Kiosk.Clock`). */
export type HallClock = { offsetMs: number; zoneOffsetMinutes: number };

/**
 * The time the kiosk shows, ticking every `everyMs`: this machine's clock plus the offset the daemon
 * measured against the hall server (`Kiosk.Clock`; the hall's clock is authoritative in hall mode, and
 * the offset is 0 in local mode), and how far the hall's time zone is ahead of UTC (null until the
 * daemon has said). Both are asked again at every tick; until the first answer, and when asking
 * fails, the last ones known (0 and null at first) are used.
 */
export function useHallNow(
  ask?: () => Promise<HallClock>,
  everyMs = 30_000,
): { now: number; zoneOffsetMinutes: number | null } {
  const [now, setNow] = useState(() => Date.now());
  const [known, setKnown] = useState<HallClock | null>(null);
  useEffect(() => {
    let gone = false;
    const askClock = () =>
      ask?.().then(
        (c) => {
          if (!gone && Number.isFinite(c.offsetMs) && Number.isFinite(c.zoneOffsetMinutes))
            // The same answer as before changes nothing on the glass: no new render.
            setKnown((k) =>
              k?.offsetMs === c.offsetMs && k.zoneOffsetMinutes === c.zoneOffsetMinutes ? k : c,
            );
        },
        () => undefined,
      );
    // The first render has just read the clock: only ask now, and tick from the interval on.
    askClock();
    const id = setInterval(() => {
      setNow(Date.now());
      askClock();
    }, everyMs);
    return () => {
      gone = true;
      clearInterval(id);
    };
  }, [ask, everyMs]);
  return { now: now + (known?.offsetMs ?? 0), zoneOffsetMinutes: known?.zoneOffsetMinutes ?? null };
}
