import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Screenshots kept as test artifacts (CI collects the folder). */
export function screenshotPath(name: string): string {
  const dir = fileURLToPath(new URL('../../artifacts/screens/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}.png`;
}
