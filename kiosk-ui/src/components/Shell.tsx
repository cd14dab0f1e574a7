import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n/i18n.ts';
import { Icon } from './Icon.tsx';
import { HomeIcon } from './icons.ts';

type ShellProps = {
  t: Translate;
  title: string;
  /** The hall bar (components/HallBar.tsx): hall, date, hours, help and switches. */
  bar: ComponentChildren;
  /** Absent on screens where going home makes no sense (e.g. while printing). */
  onHome?: (() => void) | undefined;
  children: ComponentChildren;
};

/**
 * The frame of every screen: the hall bar with help and the switches always one tap away at the top;
 * "home" always bottom left where a hand finds it; the screen itself fills what is between, without
 * scrolling (html[data-format] lays it out for the glass).
 */
export function Shell({ t, title, bar, onHome, children }: ShellProps) {
  return (
    <div class="shell">
      {bar}
      <main class="shell-main">
        <h1 class="screen-title">{title}</h1>
        <div class="screen-body">{children}</div>
      </main>
      {onHome && (
        <footer class="shell-foot">
          <button type="button" class="button secondary" data-testid="nav-home" onClick={onHome}>
            <Icon node={HomeIcon} />
            {t('nav.home')}
          </button>
        </footer>
      )}
    </div>
  );
}
