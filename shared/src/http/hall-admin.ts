import * as z from 'zod/mini';

/**
 * The hall admin page's API (`hall-server/src/http/admin-routes.ts`, access `admin`); every change is
 * written to the audit log by the service that makes it:
 *
 *   GET  /api/admin/staff                       → AdminStaffList
 *   POST /api/admin/staff            AdminCreateStaff → AdminStaffCreated (201)
 *   POST /api/admin/staff/:id/deactivate        → {}
 *   GET  /api/admin/devices                     → AdminDeviceList
 *   POST /api/admin/devices          AdminRegisterDevice → AdminDeviceRegistered (201)
 *   POST /api/admin/devices/:id/revoke          → {}
 *   GET  /api/admin/audit                       → AdminAuditList (the latest 200)
 */

export const StaffRoleName = z.enum(['counter', 'supervisor', 'admin']);
export type StaffRoleName = z.infer<typeof StaffRoleName>;

export const AdminStaff = z.object({
  id: z.int(),
  number: z.string(),
  name: z.string(),
  role: StaffRoleName,
  active: z.boolean(),
});
export type AdminStaff = z.infer<typeof AdminStaff>;
export const AdminStaffList = z.object({ staff: z.array(AdminStaff) });
export type AdminStaffList = z.infer<typeof AdminStaffList>;

export const AdminCreateStaff = z.strictObject({
  number: z.string().check(z.regex(/^[A-Za-z0-9]{1,16}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(40)),
  role: StaffRoleName,
  /** The initial PIN (six digits or more); only its hash is kept. */
  pin: z.string().check(z.minLength(6), z.maxLength(64)),
});
export type AdminCreateStaff = z.infer<typeof AdminCreateStaff>;
export const AdminStaffCreated = z.object({ id: z.int() });
export type AdminStaffCreated = z.infer<typeof AdminStaffCreated>;

export const DeviceKindName = z.enum(['kiosk', 'display', 'pad']);
export type DeviceKindName = z.infer<typeof DeviceKindName>;

export const AdminDevice = z.object({
  id: z.string(),
  kind: DeviceKindName,
  location: z.string(),
  counterId: z.nullable(z.string()),
  zoneId: z.nullable(z.string()),
  enrolledAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
  lastSeenAt: z.nullable(z.string()),
  codePending: z.boolean(),
});
export type AdminDevice = z.infer<typeof AdminDevice>;
export const AdminDeviceList = z.object({ devices: z.array(AdminDevice) });
export type AdminDeviceList = z.infer<typeof AdminDeviceList>;

export const AdminRegisterDevice = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)),
  kind: DeviceKindName,
  location: z.optional(z.string().check(z.maxLength(80))),
  /** A rating pad's window. */
  counterId: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
  /** A display's zone (none: every area). */
  zoneId: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
});
export type AdminRegisterDevice = z.infer<typeof AdminRegisterDevice>;

export const AdminDeviceRegistered = z.object({
  deviceId: z.string(),
  /** The one-time code, XXXX-XXXX-XXXX, typed on the device. */
  code: z.string(),
  expiresAt: z.string(),
  /** SHA-256 of the hall CA certificate (`AB:CD:…`), to compare on the device at `kiosk enrol`. */
  caFingerprint: z.string(),
});
export type AdminDeviceRegistered = z.infer<typeof AdminDeviceRegistered>;

export const AdminAuditRow = z.object({
  id: z.int(),
  at: z.string(),
  actor: z.string(),
  source: z.string(),
  action: z.string(),
  detail: z.string(),
});
export type AdminAuditRow = z.infer<typeof AdminAuditRow>;
export const AdminAuditList = z.object({ audit: z.array(AdminAuditRow) });
export type AdminAuditList = z.infer<typeof AdminAuditList>;
