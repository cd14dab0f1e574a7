/**
 * The Node options an installed kiosk's daemon runs with: the systemd unit (systemd-units.ts) and the
 * release's bin/kiosk (packaging/build.ts) pass them; the production start in bench/startup.bench.ts
 * uses them too.
 *
 * `--max-semi-space-size=1`: V8's young generation in 1 MiB halves instead of 16 MiB. The daemon
 * allocates little per request, so more frequent minor collections cost nothing measurable, and its
 * resident memory once ready is about 6 MiB lower (docs/performance.md).
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1'] as const;
