import { randomUUID } from 'node:crypto';
import type { RatingReason, ServiceEventKind } from '@hall-kiosk/shared';
import type { NewRating, OutboxRow, RatingStore, RatingSummary } from '../../ratings/rating-store.ts';
import type { Db } from './database.ts';

/** Ratings and their outbox in the `ratings` and `rating_outbox` tables; `add` is one transaction. */
export class SqliteRatingStore implements RatingStore {
  #insert;
  #stmts;

  constructor(private readonly db: Db) {
    const s = {
      rating: db.prepare(
        `INSERT INTO ratings (event_kind, event_ref, area_id, level, reasons, comment, created_at)
         VALUES (@kind, @ref, @areaId, @level, @reasons, @comment, @at)
         ON CONFLICT (event_kind, event_ref) DO NOTHING`,
      ),
      outbox: db.prepare<[number, string, string]>(
        `INSERT INTO rating_outbox (rating_id, idempotency_key, state, next_attempt_at) VALUES (?, ?, 'pending', ?)`,
      ),
      due: db.prepare<[string, number], Record<string, unknown>>(
        `SELECT o.rating_id, o.idempotency_key, o.attempts, r.event_kind, r.event_ref, r.area_id, r.level, r.reasons,
                r.comment, r.created_at
         FROM rating_outbox o JOIN ratings r ON r.id = o.rating_id
         WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY o.rating_id LIMIT ?`,
      ),
      nextDue: db.prepare<[], { at: string | null }>(
        `SELECT min(next_attempt_at) AS at FROM rating_outbox WHERE state = 'pending'`,
      ),
      delivered: db.prepare<[string, number]>(
        `UPDATE rating_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE rating_id = ?`,
      ),
      rejected: db.prepare<[string, number]>(
        `UPDATE rating_outbox SET state = 'rejected', attempts = attempts + 1, last_error = ? WHERE rating_id = ?`,
      ),
      retry: db.prepare<[string, string, number]>(
        `UPDATE rating_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE rating_id = ?`,
      ),
      byLevel: db.prepare<[], { level: number; n: number }>(
        `SELECT level, count(*) AS n FROM ratings GROUP BY level`,
      ),
      outboxCounts: db.prepare<[], { state: string; n: number; oldest: string | null }>(
        `SELECT o.state, count(*) AS n, min(r.created_at) AS oldest FROM rating_outbox o JOIN ratings r ON r.id = o.rating_id GROUP BY o.state`,
      ),
    };
    this.#stmts = s;
    this.#insert = db.transaction((r: NewRating): number | null => {
      const at = new Date(r.at).toISOString();
      const info = s.rating.run({
        kind: r.kind,
        ref: r.ref,
        areaId: r.areaId,
        level: r.level,
        reasons: JSON.stringify(r.reasons),
        comment: r.comment,
        at,
      });
      if (info.changes === 0) return null;
      const id = Number(info.lastInsertRowid);
      s.outbox.run(id, randomUUID(), at);
      return id;
    });
  }

  async add(rating: NewRating): Promise<number | null> {
    return this.#insert.immediate(rating);
  }

  async due(now: number, limit = 20): Promise<OutboxRow[]> {
    return this.#stmts.due.all(new Date(now).toISOString(), limit).map((r) => ({
      ratingId: r.rating_id as number,
      idempotencyKey: r.idempotency_key as string,
      attempts: r.attempts as number,
      kind: r.event_kind as ServiceEventKind,
      ref: r.event_ref as string,
      areaId: r.area_id as string | null,
      level: r.level as number,
      reasons: JSON.parse(r.reasons as string) as RatingReason[],
      comment: r.comment as string | null,
      createdAt: r.created_at as string,
    }));
  }

  async nextDueAt(): Promise<number | null> {
    const at = this.#stmts.nextDue.get()!.at;
    return at === null ? null : Date.parse(at);
  }

  async markDelivered(ratingId: number, now: number): Promise<void> {
    this.#stmts.delivered.run(new Date(now).toISOString(), ratingId);
  }

  async markRejected(ratingId: number, reason: string): Promise<void> {
    this.#stmts.rejected.run(reason, ratingId);
  }

  async retryAt(ratingId: number, at: number, error: string): Promise<void> {
    this.#stmts.retry.run(new Date(at).toISOString(), error, ratingId);
  }

  async summary(): Promise<RatingSummary> {
    const byLevel = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const { level, n } of this.#stmts.byLevel.all()) byLevel[String(level) as keyof typeof byLevel] = n;
    const outbox = { pending: 0, delivered: 0, rejected: 0, oldestPendingAt: null as string | null };
    for (const { state, n, oldest } of this.#stmts.outboxCounts.all()) {
      outbox[state as 'pending' | 'delivered' | 'rejected'] = n;
      if (state === 'pending') outbox.oldestPendingAt = oldest;
    }
    return { byLevel, outbox };
  }
}
