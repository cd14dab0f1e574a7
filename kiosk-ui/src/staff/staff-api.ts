import type { LocalizedText } from '@hall-kiosk/shared';

/** The staff API of the daemon (device-daemon/src/api/staff-http.ts), for the counter and display pages. */
export type Counter = { id: string; areaIds: string[] };
export type StaffArea = { id: string; prefix: string; name: LocalizedText };
export type QueueTicket = {
  id: number;
  number: string;
  areaId: string;
  priority: boolean;
  appointment: boolean;
  state: string;
};
export type CounterView = {
  counter: Counter;
  current: QueueTicket | null;
  waiting: { areaId: string; number: string; priority: boolean; appointment: boolean }[];
};
export type Announcement = {
  ticketId: number;
  number: string;
  areaId: string;
  counterId: string;
  at: string;
  areaName: LocalizedText;
  text: LocalizedText;
};

export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type TokenStore = { get(): string | null; set(t: string): void; clear(): void };

/** A session token kept in this tab's sessionStorage only: closing the tab signs out. */
export function sessionToken(key: string): TokenStore {
  return {
    get: () => sessionStorage.getItem(key),
    set: (t) => sessionStorage.setItem(key, t),
    clear: () => sessionStorage.removeItem(key),
  };
}

export const tokenStore = sessionToken('hall-kiosk.staff-token');
export const technicianToken = sessionToken('hall-kiosk.technician-token');

export async function staffRequest<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  store: TokenStore = tokenStore,
): Promise<T> {
  const token = store.get();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/login')) store.clear();
    throw new StaffApiError(response.status, String(json.error ?? response.statusText), json);
  }
  return json as T;
}
