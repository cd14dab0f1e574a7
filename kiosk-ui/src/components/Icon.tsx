import { h } from 'preact';
import type { IconNode } from 'lucide';

/**
 * One Lucide icon as inline SVG (paths from the `lucide` package, imported one by one so only the
 * icons used are bundled; no icon font, nothing fetched). Decorative: the text beside it says what
 * it means.
 */
export function Icon({ node, class: cls = 'icon' }: { node: IconNode; class?: string }) {
  return (
    <svg
      class={cls}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {node.map(([tag, attrs], i) => h(tag, { key: i, ...(attrs as Record<string, string>) }))}
    </svg>
  );
}
