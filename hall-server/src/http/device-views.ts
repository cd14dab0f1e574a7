import type { IncomingMessage } from 'node:http';
import type { DisplayState, HallCall, LocalizedText, PadStaff, PadState } from '@hall-kiosk/shared';
import { RATE_WITHIN_MINUTES } from '@hall-kiosk/shared';
import { businessDate } from '../../../device-daemon/src/core/local-day.ts';
import type { Device } from '../auth/devices.ts';
import { counterName } from '../config.ts';
import type { HallServices } from '../hall.ts';
import { queueFrom } from '../store.ts';
import { HttpError } from './respond.ts';
import { DEVICE_COOKIE, readCookie } from './server.ts';

/** How many of today's calls a display gets (the latest one large, the others listed). */
export const DISPLAY_CALLS = 8;

/** The window as said and shown: "37 号窗口" / "window 37" (a name without a number as it is). */
export function windowName(counter: { id: string; name: string }): LocalizedText {
  const m = /^(\d+)\s*号(.*)$/.exec(counter.name);
  return { zh: m ? `${m[1]} 号${m[2]}` : counter.name, en: m ? `window ${m[1]}` : `window ${counter.id}` };
}

/**
 * What is shown and spoken for a call: "请 A001 号到 37 号窗口办理" / "Number A 0 0 1, please go
 * to window 37". The window is said by its configured name ("37号窗口", "1号综合窗口"); a name
 * that does not start with a number is said as it is.
 */
export function callText(number: string, counter: { id: string; name: string }): LocalizedText {
  const w = windowName(counter);
  return {
    zh: `请 ${number} 号到 ${w.zh}办理`,
    en: `Number ${number.split('').join(' ')}, please go to ${w.en}`,
  };
}

/** The token this request was authenticated with (bearer or cookie), to re-check a long stream. */
export function presentedDeviceToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  if (h.startsWith('Bearer ')) return h.slice(7).trim();
  return readCookie(req, DEVICE_COOKIE);
}

/** Whether a device's credential still works (not revoked, not replaced by a new enrolment). */
export function stillEnrolled(
  hall: HallServices,
  req: IncomingMessage,
  deviceId: string,
): () => Promise<boolean> {
  const token = presentedDeviceToken(req);
  return async () => (await hall.devices.authenticate(token))?.id === deviceId;
}

/** The areas a display shows: its zone's, or every area for a display without a zone. */
export function displayAreas(
  hall: HallServices,
  device: Device,
): { zone: DisplayState['zone']; areaIds: string[] } {
  const c = hall.config;
  if (device.zoneId === null) return { zone: null, areaIds: c.areas.map((a) => a.id) };
  const zone = c.zones.find((z) => z.id === device.zoneId);
  if (!zone)
    throw new HttpError(
      409,
      `this display's zone ${device.zoneId} is not in the hall's configuration`,
      'unknownZone',
    );
  return { zone: { id: zone.id, name: zone.name }, areaIds: zone.areaIds };
}

export async function displayState(hall: HallServices, device: Device): Promise<DisplayState> {
  const { zone, areaIds } = displayAreas(hall, device);
  const now = hall.clock.now();
  const date = businessDate(now, hall.config.hall.timeZone);
  const [calls, waiting] = await Promise.all([
    hall.pool.query<{
      id: string;
      ticket_id: number;
      event: string;
      area_id: string;
      counter_id: string;
      at: Date;
      number: string;
      offline: boolean;
    }>(
      `SELECT e.id, e.ticket_id, e.event, e.area_id, e.counter_id, e.at, t.number,
         t.offline_series IS NOT NULL AS offline
       FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
       WHERE e.event IN ('called', 'recalled') AND e.business_date = $1 AND e.area_id = ANY($2::text[])
       ORDER BY e.id DESC LIMIT $3`,
      [date, areaIds, DISPLAY_CALLS],
    ),
    hall.pool.query<{ area_id: string; n: number }>(
      `SELECT queue_area_id AS area_id, count(*)::int AS n FROM tickets
       WHERE business_date BETWEEN $3 AND $1 AND state = 'waiting' AND queue_area_id = ANY($2::text[])
       GROUP BY queue_area_id`,
      [date, areaIds, queueFrom(date)],
    ),
  ]);
  const counters = new Map(hall.config.counters.map((w) => [w.id, { id: w.id, name: counterName(w) }]));
  const waitingBy = new Map(waiting.rows.map((r) => [r.area_id, r.n]));
  return {
    hallName: hall.config.hall.name,
    zone,
    areas: hall.config.areas
      .filter((a) => areaIds.includes(a.id))
      .map((a) => ({ id: a.id, prefix: a.prefix, name: a.name, waiting: waitingBy.get(a.id) ?? 0 })),
    calls: calls.rows.map((r): HallCall => {
      const counter = counters.get(r.counter_id) ?? { id: r.counter_id, name: r.counter_id };
      return {
        eventId: Number(r.id),
        ticketId: r.ticket_id,
        number: r.number,
        areaId: r.area_id,
        counterId: counter.id,
        counterName: counter.name,
        window: windowName(counter),
        at: r.at.toISOString(),
        recall: r.event === 'recalled',
        text: callText(r.number, counter),
        ...(r.offline ? { offline: true } : {}),
      };
    }),
    now: new Date(now).toISOString(),
  };
}

