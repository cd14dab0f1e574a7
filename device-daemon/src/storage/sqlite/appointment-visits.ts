import type { AppointmentVisits } from '../../appointments/visits.ts';
import { businessDate } from '../../core/local-day.ts';
import type { Db } from './database.ts';

/** Visits in the `appointment_visits` table (check-ins are written by `SqliteQueueStore.issue`). */
export class SqliteAppointmentVisits implements AppointmentVisits {
  #insert;

  constructor(
    db: Db,
    private readonly timeZone: string,
  ) {
    this.#insert = db.prepare<[string, string, string, string]>(
      `INSERT INTO appointment_visits (booking_id, business_date, area_id, state, ticket_id, at)
       VALUES (?, ?, ?, 'noShow', NULL, ?) ON CONFLICT (booking_id) DO NOTHING`,
    );
  }

  async recordNoShow(bookingId: string, areaId: string, now: number): Promise<boolean> {
    const at = new Date(now).toISOString();
    return this.#insert.run(bookingId, businessDate(now, this.timeZone), areaId, at).changes === 1;
  }
}
