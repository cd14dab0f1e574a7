import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/i18n.ts';

type ShellProps = {
  t: Translate;
  title: string;
  /** Language, 关怀模式, voice and volume (components/Switches.tsx). */
  switches: ComponentChildren;
  /** Absent on screens where going home makes no sense (e.g. while printing). */
  onHome?: (() => void) | undefined;
  children: ComponentChildren;
};

/**
 * The frame of every screen: the switches are always one tap away, top right; "home" is always
 * bottom left where a hand finds it.
 */
export function Shell({ t, title, switches, onHome, children }: ShellProps) {
  return (
    <div class="shell">
      <header class="shell-bar">
        <span class="shell-title">{t('app.title')}</span>
        {switches}
      </header>
      <main class="shell-main">
        <h1 class="screen-title">{title}</h1>
        {children}
      </main>
      {onHome && (
        <footer class="shell-foot">
          <button type="button" class="button secondary" data-testid="nav-home" onClick={onHome}>
            {t('nav.home')}
          </button>
        </footer>
      )}
    </div>
  );
}
