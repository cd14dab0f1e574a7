import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/i18n.ts';

/** The end of every session: thanks, and the reminder people need most — take your card and ticket. */
export function GoodbyeScreen({
  t,
  onDone,
  switches,
}: {
  t: Translate;
  onDone: () => void;
  /** Help and the switches, as on every screen. */
  switches: ComponentChildren;
}) {
  return (
    <div class="attract" data-testid="goodbye">
      <div class="attract-top">{switches}</div>
      <main class="attract-main">
        <h1 class="attract-hall">{t('goodbye.title')}</h1>
        <p class="attract-open">{t('goodbye.reminder')}</p>
        <button type="button" class="button primary huge" data-testid="goodbye-done" onClick={onDone}>
          {t('goodbye.done')}
        </button>
      </main>
    </div>
  );
}
