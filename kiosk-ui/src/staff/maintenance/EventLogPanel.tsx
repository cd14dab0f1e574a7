import type { DeviceEvent, DeviceStatus } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';
import type { EventFilter } from './useTechnicianApi.ts';

/** The device event log, filtered by device and to problems only. */
export function EventLogPanel({
  t,
  devices,
  events,
  filter,
  onFilter,
}: {
  t: StaffTranslate;
  devices: DeviceStatus[] | undefined;
  events: DeviceEvent[];
  filter: EventFilter;
  onFilter: (filter: EventFilter) => void;
}) {
  return (
    <>
      <h2>{t('maintenance.events')}</h2>
      <div class="row">
        <button
          type="button"
          class={filter.device === '' ? 'button primary' : 'button secondary'}
          aria-pressed={filter.device === ''}
          onClick={() => onFilter({ ...filter, device: '' })}
        >
          {t('maintenance.allDevices')}
        </button>
        {devices?.map((d) => (
          <button
            key={d.device}
            type="button"
            class={filter.device === d.device ? 'button primary' : 'button secondary'}
            aria-pressed={filter.device === d.device}
            onClick={() => onFilter({ ...filter, device: d.device })}
          >
            {d.device}
          </button>
        ))}
        <button
          type="button"
          class={filter.problems ? 'button primary' : 'button secondary'}
          aria-pressed={filter.problems}
          data-testid="problems-only"
          onClick={() => onFilter({ ...filter, problems: !filter.problems })}
        >
          {t('maintenance.problemsOnly')}
        </button>
      </div>
      <ol class="event-list" data-testid="events">
        {events.map((e) => (
          <li key={e.id}>
            {e.at.replace('T', ' ').slice(0, 19)} · {e.device} · {e.state}
            {e.paper ? ` · paper ${e.paper}` : ''}
            {e.detail ? ` · ${e.detail}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
