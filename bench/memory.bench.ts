// The daemon's resident memory after 10,000 citizen sessions, on the production build as a kiosk runs
// it (bench/built-kiosk.ts: the built bundle with the kiosk's Node options, devices on TCP emulators
// outside the daemon's process), the sessions of bench/api-sessions.ts over the WebSocket API. The
// soak (`npm run soak`) runs the same sessions and adds Chromium sessions and the privacy scan.
import type { Benchmark } from './harness.ts';
import { runApiSessions } from './api-sessions.ts';
import { startBuiltKiosk } from './built-kiosk.ts';

export const SESSIONS = 10_000;

export const builtRssAfterSessions: Benchmark = {
  name: `daemon resident memory after ${SESSIONS.toLocaleString('en')} sessions, production build`,
  unit: 'MiB',
  better: 'lower',
  runs: 1,
  async measure() {
    const kiosk = await startBuiltKiosk('bench-memory');
    try {
      const started = Date.now();
      const tally = await runApiSessions(SESSIONS, {
        url: kiosk.url,
        reader: kiosk.reader,
        onSession(i) {
          if (i % 2000 === 0)
            process.stderr.write(`  ${i} sessions, daemon RSS ${kiosk.rssMiB().toFixed(1)} MiB\n`);
        },
      });
      if (tally.tickets !== SESSIONS || tally.cardReads !== SESSIONS / 20)
        throw new Error(`the sessions did not do their work: ${JSON.stringify(tally)}`);
      process.stderr.write(
        `  ${tally.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s; not successful: ${JSON.stringify(tally.failed)}\n`,
      );
      return kiosk.rssMiB();
    } finally {
      await kiosk.stop();
    }
  },
};
