import { HelpCallAcknowledged, HelpCallCreated, HelpCallState } from '@hall-kiosk/shared';
import * as z from 'zod/mini';
import type { HallServices } from '../hall.ts';
import { HttpError, readBody, reply } from './respond.ts';
import type { Route } from './server.ts';

const Empty = z.strictObject({});

const callId = (text: string | undefined) => (text && /^\d{1,10}$/.test(text) ? Number(text) : NaN);

/**
 * 帮办 on the hall side: a kiosk asks for staff (its location comes from its device row), polls its
 * own call's state; a supervisor acknowledges (the supervisors' page lists the open calls).
 */
export const helpRoutes: Route<HallServices>[] = [
  {
    method: 'POST',
    path: '/api/kiosk/help',
    access: 'kiosk',
    async handle({ req, res, device, source, hall }) {
      await readBody(req, Empty);
      // 200 either way: a second press (or a retry) is answered with the open call, as the first.
      const { id } = await hall.help.request(device!.id, source);
      reply(res, HelpCallCreated, { id });
    },
  },
  {
    method: 'GET',
    path: '/api/kiosk/help/:id',
    access: 'kiosk',
    async handle({ res, params, device, hall }) {
      const state = await hall.help.stateFor(device!.id, callId(params['id']));
      if (!state) throw new HttpError(404, 'no such help call from this kiosk', 'notFound');
      reply(res, HelpCallState, state);
    },
  },
  {
    method: 'POST',
    path: '/api/supervisor/help/:id/acknowledge',
    access: 'supervisor',
    async handle({ req, res, params, staff, source, hall }) {
      await readBody(req, Empty);
      const done = await hall.help.acknowledge(callId(params['id']), {
        staffId: staff!.staffId,
        number: staff!.number,
        source,
      });
      if (!done) throw new HttpError(404, 'no such help call', 'notFound');
      reply(res, HelpCallAcknowledged, done);
    },
  },
];
