import { KioskRatingBody, KioskRatingResponse, RATING_LEVEL_NAMES } from '@hall-kiosk/shared';
import type { HallServices } from '../hall.ts';
import { RatingError } from '../ratings/hall-ratings.ts';
import { HttpError, readBody, reply } from './respond.ts';
import type { Route } from './server.ts';

/**
 * 好差评 from the kiosks in hall mode: the daemon's rating outbox posts here exactly what it would
 * post to the province (`httpRatingSender`), with its key in the body and the `Idempotency-Key`
 * header; the hall keeps it as sent and forwards it through its own outbox. A retry with the same
 * key and body answers the first rating (200); the same key with another body is a 422, which the
 * kiosk keeps as rejected for a technician rather than as delivered.
 */
export const kioskRatingRoutes: Route<HallServices>[] = [
  {
    method: 'POST',
    path: '/api/kiosk/ratings',
    access: 'kiosk',
    async handle({ req, res, hall, device }) {
      const body = await readBody(req, KioskRatingBody);
      if (body.levelName !== RATING_LEVEL_NAMES[body.level])
        throw new HttpError(
          400,
          `levelName: level ${body.level} is ${RATING_LEVEL_NAMES[body.level]}`,
          'badBody',
        );
      const header = req.headers['idempotency-key'];
      if (header !== undefined && header !== body.idempotencyKey)
        throw new HttpError(400, 'the Idempotency-Key header differs from the body', 'badBody');
      try {
        const r = await hall.ratings.store.addKiosk({ deviceId: device!.id, body });
        if (!r.replayed) hall.ratings.outbox?.kick();
        reply(res, KioskRatingResponse, r, r.replayed ? 200 : 201);
      } catch (e) {
        if (e instanceof RatingError) throw new HttpError(422, e.message, e.code);
        throw e;
      }
    },
  },
];
