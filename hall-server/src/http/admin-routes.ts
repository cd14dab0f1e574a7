import {
  AdminAuditList,
  AdminCreateStaff,
  AdminDeviceList,
  AdminDeviceRegistered,
  AdminRegisterDevice,
  AdminStaffCreated,
  AdminStaffList,
  EmptyResponse,
} from '@hall-kiosk/shared';
import * as z from 'zod/mini';
import { DeviceError } from '../auth/devices.ts';
import { StaffAccountError } from '../auth/staff-accounts.ts';
import type { HallServices } from '../hall.ts';
import { fingerprint } from '../tls.ts';
import { readPhoto } from '../staff-photos.ts';
import { HttpError, readBody, reply } from './respond.ts';
import type { Route } from './server.ts';

const Empty = z.strictObject({});

/** The services' typed refusals as HTTP answers. */
function refused(e: unknown): never {
  if (e instanceof StaffAccountError || e instanceof DeviceError) {
    const status = e.code === 'notFound' ? 404 : e.code === 'exists' ? 409 : 400;
    throw new HttpError(status, e.message, e.code);
  }
  throw e;
}

const actorOf = (number: string) => `staff#${number}`;

/**
 * The hall admin page: staff accounts, devices and their one-time enrolment codes, the audit log.
 * Every change is audited by the service that makes it (StaffAccounts, DeviceCredentials).
 */
export const adminRoutes: Route<HallServices>[] = [
  {
    method: 'GET',
    path: '/api/admin/staff',
    access: 'admin',
    async handle({ res, hall }) {
      reply(res, AdminStaffList, { staff: await hall.staff.list() });
    },
  },
  {
    method: 'POST',
    path: '/api/admin/staff',
    access: 'admin',
    async handle({ req, res, staff, source, hall }) {
      const body = await readBody(req, AdminCreateStaff);
      const created = await hall.staff.create(body, actorOf(staff!.number), source).catch(refused);
      reply(res, AdminStaffCreated, created, 201);
    },
  },
  {
    method: 'PUT',
    path: '/api/admin/staff/:id/photo',
    access: 'admin',
    async handle({ req, res, params, staff, source, hall }) {
      const id = /^\d{1,9}$/.test(params['id'] ?? '') ? Number(params['id']) : NaN;
      if (!Number.isInteger(id)) throw new HttpError(404, 'no such staff account', 'notFound');
      const photo = await readPhoto(req);
      if (!(await hall.photos.set(id, photo, actorOf(staff!.number), source)))
        throw new HttpError(404, 'no such staff account', 'notFound');
      reply(res, EmptyResponse, {});
    },
  },
  {
    method: 'POST',
    path: '/api/admin/staff/:id/deactivate',
    access: 'admin',
    async handle({ req, res, params, staff, source, hall }) {
      await readBody(req, Empty);
      const id = /^\d{1,9}$/.test(params['id'] ?? '') ? Number(params['id']) : NaN;
      if (!Number.isInteger(id)) throw new HttpError(404, 'no such staff account', 'notFound');
      // The last way in must not lock itself out.
      if (id === staff!.staffId)
        throw new HttpError(400, 'you cannot deactivate your own account', 'ownAccount');
      await hall.staff.deactivate(id, actorOf(staff!.number), source).catch(refused);
      reply(res, EmptyResponse, {});
    },
  },
  {
    method: 'GET',
    path: '/api/admin/devices',
    access: 'admin',
    async handle({ res, hall }) {
      reply(res, AdminDeviceList, { devices: await hall.devices.list() });
    },
  },
  {
    method: 'POST',
    path: '/api/admin/devices',
    access: 'admin',
    async handle({ req, res, staff, source, hall }) {
      const body = await readBody(req, AdminRegisterDevice);
      if (body.zoneId !== undefined && !hall.config.zones.some((z) => z.id === body.zoneId))
        throw new HttpError(400, `no zone ${body.zoneId}`, 'badRequest');
      if (body.kind !== 'pad' && body.counterId !== undefined)
        throw new HttpError(400, 'only a rating pad belongs to a window', 'badRequest');
      if (body.kind !== 'display' && body.zoneId !== undefined)
        throw new HttpError(400, 'only a display shows a zone', 'badRequest');
      const { code, expiresAt } = await hall.devices
        .register(body, { staffId: staff!.staffId, actor: actorOf(staff!.number), source })
        .catch(refused);
      reply(
        res,
        AdminDeviceRegistered,
        { deviceId: body.id, code, expiresAt, caFingerprint: fingerprint(hall.caCertificate) },
        201,
      );
    },
  },
  {
    method: 'POST',
    path: '/api/admin/devices/:id/revoke',
    access: 'admin',
    async handle({ req, res, params, staff, source, hall }) {
      await readBody(req, Empty);
      await hall.devices.revoke(params['id'] ?? '', { actor: actorOf(staff!.number), source }).catch(refused);
      reply(res, EmptyResponse, {});
    },
  },
  {
    method: 'GET',
    path: '/api/admin/audit',
    access: 'admin',
    async handle({ res, hall }) {
      reply(res, AdminAuditList, { audit: await hall.audit.recent(200) });
    },
  },
];
