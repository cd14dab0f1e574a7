import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the daemon's files are. This module sits one level below the package folder in the sources
 * (src/paths.ts) and ends up one level below it in the build (dist/main.js, where everything is one
 * bundle), so `..` from it is the package folder in both; nothing else in the daemon uses
 * import.meta.url for a path.
 */
export const DAEMON_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Sample catalogue, demo and example configurations, the configuration's JSON Schema. */
export const CONFIG_DIR = join(DAEMON_DIR, 'config');

/** The built kiosk pages, beside the daemon (in the repository and in an installed release). */
export const UI_DIST_DIR = join(DAEMON_DIR, '..', 'kiosk-ui', 'dist');
