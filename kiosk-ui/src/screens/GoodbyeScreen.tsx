import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/i18n.ts';

/** The end of every session: thanks, and the reminder people need most — take your card and ticket. */
export function GoodbyeScreen({
  t,
  onDone,
  bar,
}: {
  t: Translate;
  onDone: () => void;
  /** The hall bar: hall, date, hours, help and the switches, as on every screen. */
  bar: ComponentChildren;
}) {
  return (
    <div class="attract" data-testid="goodbye">
      {bar}
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
