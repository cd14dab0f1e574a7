/**
 * The Node options an installed kiosk's daemon runs with: the systemd unit (systemd-units.ts) and the
 * release's bin/kiosk (packaging/build.ts) pass them; the production start in bench/startup.bench.ts
 * uses them too.
 *
 * - `--max-semi-space-size=1`: V8's young generation in 1 MiB halves instead of 16 MiB. The daemon
 *   allocates little per request, so the more frequent minor collections cost nothing measurable,
 *   and its resident memory once ready is about 5 MiB lower.
 * - `--v8-pool-size=1`: one V8 background thread (for concurrent marking and compiling) instead of
 *   one per core. The daemon's heap is small (about 11 MiB in use once ready), the kiosk's cores are
 *   better left to Chromium, and each thread keeps its own stack and allocator arena: about 2 MiB
 *   less resident memory.
 *
 * The figures: docs/performance.md ("Daemon memory").
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=1'] as const;
