import type { HallServices } from '../hall.ts';
import { adminRoutes } from './admin-routes.ts';
import { coreRoutes } from './core-routes.ts';
import { displayRoutes } from './display-routes.ts';
import { kioskRatingRoutes } from './kiosk-rating-routes.ts';
import { padRoutes } from './pad-routes.ts';
import { helpRoutes } from './help-routes.ts';
import { supervisorRoutes } from './supervisor-routes.ts';
import { kioskRoutes } from './kiosk-routes.ts';
import { counterRoutes } from './counter-routes.ts';
import type { HallPage, Route } from './server.ts';

/**
 * Every route of the hall server, one module per part of the hall. A new part is one module and one
 * line here.
 */
export function hallRoutes(): Route<HallServices>[] {
  return [
    ...coreRoutes,
    ...displayRoutes,
    ...padRoutes,
    ...kioskRatingRoutes,
    ...helpRoutes,
    ...supervisorRoutes,
    ...adminRoutes,
    ...kioskRoutes,
    ...counterRoutes,
  ];
}

/** The hall's pages (entries of the kiosk-ui build) and the paths that serve them. The first is `/`. */
export const HALL_PAGES: HallPage[] = [
  { path: '/counter', file: '/hall-counter.html' },
  { path: '/enrol', file: '/hall-enrol.html' },
  { path: '/display', file: '/hall-display.html' },
  { path: '/pad', file: '/hall-pad.html' },
  { path: '/supervisor', file: '/hall-supervisor.html' },
  { path: '/supervisor/report', file: '/hall-supervisor.html' },
  { path: '/admin', file: '/hall-admin.html' },
];
