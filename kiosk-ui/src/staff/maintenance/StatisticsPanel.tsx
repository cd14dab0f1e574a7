import { useState } from 'preact/hooks';
import type { StatisticValues } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** Each device's statistics, with a reset that must be confirmed. */
export function StatisticsPanel({
  t,
  statistics,
  onReset,
}: {
  t: StaffTranslate;
  statistics: Record<string, StatisticValues> | undefined;
  /** Resets the device's statistics, then calls `done`. */
  onReset: (device: string, done: () => void) => void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <>
      <h2>{t('maintenance.statistics')}</h2>
      <table class="maintenance-table" data-testid="statistics">
        <tbody>
          {statistics &&
            Object.entries(statistics).map(([device, stats]) => (
              <tr key={device}>
                <th scope="row">{device}</th>
                <td>
                  {Object.entries(stats)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(' · ') || '—'}
                </td>
                <td>
                  {confirming === device ? (
                    <span class="row">
                      {t('maintenance.confirmReset', { device })}
                      <button
                        type="button"
                        class="button primary"
                        data-testid={`confirm-reset-${device}`}
                        onClick={() => onReset(device, () => setConfirming(null))}
                      >
                        {t('maintenance.confirm')}
                      </button>
                      <button type="button" class="button secondary" onClick={() => setConfirming(null)}>
                        {t('maintenance.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      class="button secondary"
                      data-testid={`reset-${device}`}
                      onClick={() => setConfirming(device)}
                    >
                      {t('maintenance.reset')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}
