import type { Clock, CommandPayload, CompletionPayload } from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import type { Logger } from '../log.ts';
import type { QueueStore } from '../queue/queue-store.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import type { RatingStore } from './rating-store.ts';
import type { RatingOutbox } from './rating-outbox.ts';
import { scrubComment } from './scrub-comment.ts';

/**
 * 好差评 at the kiosk: one rating per service event (一次一评). The event must exist — a ticket or a
 * check-in (by ticket id), a guide looked up (guide view id), a checklist printed (print job id) —
 * and its area is stored with the rating. No identity is ever stored with a rating.
 */
export class RatingService {
  constructor(
    private readonly d: {
      queue: QueueStore;
      journal: PrintJournal;
      store: RatingStore;
      outbox: RatingOutbox | null;
      guideViewArea: (id: number) => Promise<string | undefined>;
      clock: Clock;
      log: Logger;
    },
  ) {}

  async submit(p: CommandPayload<'Rating.Submit'>): Promise<CompletionPayload<'Rating.Submit'>> {
    const { kind, ref } = p.event;
    const id = /^[1-9]\d{0,12}$/.test(ref) ? Number(ref) : NaN;
    if (Number.isNaN(id))
      throw new CommandError('invalidData', 'payload.event.ref: must be the id of the service event');
    let areaId: string | null = null;
    if (kind === 'ticket' || kind === 'checkIn') {
      const t = await this.d.queue.ticketOrigin(id);
      if (!t || (kind === 'checkIn') !== t.appointment)
        throw new CommandError('invalidData', `payload.event: no ${kind} ${ref}`);
      areaId = t.areaId;
    } else if (kind === 'guide') {
      areaId = (await this.d.guideViewArea(id)) ?? null;
      if (areaId === null) throw new CommandError('invalidData', `payload.event: no guide view ${ref}`);
    } else if ((await this.d.journal.kindOf(id)) !== 'checklist') {
      throw new CommandError('invalidData', `payload.event: no checklist print ${ref}`);
    }
    const reasons = p.level <= 2 ? [...new Set(p.reasons ?? [])] : [];
    // ID and phone numbers typed into a comment are hidden before it is stored (and so before it is sent).
    const comment = p.comment?.trim() ? scrubComment(p.comment.trim()).text : null;
    const ratingId = await this.d.store.add({
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
