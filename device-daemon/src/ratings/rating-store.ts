import type { RatingReason, ServiceEventKind } from '@hall-kiosk/shared';

export type NewRating = {
  kind: ServiceEventKind;
  ref: string;
  areaId: string | null;
  level: number;
  reasons: RatingReason[];
  comment: string | null;
  at: number;
};

export type OutboxRow = {
  ratingId: number;
  idempotencyKey: string;
  attempts: number;
  kind: ServiceEventKind;
  ref: string;
  areaId: string | null;
  level: number;
  reasons: RatingReason[];
  comment: string | null;
  createdAt: string;
};

export type RatingSummary = {
  byLevel: Record<'1' | '2' | '3' | '4' | '5', number>;
  outbox: { pending: number; delivered: number; rejected: number; oldestPendingAt: string | null };
};

/**
 * 好差评 ratings and their outbox. A rating and its outbox entry are written in one unit of work: a
 * rating that was accepted is never lost, and its idempotency key is fixed then, so every delivery
 * attempt — after retries, restarts, crashes — carries the same key. SQLite: `storage/sqlite/rating-store.ts`.
 */
export interface RatingStore {
  /** The new rating's id, or null when this service event was already rated (一次一评). */
  add(rating: NewRating): Promise<number | null>;
  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit?: number): Promise<OutboxRow[]>;
  /** When the next pending delivery is due (ms), or null when nothing is pending. */
  nextDueAt(): Promise<number | null>;
  markDelivered(ratingId: number, now: number): Promise<void>;
  markRejected(ratingId: number, reason: string): Promise<void>;
  retryAt(ratingId: number, at: number, error: string): Promise<void>;
  summary(): Promise<RatingSummary>;
}
