import type { Pool } from 'pg';
import type { KioskRatingBody, RatingReason, ServiceEventKind } from '@hall-kiosk/shared';
import { scrubComment, type OutboxRow, type OutboxStore } from '@hall-kiosk/device-daemon';
import { businessDate } from '../../../device-daemon/src/core/local-day.ts';

/** A rating the hall will not take, with the reason a client can branch on. */
export class RatingError extends Error {
  constructor(
    readonly code:
      /** Not a ticket finished (done) at this pad's window today. */
      | 'notRatable'
      /** This ticket was rated already (一次一评). */
      | 'alreadyRated'
      /** The key was used before for a different rating. */
      | 'idempotencyConflict',
    message: string,
  ) {
    super(message);
    this.name = 'RatingError';
  }
}

/** A rating waiting for the province, with what the hall's sender needs beyond the daemon's row. */
export type HallOutboxRow = OutboxRow & {
  source: 'pad' | 'kiosk';
  deviceId: string;
  /** A kiosk's rating as it sent it (forwarded as it is); null for a pad's. */
  payload: KioskRatingBody | null;
  ticketNumber: string | null;
  counterId: string | null;
  /** The 工号 of the person who finished the ticket (a pad's rating). */
  staffNumber: string | null;
  /** The matter (事项 code) the `done` event recorded (a pad's rating; null: none). */
  matterCode: string | null;
  businessDate: string;
};

export type Recorded = { ratingId: number; replayed: boolean };

type OutboxDbRow = {
  id: number;
  source: 'pad' | 'kiosk';
  device_id: string;
  idempotency_key: string;
  ticket_id: number | null;
  counter_id: string | null;
  area_id: string | null;
  business_date: string;
  level: number;
  reasons: RatingReason[];
  rated_at: Date;
  payload: KioskRatingBody | null;
  attempts: number;
  ticket_number: string | null;
  staff_number: string | null;
  matter_id: string | null;
};

/** The reasons kept with a level: only 不满意 (2) and 非常不满意 (1) have any, each once. */
export function reasonsFor(level: number, reasons: readonly RatingReason[]): RatingReason[] {
  return level <= 2 ? [...new Set(reasons)] : [];
}

/**
 * The hall's 好差评 ratings (table `ratings`) and their outbox state. A pad's rating is accepted only
 * for a ticket finished (done) at the pad's own window on the hall's business day, once per ticket,
 * and is stored with the window, area, matter and business date of that `done` event and the person who
 * finished it (`ticket_events.staff_id`) — exact, since halls evaluate people by it. A kiosk's rating
 * is kept as the kiosk sent it (a number in its comment hidden, as the kiosk does). Each request carries a key: a retry gets the first answer.
 *
 * As an `OutboxStore` it gives the daemon's `RatingOutbox` what is due; the outbox state lives in the
 * same rows (`sent_at`, `attempts`, `next_attempt_at`, `last_error`), so it survives restarts. A row
 * the province rejected keeps `sent_at` and `next_attempt_at` null and says why in `last_error`.
 */
export class PgRatings implements OutboxStore<HallOutboxRow> {
  constructor(
    private readonly pool: Pool,
    private readonly timeZone: string,
  ) {}

  async addPad(r: {
    deviceId: string;
    counterId: string;
    ticketId: number;
    level: number;
    reasons: readonly RatingReason[];
    idempotencyKey: string;
    now: number;
  }): Promise<Recorded> {
    const reasons = reasonsFor(r.level, r.reasons);
    const prior = await this.#byKey(r.deviceId, r.idempotencyKey);
    if (prior) {
      const same =
        prior.ticket_id === r.ticketId &&
        prior.level === r.level &&
        JSON.stringify(prior.reasons) === JSON.stringify(reasons);
      if (!same) throw new RatingError('idempotencyConflict', 'this key was used for another rating');
      return { ratingId: prior.id, replayed: true };
    }
    // The ticket's last outcome: it must be `done`, at this window, today by the hall's clock (a ticket
    // of the day before finished after midnight too: docs/queue.md#midnight).
    const { rows } = await this.pool.query<{
      event: string;
      counter_id: string | null;
      staff_id: number | null;
      area_id: string;
      business_date: string;
      matter_id: string | null;
      at: Date;
    }>(
      `SELECT event, counter_id, staff_id, area_id, business_date, matter_id, at FROM ticket_events
       WHERE ticket_id = $1 AND event IN ('done', 'noShow', 'transferred', 'called') ORDER BY id DESC LIMIT 1`,
      [r.ticketId],
    );
    const last = rows[0];
    const today = businessDate(r.now, this.timeZone);
    if (
      !last ||
      last.event !== 'done' ||
      last.counter_id !== r.counterId ||
      businessDate(last.at.getTime(), this.timeZone) !== today
    )
      throw new RatingError('notRatable', 'this ticket was not finished at this window today');
    const inserted = await this.pool.query<{ id: number }>(
      `INSERT INTO ratings (source, device_id, idempotency_key, ticket_id, counter_id, staff_id, area_id,
         business_date, level, reasons, rated_at, next_attempt_at, matter_id)
       VALUES ('pad', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        r.deviceId,
        r.idempotencyKey,
        r.ticketId,
        r.counterId,
        last.staff_id,
        last.area_id,
        last.business_date,
        r.level,
        JSON.stringify(reasons),
        new Date(r.now),
        last.matter_id,
      ],
    );
    if (inserted.rows[0]) return { ratingId: inserted.rows[0].id, replayed: false };
    // Either the same request raced this one (its key is there now) or the ticket is rated already.
    if (await this.#byKey(r.deviceId, r.idempotencyKey)) return this.addPad(r);
    throw new RatingError('alreadyRated', 'this ticket has been rated already');
  }

  async addKiosk(r: { deviceId: string; body: KioskRatingBody }): Promise<Recorded> {
    // A kiosk hides ID and phone numbers typed into a comment before it sends; the hall does it again
    // (the same rule, so a kiosk's comment is unchanged) rather than trust every sender with it.
    const b = { ...r.body, comment: r.body.comment === null ? null : scrubComment(r.body.comment).text };
    const ratedAt = Date.parse(b.ratedAt);
    const inserted = await this.pool.query<{ id: number }>(
      `INSERT INTO ratings (source, device_id, idempotency_key, area_id, business_date, level, reasons,
         rated_at, payload, next_attempt_at)
       VALUES ('kiosk', $1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        r.deviceId,
        b.idempotencyKey,
        b.areaId,
        businessDate(ratedAt, this.timeZone),
        b.level,
        JSON.stringify(reasonsFor(b.level, b.reasons)),
        new Date(ratedAt),
        JSON.stringify(b),
      ],
    );
    if (inserted.rows[0]) return { ratingId: inserted.rows[0].id, replayed: false };
    const { rows } = await this.pool.query<{ id: number; same: boolean }>(
      `SELECT id, payload = $3::jsonb AS same FROM ratings WHERE device_id = $1 AND idempotency_key = $2`,
      [r.deviceId, b.idempotencyKey, JSON.stringify(b)],
    );
    const prior = rows[0];
    if (!prior) throw new RatingError('idempotencyConflict', 'this rating could not be stored');
    if (!prior.same) throw new RatingError('idempotencyConflict', 'this key was used for another rating');
    return { ratingId: prior.id, replayed: true };
  }

