import type { HallServices } from '../hall.ts';
import { coreRoutes } from './core-routes.ts';
import { counterRoutes } from './counter-routes.ts';
import type { HallPage, Route } from './server.ts';

/**
 * Every route of the hall server, one module per part of the hall. A new part is one module and one
 * line here.
 */
export function hallRoutes(): Route<HallServices>[] {
  return [...coreRoutes, ...counterRoutes];
}

/** The hall's pages (entries of the kiosk-ui build) and the paths that serve them. The first is `/`. */
export const HALL_PAGES: HallPage[] = [{ path: '/counter', file: '/hall-counter.html' }];
