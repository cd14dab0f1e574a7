import type { Translate } from '../i18n/i18n.ts';
import { Icon } from './Icon.tsx';
import { HelpIcon } from './icons.ts';

/** Where a call for staff stands: not made, on its way to the daemon, recorded, or not recorded. */
export type HelpState = 'idle' | 'calling' | 'called' | 'failed';

/**
 * "呼叫工作人员": on every screen. One tap asks for staff; the button then says calmly, in place
 * (no pop-up), that staff have been asked, or, if the daemon could not record the call, to ask at
 * the service desk.
 */
export function HelpButton({ t, state, onCall }: { t: Translate; state: HelpState; onCall: () => void }) {
  if (state === 'called' || state === 'failed') {
    return (
      <p class={`help-status ${state}`} role="status" data-testid="help-status">
        {t(state === 'called' ? 'help.called' : 'help.failed')}
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
