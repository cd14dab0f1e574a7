import type { PrintProblem } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** The latest print jobs that were not printed, were interrupted or retracted. */
export function PrintProblemsPanel({
  t,
  problems,
}: {
  t: StaffTranslate;
  problems: PrintProblem[] | undefined;
}) {
  return (
    <>
      <h2>{t('maintenance.printProblems')}</h2>
      <ol class="event-list" data-testid="print-problems">
        {problems?.map((j) => (
          <li key={j.id}>
            {j.updatedAt.replace('T', ' ').slice(0, 19)} · {j.device} · {j.number ?? '—'} · {j.state}
            {j.failure ? ` · ${j.failure}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
