import { RATING_LEVEL_NAMES } from '@hall-kiosk/shared';
import {
  checkOutboundUrl,
  OutboundError,
  outboundRequest,
  redactUrl,
  type DeliveryResult,
  type OutboundAuth,
  type OutboundRequest,
  type OutboundResponse,
} from '@hall-kiosk/device-daemon';
import type { HallOutboxRow } from './hall-ratings.ts';

/** What the province receives for a rating made on a window's pad. */
export function padRatingBody(row: HallOutboxRow, hallName: string): Record<string, unknown> {
  return {
    idempotencyKey: row.idempotencyKey,
    ratingId: row.ratingId,
    hall: hallName,
    channel: 'window',
    serviceEvent: { kind: 'ticket', ref: row.ref, number: row.ticketNumber },
    areaId: row.areaId,
    counterId: row.counterId,
    staffNumber: row.staffNumber,
    matterCode: row.matterCode,
    businessDate: row.businessDate,
    level: row.level,
    levelName: RATING_LEVEL_NAMES[row.level],
    reasons: row.reasons,
    comment: null,
    ratedAt: row.createdAt,
  };
}

/**
 * The hall's adapter to the provincial 好差评 system, with the kiosk's rules (device-daemon's
 * `httpRatingSender`): one POST per rating with an `Idempotency-Key` that is the same on every
 * attempt; 2xx and 409 are delivered, 400 and 422 a rejection kept for a person to look at, anything
 * else (a time-out, no network) is tried again. A kiosk's rating goes as the kiosk sent it; a pad's
 * names the window, the ticket, the matter and the 工号 of the person who served it.
 */
export function provinceSender(options: {
  url: string;
  timeoutMs: number;
  hallName: string;
  auth?: OutboundAuth | undefined;
  send?: (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;
}): (row: HallOutboxRow) => Promise<DeliveryResult> {
  const url = checkOutboundUrl(options.url, 'ratings.endpoint.url');
  const send = options.send ?? outboundRequest;
  return async (row) => {
    const body = row.payload ?? padRatingBody(row, options.hallName);
    let response: OutboundResponse;
    try {
      response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': row.idempotencyKey },
        body: JSON.stringify(body),
        timeoutMs: options.timeoutMs,
        maxBytes: 64 * 1024,
        ...(options.auth ? { auth: options.auth } : {}),
      });
    } catch (e) {
      if (e instanceof OutboundError)
        return { kind: 'retry', reason: e.code === 'timeout' ? 'time-out' : e.message };
      return { kind: 'retry', reason: `${redactUrl(url)}: request failed` };
    }
    const { status } = response;
    if ((status >= 200 && status < 300) || status === 409) return { kind: 'delivered' };
    if (status === 400 || status === 422) return { kind: 'rejected', reason: `HTTP ${status}` };
    return { kind: 'retry', reason: `HTTP ${status}` };
  };
}
