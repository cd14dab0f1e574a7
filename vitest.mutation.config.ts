import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant (`npm run mutation`, stryker.config.mjs): the daemon's unit
// tests and the mutation killers, nothing slow. Left out: the fuzz properties (minutes per mutant), the
// fault matrix and the integration stories (they start processes and pseudo-terminals).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['device-daemon/test/**/*.test.ts'],
    exclude: ['device-daemon/test/fuzz/**', 'device-daemon/test/faults.test.ts'],
    allowOnly: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
