/**
 * What became of each booking of the day: checked in (written by the queue store's issue, together
 * with the booking's ticket) or a no-show. SQLite: `storage/sqlite/appointment-visits.ts`.
 */
export interface AppointmentVisits {
  /** Records a booking as a no-show; false when it already has a visit (checked in or recorded). */
  recordNoShow(bookingId: string, areaId: string, now: number): Promise<boolean>;
}
