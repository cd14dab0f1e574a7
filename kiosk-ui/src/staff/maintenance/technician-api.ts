import {
  Bundle,
  CardLoginResponse,
  EmptyResponse,
  eventsSearch,
  EventsResponse,
  HealthResult,
  keptAsSent,
  Overview,
  ReconnectResponse,
  StatisticsResetResponse,
  type CheckRequest,
  type DeviceRequest,
  type EventsQuery,
  type HealthLevel,
  type StatisticsResetRequest,
} from '@hall-kiosk/shared';
import { staffRequest, technicianToken, type TokenStore } from '../staff-api.ts';

export const TECHNICIAN_LOGIN_PATH = '/api/tech/login';

/**
 * The maintenance API (shared/src/http/technician.ts) for the maintenance page: one function per
 * endpoint, each answer parsed with its shared schema (a `StaffApiError` when it does not parse).
 */
export function technicianApi(store: TokenStore = technicianToken) {
  return {
    cardLogin: () => staffRequest(CardLoginResponse, 'POST', '/api/tech/card-login', {}, store),
    logout: () => staffRequest(EmptyResponse, 'POST', '/api/tech/logout', {}, store),
    overview: () => staffRequest(Overview, 'GET', '/api/tech/overview', undefined, store),
    events: (q: EventsQuery) =>
      staffRequest(EventsResponse, 'GET', `/api/tech/events?${eventsSearch(q)}`, undefined, store),
    check: (device: string, level: HealthLevel) =>
      staffRequest(HealthResult, 'POST', '/api/tech/check', { device, level } satisfies CheckRequest, store),
    reconnect: (device: string) =>
      staffRequest(
        ReconnectResponse,
        'POST',
        '/api/tech/reconnect',
        { device } satisfies DeviceRequest,
        store,
      ),
    resetStatistics: (device: string) =>
      staffRequest(
        StatisticsResetResponse,
        'POST',
        '/api/tech/statistics/reset',
        { device, confirm: true } satisfies StatisticsResetRequest,
        store,
      ),
    /** The diagnostics bundle, checked against its schema and kept exactly as the daemon sent it. */
    bundle: () => staffRequest(keptAsSent(Bundle), 'GET', '/api/tech/bundle', undefined, store),
  };
}

export type TechnicianApi = ReturnType<typeof technicianApi>;
