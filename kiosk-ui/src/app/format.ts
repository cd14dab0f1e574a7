/**
 * The glass the kiosk runs on. Halls buy three kinds: the portrait 立式 terminal (1080 × 1920), the
 * landscape wall or desk unit (1920 × 1080) and the older 4:3 / 5:4 一体机 (1280 × 1024). One app
 * serves all three: the format is a value on the root element (`html[data-format]`) that the CSS
 * lays every screen out by.
 */
export const FORMATS = ['portrait', 'landscape', 'classic'] as const;
export type ScreenFormat = (typeof FORMATS)[number];

export function isScreenFormat(value: unknown): value is ScreenFormat {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

/**
 * The format a viewport of this size is: taller than wide is portrait; at least 3:2 wide is
 * landscape (16:9, 16:10); anything squarer (4:3, 5:4) is classic.
 */
export function formatOf(width: number, height: number): ScreenFormat {
  if (!(width > 0 && height > 0)) return 'landscape';
  if (height > width) return 'portrait';
  return width / height >= 1.5 ? 'landscape' : 'classic';
}

/**
 * Sets `data-format` on the root: the format named in the page's address (`?format=portrait`, which
 * the kiosk's browser is started with when a hall fixes it) or else the viewport's, followed as the
 * window changes size. Returns the function that stops following.
 */
export function applyFormat(win: Window): () => void {
  const root = win.document.documentElement;
  const fixed = new URLSearchParams(win.location.search).get('format');
  if (isScreenFormat(fixed)) {
    root.dataset.format = fixed;
    return () => {};
  }
  const update = () => {
    root.dataset.format = formatOf(win.innerWidth, win.innerHeight);
  };
  update();
  win.addEventListener('resize', update);
  return () => win.removeEventListener('resize', update);
}
