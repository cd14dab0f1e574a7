import { useEffect, useState } from 'preact/hooks';
import {
  AdminAuditList,
  AdminDeviceList,
  AdminDeviceRegistered,
  AdminStaffCreated,
  AdminStaffList,
  type AdminCreateStaff,
  type AdminRegisterDevice,
  type DeviceKindName,
  type Locale,
  type StaffRoleName,
} from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import type { AdminT } from './AdminApp.tsx';

type Hall = {
  counters: Array<{ id: string; name: string }>;
  zones: Array<{ id: string; name: { zh: string; en: string } }>;
};

const when = (iso: string | null) =>
  iso ? `${iso.slice(0, 10)} ${new Date(iso).toTimeString().slice(0, 5)}` : null;
const failure = (e: unknown) => (e instanceof HallApiError ? e.message : String(e));

function Problem({ text }: { text: string | null }) {
  return text ? (
    <p class="warning-box" role="alert">
      {text}
    </p>
  ) : null;
}

/** Staff accounts: the list, a new account with its role and initial PIN, deactivation. */
export function StaffPanel({ t, myId, onChange }: { t: AdminT; myId: number; onChange: () => void }) {
  const [list, setList] = useState<AdminStaffList['staff']>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [form, setForm] = useState<AdminCreateStaff>({ number: '', name: '', role: 'counter', pin: '' });
  const load = () =>
    hallRequest('GET', '/api/admin/staff', { schema: AdminStaffList })
      .then((r) => setList(r.staff))
      .catch((e: unknown) => setProblem(failure(e)));
  useEffect(() => void load(), []);

  const create = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setDone(null);
    try {
      await hallRequest('POST', '/api/admin/staff', { body: form, schema: AdminStaffCreated });
      setDone(t('created', { number: form.number }));
      setForm({ number: '', name: '', role: form.role, pin: '' });
      onChange();
    } catch (err) {
      setProblem(failure(err));
    }
    await load();
  };
  const deactivate = async (id: number, number: string) => {
    if (!confirm(t('confirmDeactivate', { number }))) return;
    setProblem(null);
    await hallRequest('POST', `/api/admin/staff/${id}/deactivate`, { body: {} }).catch((e: unknown) =>
      setProblem(failure(e)),
    );
    onChange();
    await load();
  };
  /** A photo for the rating pad (PNG or JPEG, at most 256 KiB; the server checks the bytes). */
  const setPhoto = async (id: number, file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    try {
      const res = await fetch(`/api/admin/staff/${id}/photo`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': file.type },
        body: file,
      });
      if (!res.ok) {
        const b = (await res.json().catch(() => null)) as { error?: string } | null;
        setProblem(b?.error ?? t('photoRefused'));
      }
    } catch (err) {
      setProblem(failure(err));
    }
  };
  const field = (k: keyof AdminCreateStaff) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">{t('staffTitle')}</h2>
      <form class="desk-form" onSubmit={(e) => void create(e)}>
        <label>
          {t('number')}
          <input
            name="number"
            required
            pattern="[A-Za-z0-9]{1,16}"
            value={form.number}
            onInput={field('number')}
          />
        </label>
        <label>
          {t('name')}
          <input name="name" required maxLength={40} value={form.name} onInput={field('name')} />
        </label>
        <label>
          {t('role')}
          <select name="role" value={form.role} onChange={field('role')}>
            {(['counter', 'supervisor', 'admin'] as StaffRoleName[]).map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pin')}
          <input
            name="pin"
            type="password"
            autoComplete="new-password"
            required
            minLength={6}
            maxLength={64}
            value={form.pin}
            onInput={field('pin')}
          />
        </label>
        <button type="submit" class="button primary">
          {t('create')}
        </button>
      </form>
      {done && <p role="status">{done}</p>}
      <Problem text={problem} />
      <table class="desk-table">
        <thead>
          <tr>
            <th>{t('number')}</th>
            <th>{t('name')}</th>
            <th>{t('role')}</th>
            <th>{t('state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.id} data-staff={s.number}>
              <td>{s.number}</td>
              <td>{s.name}</td>
              <td>{t(`role.${s.role}`)}</td>
              <td>{s.active ? t('active') : t('inactive')}</td>
              <td>
                {s.active && (
                  <label class="button secondary photo-upload">
                    {t('photo')}
                    <input
                      type="file"
                      accept="image/png,image/jpeg"
                      class="visually-hidden"
                      onChange={(e) => void setPhoto(s.id, e.currentTarget.files?.[0])}
                    />
                  </label>
                )}
                {s.active && s.id !== myId && (
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() => void deactivate(s.id, s.number)}
                  >
                    {t('deactivate')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Devices: the list with last seen, registration (the one-time code, its expiry, the CA fingerprint), revocation. */
export function DevicesPanel({ t, locale, onChange }: { t: AdminT; locale: Locale; onChange: () => void }) {
  const [list, setList] = useState<AdminDeviceList['devices']>([]);
  const [hall, setHall] = useState<Hall>({ counters: [], zones: [] });
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState<AdminDeviceRegistered | null>(null);
  const [form, setForm] = useState<{
    id: string;
    kind: DeviceKindName;
    location: string;
    counterId: string;
    zoneId: string;
  }>({ id: '', kind: 'kiosk', location: '', counterId: '', zoneId: '' });
  const load = () =>
    hallRequest('GET', '/api/admin/devices', { schema: AdminDeviceList })
      .then((r) => setList(r.devices))
      .catch((e: unknown) => setProblem(failure(e)));
  useEffect(() => {
    void load();
    void hallRequest('GET', '/api/hall')
      .then((h) => setHall(h as Hall))
      .catch(() => undefined);
  }, []);

  const register = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setCode(null);
    const body: AdminRegisterDevice = {
      id: form.id.trim(),
      kind: form.kind,
      ...(form.location.trim() ? { location: form.location.trim() } : {}),
      ...(form.kind === 'pad' && form.counterId ? { counterId: form.counterId } : {}),
      ...(form.kind === 'display' && form.zoneId ? { zoneId: form.zoneId } : {}),
    };
    try {
      setCode(await hallRequest('POST', '/api/admin/devices', { body, schema: AdminDeviceRegistered }));
      onChange();
    } catch (err) {
      setProblem(failure(err));
    }
    await load();
  };
  const revoke = async (id: string) => {
    if (!confirm(t('confirmRevoke', { id }))) return;
    setProblem(null);
    await hallRequest('POST', `/api/admin/devices/${encodeURIComponent(id)}/revoke`, { body: {} }).catch(
      (e: unknown) => setProblem(failure(e)),
    );
    onChange();
    await load();
  };
  const field = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const state = (d: AdminDeviceList['devices'][number]) =>
    d.revokedAt ? t('revoked') : d.enrolledAt ? t('enrolled') : d.codePending ? t('codePending') : '—';

  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devicesTitle')}</h2>
      <form class="desk-form" onSubmit={(e) => void register(e)}>
        <label>
          {t('deviceId')}
          <input
            name="deviceId"
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
            value={form.id}
            onInput={field('id')}
          />
        </label>
        <label>
          {t('kind')}
          <select name="kind" value={form.kind} onChange={field('kind')}>
            {(['kiosk', 'display', 'pad'] as DeviceKindName[]).map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('location')}
          <input name="location" maxLength={80} value={form.location} onInput={field('location')} />
        </label>
        {form.kind === 'pad' && (
          <label>
            {t('counter')}
            <select name="counterId" required value={form.counterId} onChange={field('counterId')}>
              <option value="" />
              {hall.counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.kind === 'display' && (
          <label>
            {t('zone')}
            <select name="zoneId" value={form.zoneId} onChange={field('zoneId')}>
              <option value="">{t('allAreas')}</option>
              {hall.zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.name[locale]}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="button primary">
          {t('register')}
        </button>
      </form>
      <Problem text={problem} />
      {code && (
        <div class="code-box" role="status" aria-live="polite">
          <p>{t('codeFor', { id: code.deviceId })}</p>
          <p class="code" data-code>
            {code.code}
          </p>
          <p>{t('expires', { time: when(code.expiresAt) ?? '' })}</p>
          <p>{t('fingerprint')}</p>
          <p class="fingerprint" data-fingerprint>
            {code.caFingerprint}
          </p>
          <p class="desk-meta">{t('enrolHint', { code: code.code })}</p>
        </div>
      )}
      <table class="desk-table">
        <thead>
          <tr>
            <th>{t('deviceId')}</th>
            <th>{t('kind')}</th>
            <th>{t('location')}</th>
            <th>{t('state')}</th>
            <th>{t('lastSeen')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.id} data-device={d.id}>
              <td>{d.id}</td>
              <td>
                {t(`kind.${d.kind}`)}
                {d.counterId ? ` · ${d.counterId}` : ''}
                {d.zoneId ? ` · ${d.zoneId}` : ''}
              </td>
              <td>{d.location || '—'}</td>
              <td>{state(d)}</td>
              <td>{when(d.lastSeenAt) ?? t('never')}</td>
              <td>
                {!d.revokedAt && (
                  <button type="button" class="button secondary" onClick={() => void revoke(d.id)}>
                    {t('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The audit log, latest first; read again after every change made on this page. */
export function AuditPanel({ t, changes }: { t: AdminT; changes: number }) {
  const [rows, setRows] = useState<AdminAuditList['audit']>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () =>
    hallRequest('GET', '/api/admin/audit', { schema: AdminAuditList })
      .then((r) => {
        setRows(r.audit);
        setProblem(null);
      })
      .catch((e: unknown) => setProblem(failure(e)));
  useEffect(() => void load(), [changes]);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">
        {t('auditTitle')}{' '}
        <button type="button" class="button secondary" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </h2>
      <Problem text={problem} />
      <table class="desk-table">
        <thead>
          <tr>
            <th>{t('at')}</th>
            <th>{t('actor')}</th>
            <th>{t('source')}</th>
            <th>{t('action')}</th>
            <th>{t('detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{when(r.at)}</td>
              <td>{r.actor}</td>
              <td>{r.source}</td>
              <td>{r.action}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
