import * as z from 'zod/mini';
import { DeviceError } from '../auth/devices.ts';
import { counterName } from '../config.ts';
import type { HallServices } from '../hall.ts';
import { HttpError, readBody, sendJson } from './respond.ts';
import { DEVICE_COOKIE, STAFF_COOKIE, sessionCookie, type Route } from './server.ts';

const StaffLogin = z.strictObject({
  number: z.string().check(z.minLength(1), z.maxLength(16)),
  pin: z.string().check(z.minLength(1), z.maxLength(64)),
});
const Enrol = z.strictObject({ code: z.string().check(z.minLength(4), z.maxLength(40)) });

/**
 * What every part of the hall needs: health and readiness, the hall's layout, staff sign-in and
 * sign-out, device enrolment.
 */
export const coreRoutes: Route<HallServices>[] = [
  {
    method: 'GET',
    path: '/api/health',
    access: 'public',
    async handle({ res, hall }) {
      const writable = await hall.writable();
      sendJson(res, writable.ok ? 200 : 503, {
        ok: writable.ok,
        ...(writable.ok ? {} : { problem: writable.problem }),
        version: hall.version,
        now: new Date(hall.clock.now()).toISOString(),
      });
    },
  },
  {
    method: 'GET',
    path: '/api/hall',
    access: 'public',
    handle({ res, hall }) {
      const c = hall.config;
      sendJson(res, 200, {
        name: c.hall.name,
        timeZone: c.hall.timeZone,
        now: new Date(hall.clock.now()).toISOString(),
        areas: c.areas.map((a) => ({ id: a.id, prefix: a.prefix, name: a.name })),
        counters: c.counters.map((w) => ({ id: w.id, name: counterName(w), areaIds: w.areaIds })),
        zones: c.zones,
      });
    },
  },
  {
    method: 'POST',
    path: '/api/staff/login',
    access: 'public',
    async handle({ req, res, source, hall }) {
      const body = await readBody(req, StaffLogin);
      const result = await hall.staff.login(body.number, body.pin, source);
      if (!result.ok) {
        if (result.reason === 'locked')
          throw new HttpError(429, 'too many wrong PINs: wait, then try again', 'locked', {
            retryAfterSeconds: result.retryAfterSeconds,
          });
        if (result.reason === 'tooShort')
          throw new HttpError(401, `a PIN has at least ${result.minLength} digits`, 'tooShort');
        throw new HttpError(401, 'wrong staff number or PIN', 'wrongPin', {
          attemptsLeft: result.attemptsLeft,
        });
      }
      const s = result.session;
      res.setHeader(
        'set-cookie',
        sessionCookie(STAFF_COOKIE, s.token, (result.expiresAt - hall.clock.now()) / 1000),
      );
      sendJson(res, 200, {
        token: s.token,
        expiresAt: new Date(result.expiresAt).toISOString(),
        staff: { id: s.staffId, number: s.number, name: s.name, role: s.role },
      });
    },
  },
  {
    method: 'GET',
    path: '/api/staff/me',
    access: 'counter',
    handle({ res, staff }) {
      const s = staff!;
      sendJson(res, 200, { id: s.staffId, number: s.number, name: s.name, role: s.role });
    },
  },
  {
    method: 'POST',
    path: '/api/staff/logout',
    access: 'counter',
    async handle({ res, staff, source, hall }) {
      hall.staff.logout(staff!.token);
      await hall.audit.write(`staff#${staff!.number}`, source, 'signOut');
      res.setHeader('set-cookie', sessionCookie(STAFF_COOKIE, '', 0));
      sendJson(res, 200, {});
    },
  },
  {
    method: 'POST',
    path: '/api/enrol',
    access: 'public',
    async handle({ req, res, source, hall }) {
      const { code } = await readBody(req, Enrol);
      try {
        const { device, token } = await hall.devices.enrol(code, source);
        // Browser devices (displays, rating pads) keep it as a cookie; a kiosk daemon keeps the token.
        res.setHeader('set-cookie', sessionCookie(DEVICE_COOKIE, token, 10 * 365 * 86_400));
        sendJson(res, 200, { device, token, caCertificate: hall.caCertificate });
      } catch (e) {
        if (e instanceof DeviceError && e.code === 'locked')
          throw new HttpError(429, e.message, e.code, { retryAfterSeconds: e.retryAfterSeconds });
        if (e instanceof DeviceError)
          throw new HttpError(e.code === 'badCode' ? 403 : 400, e.message, e.code);
        throw e;
      }
    },
  },
  {
    method: 'GET',
    path: '/api/device/me',
    access: ['kiosk', 'display', 'pad'],
    handle({ res, device }) {
      sendJson(res, 200, device);
    },
  },
];
