import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant (`npm run mutation`, stryker.config.mjs): the daemon's unit
// tests and the mutation killers, nothing slow. Left out: the fuzz properties (minutes per mutant), the
// fault matrix and the integration stories (they start processes and pseudo-terminals), and the tests
// of drivers, stores and HTTP sources that run on real timers, sockets or files (a mutant in a module-level
// constant runs every test): a pure module's rules must be pinned by fast tests of their own.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['device-daemon/test/**/*.test.ts'],
    exclude: [
      'device-daemon/test/fuzz/**',
      'device-daemon/test/faults.test.ts',
      'device-daemon/test/id-card-driver.test.ts',
      'device-daemon/test/printer-driver.test.ts',
      'device-daemon/test/presenter.test.ts',
      'device-daemon/test/queue-store.test.ts',
      'device-daemon/test/ratings.test.ts',
      'device-daemon/test/appointments.test.ts',
    ],
    allowOnly: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
