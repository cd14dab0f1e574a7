import type { Clock } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { Db } from '../storage/database.ts';

/**
 * Device statistics that survive restarts: every `flush()` (every 30 s and at shutdown) adds what each
 * driver counted since the last flush to the stored totals, and the time each device was online to
 * `HoursPoweredCount`. A reset zeroes a device's stored totals.
 */
export class DeviceStatistics {
  #seen = new Map<string, number>();
  #lastTick: number;
  #add;
  #read;
  #zero;

  constructor(
    private readonly db: Db,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
  ) {
    this.#lastTick = clock.now();
    this.#add = db.prepare<{ device: string; name: string; value: number; at: string }>(
      `INSERT INTO device_statistics (device, name, value, updated_at) VALUES (@device, @name, @value, @at)
       ON CONFLICT (device, name) DO UPDATE SET value = value + excluded.value, updated_at = excluded.updated_at`,
    );
    this.#read = db.prepare<[], { device: string; name: string; value: number }>(
      `SELECT device, name, value FROM device_statistics ORDER BY device, name`,
    );
    this.#zero = db.prepare<[string, string]>(
      `UPDATE device_statistics SET value = 0, updated_at = ? WHERE device = ?`,
    );
  }

  flush(): void {
    const now = this.clock.now();
    const at = new Date(now).toISOString();
    const hours = (now - this.#lastTick) / 3_600_000;
    this.#lastTick = now;
    this.db.transaction(() => {
      for (const [name, driver] of this.registry.drivers) {
        if (driver.status.state === 'online' && hours > 0)
          this.#add.run({ device: name, name: 'HoursPoweredCount', value: hours, at });
        // Each kind names its counters (UnifiedPOS names where one exists; devices/<kind>/*-driver.ts).
        for (const [stat, value] of Object.entries(driver.statistics())) {
          const key = `${name}.${stat}`;
          const delta = value - (this.#seen.get(key) ?? 0);
          this.#seen.set(key, value);
          if (delta !== 0) this.#add.run({ device: name, name: stat, value: delta, at });
        }
      }
    })();
  }

  /** Stored totals per device (after a flush, so they include the running counts). */
  all(): Record<string, Record<string, number>> {
    this.flush();
    const out: Record<string, Record<string, number>> = {};
    for (const name of this.registry.drivers.keys()) out[name] = {};
    for (const r of this.#read.all())
      (out[r.device] ??= {})[r.name] =
        r.name === 'HoursPoweredCount' ? Math.round(r.value * 100) / 100 : r.value;
    return out;
  }

  reset(device: string): void {
    this.flush();
    this.#zero.run(new Date(this.clock.now()).toISOString(), device);
  }
}
