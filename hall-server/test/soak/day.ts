// The soak's day: the hall's peak, the shape of a day around it, and the arrivals and link drops of a
// day compressed into minutes. Pure: the same seed gives the same day.
//
// The reference gives the hall's size (190 windows in 9 areas) but no visit count, so the peak is
// derived from the size: at the peak hour every window is busy and takes SERVICE_MINUTES per citizen
// (one matter with its paperwork, the middle of the 10–30 minutes matters take at a window), so the
// hall serves 190 × 60 / 20 = 570 citizens an hour, and that many take a ticket. The day runs 09:00–
// 21:00 (12 hours): a morning rush at 10:00, lunch, an afternoon peak at 15:00, and from 19:00 a quiet
// evening in which only the 13 comprehensive windows (the 24-hour area's, 无差别受理: every area)
// still call. At 1× that is 3,819 tickets in the day; the soak's load is a multiple of it.

export const HALL_WINDOWS = 190;
/** Minutes a window takes per citizen at the peak. */
export const SERVICE_MINUTES = 20;
/** Tickets an hour at the peak hour (1×). */
export const PEAK_PER_HOUR = (HALL_WINDOWS * 60) / SERVICE_MINUTES;
/** The day's first hour (local time). */
export const DAY_STARTS_AT_HOUR = 9;
/** Each hour's arrivals as a share of the peak hour, 09:00–21:00. */
export const DAY_SHAPE: readonly number[] = [0.7, 1, 0.8, 0.35, 0.5, 0.9, 1, 0.75, 0.4, 0.15, 0.1, 0.05];
/** From this hour of the day (index into DAY_SHAPE: 19:00) only the comprehensive windows call. */
export const EVENING_FROM_HOUR = 10;
export const DAY_HOURS = DAY_SHAPE.length;
const HOUR_MS = 3_600_000;
export const DAY_MS = DAY_HOURS * HOUR_MS;

/** Tickets in the whole day at `load` × the peak shape. */
export function ticketsInDay(load: number): number {
  return DAY_SHAPE.reduce((n, share) => n + share * PEAK_PER_HOUR * load, 0);
}

/** The hour of the day (index into DAY_SHAPE) a simulated instant falls in. */
export function hourOf(simMs: number): number {
  return Math.min(DAY_HOURS - 1, Math.max(0, Math.floor(simMs / HOUR_MS)));
}

/** The clock text of a simulated instant ("09:00" at 0). */
export function clockOf(simMs: number): string {
  const minutes = Math.floor(simMs / 60_000) + DAY_STARTS_AT_HOUR * 60;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Arrival instants (simulated ms from 09:00) of a Poisson process whose rate follows the day's shape
 * at `load` × the peak, in order.
 */
export function arrivals(load: number, random: () => number): number[] {
  const out: number[] = [];
  let t = 0;
  for (let hour = 0; hour < DAY_HOURS; hour++) {
    const perMs = (DAY_SHAPE[hour]! * PEAK_PER_HOUR * load) / HOUR_MS;
    const end = (hour + 1) * HOUR_MS;
    if (perMs <= 0) {
      t = end;
      continue;
    }
    for (;;) {
      t += -Math.log(1 - random()) / perMs;
      if (t >= end) {
        // Memoryless: the next hour starts afresh at its own rate.
        t = end;
        break;
      }
      out.push(t);
    }
  }
  return out;
}

/**
 * When one kiosk's link drops during the day: [start, end) in simulated ms, every `everyMin`…`everyMax`
 * simulated minutes for `forMin`…`forMax` simulated seconds.
 */
export function linkDrops(
  random: () => number,
  o: { everyMinutes: [number, number]; forSeconds: [number, number] },
): [number, number][] {
  const between = (r: [number, number]) => r[0] + random() * (r[1] - r[0]);
  const drops: [number, number][] = [];
  let t = between(o.everyMinutes) * 60_000;
  while (t < DAY_MS) {
    const end = Math.min(DAY_MS, t + between(o.forSeconds) * 1000);
    drops.push([t, end]);
    t = end + between(o.everyMinutes) * 60_000;
  }
  return drops;
}
