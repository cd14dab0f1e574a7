import { PadRatingRequest, PadRatingResponse, PadState } from '@hall-kiosk/shared';
import type { HallServices } from '../hall.ts';
import { RatingError } from '../ratings/hall-ratings.ts';
import { padState, stillEnrolled } from './device-views.ts';
import { HttpError, SECURITY_HEADERS, readBody, reply } from './respond.ts';
import { openEventStream } from './sse.ts';
import type { Route } from './server.ts';

/**
 * Rating pads (窗口评价器, device kind `pad`, bound to one window): who serves at the window, the
 * ticket being served, the ticket just finished there to rate, the live feed of the window's
 * tickets, and the 好差评 rating itself.
 */
export const padRoutes: Route<HallServices>[] = [
  {
    method: 'GET',
    path: '/api/pad/state',
    access: 'pad',
    async handle({ res, hall, device }) {
      reply(res, PadState, await padState(hall, device!));
    },
  },
  {
    method: 'GET',
    path: '/api/pad/staff-photo',
    access: 'pad',
    async handle({ res, hall, device }) {
      const photo = await hall.photos.atCounter(device!.counterId!);
      if (!photo) throw new HttpError(404, 'nobody with a photo works at this window now', 'noPhoto');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': photo.type,
        'content-length': photo.bytes.length,
      });
      res.end(photo.bytes);
    },
  },
  {
    method: 'GET',
    path: '/api/pad/events',
    access: 'pad',
    handle(ctx) {
      const counterId = ctx.device!.counterId;
      openEventStream(ctx, {
        keep: (e) => e.counterId === counterId,
        stillAllowed: stillEnrolled(ctx.hall, ctx.req, ctx.device!.id),
      });
    },
  },
  {
    method: 'POST',
    path: '/api/pad/ratings',
    access: 'pad',
    async handle({ req, res, hall, device }) {
      const body = await readBody(req, PadRatingRequest);
      try {
        const r = await hall.ratings.store.addPad({
          deviceId: device!.id,
          counterId: device!.counterId!,
          ticketId: body.ticketId,
          level: body.level,
          reasons: body.reasons,
          idempotencyKey: body.idempotencyKey,
          now: hall.clock.now(),
        });
        if (!r.replayed) hall.ratings.outbox?.kick();
        reply(res, PadRatingResponse, r, r.replayed ? 200 : 201);
      } catch (e) {
        if (e instanceof RatingError) throw new HttpError(409, e.message, e.code);
        throw e;
      }
    },
  },
];
