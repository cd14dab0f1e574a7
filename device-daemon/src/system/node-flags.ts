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
 * - `--max-old-space-size=256`: a ceiling far above what the daemon holds (about 15 MiB live after
 *   10,000 sessions), set for what it does to V8's heuristics: V8 scales how far the heap may grow
 *   between full collections with this ceiling, and at 256 MiB or less (64-bit) treats the heap as
 *   small and collects it far sooner. With the default (sized from the host's memory), a daemon answering requests all day let
 *   garbage, and the native buffers it keeps alive, pile up between rare full collections: after
 *   10,000 sessions 106 MiB resident, 97 MiB with this option alone, 88 MiB with SQLite's page cache
 *   bounded too (storage/sqlite/database.ts).
 *
 * The figures: docs/performance.md ("Daemon memory").
 */
export const DAEMON_NODE_FLAGS = [
  '--max-semi-space-size=1',
  '--v8-pool-size=1',
  '--max-old-space-size=256',
] as const;
