import type { HallServices } from '../hall.ts';
import { displayAreas, displayState, stillEnrolled } from './device-views.ts';
import { reply } from './respond.ts';
import { openEventStream } from './sse.ts';
import type { Route } from './server.ts';
import { DisplayState } from '@hall-kiosk/shared';

/**
 * Zone displays (device kind `display`, a read-only credential): the state of the display's areas —
 * today's latest calls and the waiting counts — and the live feed of those areas. A display fetches
 * the state after every (re)connect of the feed and after each event of its areas.
 */
export const displayRoutes: Route<HallServices>[] = [
  {
    method: 'GET',
    path: '/api/display/state',
    access: 'display',
    async handle({ res, hall, device }) {
      reply(res, DisplayState, await displayState(hall, device!));
    },
  },
  {
    method: 'GET',
    path: '/api/display/events',
    access: 'display',
    handle(ctx) {
      const areas = new Set(displayAreas(ctx.hall, ctx.device!).areaIds);
      openEventStream(ctx, {
        keep: (e) => areas.has(e.areaId),
        stillAllowed: stillEnrolled(ctx.hall, ctx.req, ctx.device!.id),
      });
    },
  },
];
