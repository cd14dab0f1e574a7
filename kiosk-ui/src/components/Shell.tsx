import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/i18n.ts';
import { Switches } from './Switches.tsx';

type ShellProps = {
  t: Translate;
  title: string;
  care: boolean;
  onToggleLocale: () => void;
  onToggleCare: () => void;
  /** Absent on screens where going home makes no sense (e.g. while printing). */
  onHome?: (() => void) | undefined;
  children: ComponentChildren;
};

/**
 * The frame of every screen: the language and 关怀模式 switches are always one tap away, top right;
 * "home" is always bottom left where a hand finds it.
 */
export function Shell({ t, title, care, onToggleLocale, onToggleCare, onHome, children }: ShellProps) {
  return (
    <div class="shell">
      <header class="shell-bar">
        <span class="shell-title">{t('app.title')}</span>
        <Switches t={t} care={care} onToggleLocale={onToggleLocale} onToggleCare={onToggleCare} />
      </header>
      <main class="shell-main">
        <h1 class="screen-title">{title}</h1>
        {children}
      </main>
      {onHome && (
        <footer class="shell-foot">
          <button type="button" class="button secondary" onClick={onHome}>
            {t('nav.home')}
          </button>
        </footer>
      )}
    </div>
  );
}