/** Initials for the pad's avatar: the first character of a Chinese name, else the first letters. */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (/^[\u3400-\u9fff]/.test(trimmed)) return [...trimmed][0]!;
  return trimmed
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
}

const padStaff = (number: string | null, name: string | null, photo: boolean | null): PadStaff | null =>
  number === null || name === null ? null : { number, name, initials: initials(name), photo: photo === true };

export async function padState(hall: HallServices, device: Device): Promise<PadState> {
  const counterId = device.counterId!;
  const counter = hall.config.counters.find((w) => w.id === counterId);
  if (!counter)
    throw new HttpError(
      409,
      `this pad's window ${counterId} is not in the hall's configuration`,
      'unknownCounter',
    );
  const now = hall.clock.now();
  const date = businessDate(now, hall.config.hall.timeZone);
  const [staff, serving, finished] = await Promise.all([
    hall.pool.query<{ number: string; name: string; photo: boolean }>(
      `SELECT s.number, s.name, EXISTS (SELECT 1 FROM staff_photos p WHERE p.staff_id = s.id) AS photo
       FROM counter_staff cs JOIN staff s ON s.id = cs.staff_id WHERE cs.counter_id = $1`,
      [counterId],
    ),
    hall.pool.query<{ id: number; number: string }>(
      `SELECT id, number FROM tickets WHERE counter_id = $1 AND state = 'called'`,
      [counterId],
    ),
    // The latest ticket finished at this window, of the tickets still in the queue today (the day
    // before's too: one taken at 23:59 is served after midnight; docs/queue.md#midnight), with the
    // person of its done event and whether it has been rated.
    hall.pool.query<{
      id: number;
      number: string;
      finished_at: Date;
      staff_number: string | null;
      staff_name: string | null;
      staff_photo: boolean | null;
      rated: boolean;
    }>(
      `SELECT t.id, t.number, t.finished_at, s.number AS staff_number, s.name AS staff_name,
         EXISTS (SELECT 1 FROM staff_photos p WHERE p.staff_id = s.id) AS staff_photo,
         EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = t.id AND r.source = 'pad') AS rated
       FROM tickets t
       LEFT JOIN LATERAL (SELECT staff_id FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'done'
                          ORDER BY e.id DESC LIMIT 1) d ON true
       LEFT JOIN staff s ON s.id = d.staff_id
       WHERE t.business_date BETWEEN $3 AND $1 AND t.counter_id = $2 AND t.state = 'done'
       ORDER BY t.finished_at DESC, t.id DESC LIMIT 1`,
      [date, counterId, queueFrom(date)],
    ),
  ]);
  const f = finished.rows[0];
  // Offered only while the hall would take the rating: finished lately, and today by the hall's clock
  // (one finished at 23:58 is not offered at 00:03: the hall refuses a rating of another day's service).
  const recent =
    f &&
    !f.rated &&
    now - f.finished_at.getTime() <= RATE_WITHIN_MINUTES * 60_000 &&
    businessDate(f.finished_at.getTime(), hall.config.hall.timeZone) === date;
  const s = staff.rows[0];
  const t = serving.rows[0];
  return {
    counter: { id: counterId, name: counterName(counter) },
    staff: s ? padStaff(s.number, s.name, s.photo) : null,
    serving: t ? { ticketId: t.id, number: t.number } : null,
    toRate: recent
      ? {
          ticketId: f.id,
          number: f.number,
          finishedAt: f.finished_at.toISOString(),
          staff: padStaff(f.staff_number, f.staff_name, f.staff_photo),
        }
      : null,
    now: new Date(now).toISOString(),
  };
}
