import { randomBytes } from 'node:crypto';
import {
  EnrolCa,
  KioskAreasResponse,
  KioskIdentitySalt,
  KioskIssueRequest,
  KioskIssueResponse,
  KioskOfflineAccepted,
  KioskOfflineInfo,
  KioskOfflineTicket,
  KioskTicketOrigin,
} from '@hall-kiosk/shared';
import type { HallServices } from '../hall.ts';
import { HallStoreError } from '../store.ts';
import { HttpError, readBody, reply } from './respond.ts';
import type { Route } from './server.ts';

/** The name of the hall-wide salt of identity digests in `hall_secrets`. */
export const IDENTITY_SALT = 'identityDigestSalt';

/** The hall's secret of this name: 32 random bytes, made on first use and the same ever after. */
export async function hallSecret(hall: HallServices, name: string): Promise<Buffer> {
  // Two kiosks asking first at once: one insert wins, both read the winner.
  await hall.pool.query(
    'INSERT INTO hall_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, randomBytes(32)],
  );
  const { rows } = await hall.pool.query<{ value: Buffer }>(
    'SELECT value FROM hall_secrets WHERE name = $1',
    [name],
  );
  return rows[0]!.value;
}

function storeError(e: unknown): never {
  if (e instanceof HallStoreError) {
    if (e.code === 'idempotencyConflict' || e.code === 'numberTaken')
      throw new HttpError(409, e.message, e.code);
    // Not a passing outage: the kiosk must not take it for one (it would stop issuing online).
    if (e.code === 'noOfflineSeries') throw new HttpError(409, e.message, e.code);
    throw new HttpError(400, e.message, e.code);
  }
  throw e;
}

/**
 * The kiosks' API (shared/src/http/hall-kiosk.ts): what a kiosk daemon in hall mode asks of the hall.
 * The kiosk is the enrolled device that calls; caps and the per-person limit are the hall's
 * configuration, never the kiosk's word.
 */
export const kioskRoutes: Route<HallServices>[] = [
  {
    // Public: what `kiosk enrol` checks against the admin's fingerprint before it sends its code, so
    // the one-time code only ever travels over a connection verified against the hall's own CA.
    method: 'GET',
    path: '/api/enrol/ca',
    access: 'public',
    handle({ res, hall }) {
      reply(res, EnrolCa, { caCertificate: hall.caCertificate });
    },
  },
  {
    method: 'POST',
    path: '/api/kiosk/tickets',
    access: 'kiosk',
    async handle({ req, res, device, hall }) {
      const body = await readBody(req, KioskIssueRequest);
      const area = hall.config.areas.find((a) => a.id === body.areaId);
      if (!area) throw new HttpError(400, `no area ${JSON.stringify(body.areaId)}`, 'unknownArea');
      // A well-formed matter code the hall's catalogue does not know is kept (shown as its code): a
      // kiosk whose catalogue is newer than the hall's must not cost a citizen the ticket.
      const max = hall.config.queue.maxTicketsPerIdentity;
      let result;
      try {
        result = await hall.store.issue({
          kioskId: device!.id,
          idempotencyKey: body.idempotencyKey,
          areaId: area.id,
          now: hall.clock.now(),
          priorityReason: body.priorityReason ?? null,
          ...(area.dailyCap !== undefined ? { dailyCap: area.dailyCap } : {}),
          ...(body.identityDigest !== undefined
            ? { identity: { digest: body.identityDigest, maxPerArea: max } }
            : {}),
          ...(body.appointmentId !== undefined ? { appointmentId: body.appointmentId } : {}),
          ...(body.pathLimits ? { pathLimits: body.pathLimits } : {}),
          ...(body.matterId !== undefined ? { matterId: body.matterId } : {}),
        });
      } catch (e) {
        storeError(e);
      }
      reply(res, KioskIssueResponse, result);
    },
  },
  {
    method: 'GET',
    path: '/api/kiosk/areas',
    access: 'kiosk',
    async handle({ res, hall }) {
      const summaries = await hall.store.areaSummaries(
        hall.config.areas.map((a) => a.id),
        hall.clock.now(),
      );
      const areas = hall.config.areas.map((a, i) => {
        const summary = summaries[i]!;
        return { ...summary, capReached: a.dailyCap !== undefined && summary.ticketsToday >= a.dailyCap };
      });
      reply(res, KioskAreasResponse, { areas });
    },
  },
  {
    method: 'GET',
    path: '/api/kiosk/tickets/:id/origin',
    access: 'kiosk',
    async handle({ res, params, hall }) {
      const id = Number(params.id);
      if (!/^[1-9]\d{0,9}$/.test(params.id!) || id > 2 ** 31 - 1)
        throw new HttpError(400, 'a ticket id is a positive integer', 'badRequest');
      const origin = await hall.store.ticketOrigin(id);
      if (!origin) throw new HttpError(404, `no ticket ${id}`, 'unknownTicket');
      reply(res, KioskTicketOrigin, origin);
    },
  },
  {
    method: 'GET',
    path: '/api/kiosk/identity-salt',
    access: 'kiosk',
    async handle({ res, hall }) {
      const salt = await hallSecret(hall, IDENTITY_SALT);
      reply(res, KioskIdentitySalt, { salt: salt.toString('base64') });
    },
  },
  {
    // This kiosk's offline series and the hall's clock (the kiosk measures its clock's offset from it).
    method: 'GET',
    path: '/api/kiosk/offline',
    access: 'kiosk',
    async handle({ res, device, hall }) {
      let series;
      try {
        series = await hall.store.offlineSeries(device!.id);
      } catch (e) {
        storeError(e);
      }
      reply(res, KioskOfflineInfo, { series, now: hall.clock.now() });
    },
  },
  {
    // A ticket the kiosk issued while it could not reach the hall: it joins the queue at its place.
    method: 'POST',
    path: '/api/kiosk/offline-tickets',
    access: 'kiosk',
    async handle({ req, res, device, hall }) {
      const body = await readBody(req, KioskOfflineTicket);
      if (!hall.config.areas.some((a) => a.id === body.areaId))
        throw new HttpError(400, `no area ${JSON.stringify(body.areaId)}`, 'unknownArea');
      let result;
      try {
        result = await hall.store.acceptOffline({
          kioskId: device!.id,
          idempotencyKey: body.idempotencyKey,
          areaId: body.areaId,
          number: body.number,
          businessDate: body.businessDate,
          issuedAtKiosk: body.issuedAtKiosk,
          clockOffsetMs: body.clockOffsetMs,
          priorityReason: body.priorityReason,
          ...(body.identityDigest !== undefined ? { identityDigest: body.identityDigest } : {}),
          now: hall.clock.now(),
        });
      } catch (e) {
        storeError(e);
      }
      reply(res, KioskOfflineAccepted, result);
    },
  },
];
