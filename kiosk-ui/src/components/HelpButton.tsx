import type { Translate } from '../i18n/i18n.ts';
import { Icon } from './Icon.tsx';
import { HelpIcon } from './icons.ts';

/**
 * Where a call for staff stands: not made, on its way to the daemon, recorded, not recorded, or (hall
 * mode) acknowledged by a supervisor, so help is on its way.
 */
export type HelpState = 'idle' | 'calling' | 'called' | 'failed' | 'coming';

/**
 * "呼叫工作人员": on every screen. One tap asks for staff; the button then says calmly, in place
 * (no pop-up), that staff have been asked, or, if the daemon could not record the call, to ask at
 * the service desk.
 */
export function HelpButton({ t, state, onCall }: { t: Translate; state: HelpState; onCall: () => void }) {
  if (state === 'called' || state === 'failed' || state === 'coming') {
    return (
      <p class={`help-status ${state}`} role="status" data-testid="help-status">
        {t(state === 'called' ? 'help.called' : state === 'coming' ? 'help.coming' : 'help.failed')}
      </p>
    );
  }
  return (
    <button
      type="button"
      class="switch help"
      data-testid="call-staff"
      disabled={state === 'calling'}
      onClick={onCall}
    >
      <Icon node={HelpIcon} />
      {t(state === 'calling' ? 'help.calling' : 'help.call')}
    </button>
  );
}