  async #byKey(
    deviceId: string,
    key: string,
  ): Promise<{ id: number; ticket_id: number | null; level: number; reasons: RatingReason[] } | null> {
    const { rows } = await this.pool.query<{
      id: number;
      ticket_id: number | null;
      level: number;
      reasons: RatingReason[];
    }>('SELECT id, ticket_id, level, reasons FROM ratings WHERE device_id = $1 AND idempotency_key = $2', [
      deviceId,
      key,
    ]);
    return rows[0] ?? null;
  }

  /** Pending deliveries due at `now`, oldest first. */
  async due(now: number, limit = 20): Promise<HallOutboxRow[]> {
    const { rows } = await this.pool.query<OutboxDbRow>(
      `SELECT r.id, r.source, r.device_id, r.idempotency_key, r.ticket_id, r.counter_id, r.area_id, r.business_date,
         r.level, r.reasons, r.rated_at, r.payload, r.attempts, r.matter_id, t.number AS ticket_number, s.number AS staff_number
       FROM ratings r LEFT JOIN tickets t ON t.id = r.ticket_id LEFT JOIN staff s ON s.id = r.staff_id
       WHERE r.sent_at IS NULL AND r.next_attempt_at <= $1 ORDER BY r.next_attempt_at, r.id LIMIT $2`,
      [new Date(now), limit],
    );
    return rows.map((row) => {
      const kiosk = row.payload;
      const kind: ServiceEventKind = kiosk ? kiosk.serviceEvent.kind : 'ticket';
      return {
        ratingId: row.id,
        // The province sees the kiosk's own key for a kiosk's rating; a pad's is made unique per pad.
        idempotencyKey: kiosk ? kiosk.idempotencyKey : `${row.device_id}:${row.idempotency_key}`,
        attempts: row.attempts,
        kind,
        ref: kiosk ? kiosk.serviceEvent.ref : String(row.ticket_id),
        areaId: row.area_id,
        level: row.level,
        reasons: row.reasons,
        comment: kiosk ? kiosk.comment : null,
        createdAt: row.rated_at.toISOString(),
        source: row.source,
        deviceId: row.device_id,
        payload: kiosk,
        ticketNumber: row.ticket_number,
        counterId: row.counter_id,
        staffNumber: row.staff_number,
        matterCode: row.matter_id,
        businessDate: row.business_date,
      };
    });
  }

  async nextDueAt(): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: Date | null }>(
      'SELECT min(next_attempt_at) AS at FROM ratings WHERE sent_at IS NULL',
    );
    return rows[0]?.at ? rows[0].at.getTime() : null;
  }

  async markDelivered(ratingId: number, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE ratings SET sent_at = $2, attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL
       WHERE id = $1`,
      [ratingId, new Date(now)],
    );
  }

  async markRejected(ratingId: number, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE ratings SET attempts = attempts + 1, next_attempt_at = NULL, last_error = $2 WHERE id = $1`,
      [ratingId, `rejected: ${reason}`.slice(0, 200)],
    );
  }

  async retryAt(ratingId: number, at: number, error: string): Promise<void> {
    await this.pool.query(
      'UPDATE ratings SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1',
      [ratingId, new Date(at), error.slice(0, 200)],
    );
  }
}
