import type { Overview } from '@hall-kiosk/shared';
import type { StaffTranslate } from '../../i18n/staff-i18n.ts';

/** The daemon's version, Node's, and hours up. */
export function VersionsLine({ t, overview }: { t: StaffTranslate; overview: Overview }) {
  return (
    <p class="meta" data-testid="versions">
      {t('maintenance.version', {
        version: overview.version,
        node: overview.node,
        hours: Math.round(overview.uptimeSeconds / 360) / 10,
      })}
    </p>
  );
}
