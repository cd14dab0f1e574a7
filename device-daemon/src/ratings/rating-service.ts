import type { Clock, CommandPayload, CompletionPayload } from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import type { Db } from '../storage/database.ts';
import type { Logger } from '../log.ts';
import type { RatingStore } from './rating-store.ts';
import type { RatingOutbox } from './rating-outbox.ts';

/**
 * 好差评 at the kiosk: one rating per service event (一次一评). The event must exist — a ticket or a
 * check-in (by ticket id), a guide looked up (guide view id), a checklist printed (print job id) —
 * and its area is stored with the rating. No identity is ever stored with a rating.
 */
export class RatingService {
  #ticketArea;
  #printJob;

  constructor(
    private readonly d: {
      db: Db;
      store: RatingStore;
      outbox: RatingOutbox | null;
      guideViewArea: (id: number) => string | undefined;
      clock: Clock;
      log: Logger;
    },
  ) {
    this.#ticketArea = d.db.prepare<[number], { area: string; appointment: string | null }>(
      `SELECT area_id AS area, appointment_id AS appointment FROM tickets WHERE id = ?`,
    );
    this.#printJob = d.db.prepare<[number], { kind: string }>(`SELECT kind FROM print_jobs WHERE id = ?`);
  }

  submit(p: CommandPayload<'Rating.Submit'>): CompletionPayload<'Rating.Submit'> {
    const { kind, ref } = p.event;
    const id = /^[1-9]\d{0,12}$/.test(ref) ? Number(ref) : NaN;
    if (Number.isNaN(id))
      throw new CommandError('invalidData', 'payload.event.ref: must be the id of the service event');
    let areaId: string | null = null;
    if (kind === 'ticket' || kind === 'checkIn') {
      const t = this.#ticketArea.get(id);
      if (!t || (kind === 'checkIn') !== (t.appointment !== null))
        throw new CommandError('invalidData', `payload.event: no ${kind} ${ref}`);
      areaId = t.area;
    } else if (kind === 'guide') {
      areaId = this.d.guideViewArea(id) ?? null;
      if (areaId === null) throw new CommandError('invalidData', `payload.event: no guide view ${ref}`);
    } else if (this.#printJob.get(id)?.kind !== 'checklist') {
      throw new CommandError('invalidData', `payload.event: no checklist print ${ref}`);
    }
    const reasons = p.level <= 2 ? [...new Set(p.reasons ?? [])] : [];
    const comment = p.comment?.trim() ? p.comment.trim() : null;
    const ratingId = this.d.store.add({
      kind,
      ref,
      areaId,
      level: p.level,
      reasons,
      comment,
      at: this.d.clock.now(),
    });
    if (ratingId === null) return { result: 'alreadyRated' };
    this.d.log.info({ rating: ratingId, kind, level: p.level, area: areaId }, 'rating recorded');
    this.d.outbox?.kick();
    return { result: 'recorded', reference: `R${String(ratingId).padStart(6, '0')}` };
  }
}
