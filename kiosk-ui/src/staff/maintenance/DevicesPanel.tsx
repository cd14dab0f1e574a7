import { HEALTH_LEVELS, type DeviceStatus, type HealthLevel } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';
import type { CheckShown } from './useTechnicianApi.ts';

/** Every device's state and connection, its last health check, the three checks and reconnect. */
export function DevicesPanel({
  t,
  devices,
  checks,
  onCheck,
  onReconnect,
}: {
  t: StaffTranslate;
  devices: DeviceStatus[] | undefined;
  checks: Record<string, CheckShown>;
  onCheck: (device: string, level: HealthLevel) => void;
  onReconnect: (device: string) => void;
}) {
  return (
    <>
      <h2>{t('maintenance.devices')}</h2>
      <p class="meta">{t('maintenance.interactiveHint')}</p>
      <table class="maintenance-table" data-testid="device-table">
        <tbody>
          {devices?.map((d) => {
            const check = checks[d.device];
            return (
              <tr key={d.device} data-testid={`device-${d.device}`}>
                <th scope="row">{d.device}</th>
                <td>
                  <strong>{d.state}</strong> {d.paper ? `· paper ${d.paper}` : ''} {d.detail ?? ''}
                  <br />
                  <span class="meta">{d.connection}</span>
                  {check && (
                    <p
                      class={check.result === 'ok' ? 'notice-box' : 'warning-box'}
                      data-testid={`check-${d.device}`}
                    >
                      {check.level}: {check.result} — {check.text}
                    </p>
                  )}
                </td>
                <td class="row">
                  {HEALTH_LEVELS.map((level) => (
                    <button
                      key={level}
                      type="button"
                      class="button secondary"
                      data-testid={`check-${d.device}-${level}`}
                      onClick={() => onCheck(d.device, level)}
                    >
                      {t(`maintenance.check.${level}`)}
                    </button>
                  ))}
                  <button type="button" class="button secondary" onClick={() => onReconnect(d.device)}>
                    {t('maintenance.reconnect')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
