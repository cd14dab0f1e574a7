import type { Counter } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** "Choose your counter": one button per counter, with the areas it serves. */
export function CounterChooser({
  t,
  counters,
  areaName,
  onChoose,
}: {
  t: StaffTranslate;
  counters: Counter[];
  areaName: (areaId: string) => string;
  onChoose: (counterId: string) => void;
}) {
  return (
    <div class="choices">
      <p class="lead choices-wide">{t('staff.chooseCounter')}</p>
      {counters.map((c) => (
        <button
          key={c.id}
          type="button"
          class="choice"
          data-testid={`counter-${c.id}`}
          onClick={() => onChoose(c.id)}
        >
          <span class="choice-label">{t('staff.counter', { id: c.id })}</span>
          <span class="choice-hint">{c.areaIds.map(areaName).join(' · ')}</span>
        </button>
      ))}
    </div>
  );
}
