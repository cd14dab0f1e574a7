import type { Clock } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';

export type StatisticDelta = { device: string; name: string; value: number };

/** Stored statistic totals per device and name. SQLite: `storage/sqlite/diagnostics.ts`. */
export interface StatisticsStore {
  /** Adds each delta to its stored total (creating it), all in one unit of work. */
  add(deltas: StatisticDelta[], at: number): Promise<void>;
  /** Every stored total, by device then name. */
  totals(): Promise<StatisticDelta[]>;
  /** Zeroes a device's stored totals. */
  zero(device: string, at: number): Promise<void>;
}

/**
 * Device statistics that survive restarts: every `flush()` (every 30 s and at shutdown) adds what each
 * driver counted since the last flush to the stored totals, and the time each device was online to
 * `HoursPoweredCount`. A reset zeroes a device's stored totals.
 */
export class DeviceStatistics {
  #seen = new Map<string, number>();
  #lastTick: number;

  constructor(
    private readonly store: StatisticsStore,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
  ) {
    this.#lastTick = clock.now();
  }

  async flush(): Promise<void> {
    const now = this.clock.now();
    const hours = (now - this.#lastTick) / 3_600_000;
    this.#lastTick = now;
    const deltas: StatisticDelta[] = [];
    for (const [name, driver] of this.registry.drivers) {
      if (driver.status.state === 'online' && hours > 0)
        deltas.push({ device: name, name: 'HoursPoweredCount', value: hours });
      // Each kind names its counters (UnifiedPOS names where one exists; devices/<kind>/*-driver.ts).
      for (const [stat, value] of Object.entries(driver.statistics())) {
        const key = `${name}.${stat}`;
        const delta = value - (this.#seen.get(key) ?? 0);
        this.#seen.set(key, value);
        if (delta !== 0) deltas.push({ device: name, name: stat, value: delta });
      }
    }
    if (deltas.length > 0) await this.store.add(deltas, now);
  }

  /** Stored totals per device (after a flush, so they include the running counts). */
  async all(): Promise<Record<string, Record<string, number>>> {
    await this.flush();
    const out: Record<string, Record<string, number>> = {};
    for (const name of this.registry.drivers.keys()) out[name] = {};
    for (const r of await this.store.totals())
      (out[r.device] ??= {})[r.name] =
        r.name === 'HoursPoweredCount' ? Math.round(r.value * 100) / 100 : r.value;
    return out;
  }

  async reset(device: string): Promise<void> {
    await this.flush();
    await this.store.zero(device, this.clock.now());
  }
}
